import { z } from 'zod';
import { requestInput } from '@park/platform';
import { id, periodId, text } from './common.schemas';

const parkQuery = z.strictObject({ parkId: id.optional().describe('default main') });

export const ListPeriods = requestInput({ query: parkQuery });

export const PeriodById = requestInput({ params: z.strictObject({ periodId }), query: parkQuery });

export const ClosePeriod = requestInput({
  params: z.strictObject({ periodId }),
  body: z.strictObject({ parkId: id.optional().describe('park whose tenants are closed (default main)') }).optional(),
});

export const OverrideHold = requestInput({
  params: z.strictObject({ periodId, tenantId: id }),
  body: z.strictObject({
    reason: text(2_000).describe('why the statement may issue despite the open findings (kept in the audit log)'),
    parkId: id.optional().describe('default main'),
  }),
});

export const InvoiceRequests = requestInput({
  params: z.strictObject({ periodId }),
  query: z.strictObject({
    parkId: id.optional().describe('default main'),
    invoiceType: z
      .enum(['special', 'ordinary'])
      .optional()
      .describe('special (default): 数电票（增值税专用发票）; ordinary: 数电票（普通发票）'),
  }),
});
