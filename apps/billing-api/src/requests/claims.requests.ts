import { z } from 'zod';
import { SETTLEMENT_CADENCES } from '@park/billing-domain';
import { requestInput } from '@park/platform';
import { id, queryText, text } from './common.schemas';

const ClaimPath = z.strictObject({ claimId: id });

export const CreateClaim = requestInput({
  body: z.strictObject({
    programmeId: id,
    cycle: text(64).describe('2026-Q4 (quarterly), 2026 (yearly) or a contract id (per contract)'),
    settlementCadence: z.enum(SETTLEMENT_CADENCES).optional(),
  }),
});

export const ListClaims = requestInput({
  query: z.strictObject({
    programmeId: id.optional(),
    status: queryText(32).optional().meta({ example: 'under_review' }),
  }),
});

export const ClaimById = requestInput({ params: ClaimPath });

export const ReviewClaim = requestInput({
  params: ClaimPath,
  body: z.strictObject({
    decisions: z
      .array(
        z.strictObject({
          lineId: text(200),
          decision: z.enum(['approved', 'rejected']),
          reason: text(1000).optional(),
        }),
      )
      .max(100_000),
  }),
});

export const PayClaim = requestInput({ params: ClaimPath, body: z.strictObject({ paymentReference: text(100) }) });

export const EvidenceFile = requestInput({
  params: z.strictObject({
    claimId: id,
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,127}$/, 'an evidence file name such as manifest.json'),
  }),
});
