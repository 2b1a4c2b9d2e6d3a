import { z } from 'zod';
import { requestInput } from '@park/platform';
import { decimal, id, localDate, text } from './common.schemas';

const GrantPath = z.strictObject({ tenantId: id, grantId: id });

export const IssueGrant = requestInput({
  params: z.strictObject({ tenantId: id }),
  body: z.strictObject({
    id: id.meta({ example: 'g-xingyun-2026' }),
    programmeId: id,
    faceValue: decimal.meta({ example: '300000.00' }),
    validFrom: localDate,
    validTo: localDate,
    contractId: id.nullable().optional(),
  }),
});

export const TenantGrants = requestInput({ params: z.strictObject({ tenantId: id }) });

export const GrantById = requestInput({ params: GrantPath });

export const ChangeGrantStatus = requestInput({
  params: GrantPath,
  body: z.strictObject({ reason: text(500).optional().meta({ example: 'bureau review pending' }) }).optional(),
});
