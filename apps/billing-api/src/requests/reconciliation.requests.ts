import { z } from 'zod';
import { requestInput } from '@park/platform';
import { RECONCILIATION_KINDS } from '@park/reconciliation';
import { id, localDate, text } from './common.schemas';

/** Shapes only: the days' order and span are the domain's (checkRunInput), every problem at once. */
export const StartReconciliationRun = requestInput({
  body: z.strictObject({
    kinds: z.array(z.enum(RECONCILIATION_KINDS)).min(1).optional().describe('default: every kind'),
    fromDay: localDate.describe('first UTC day'),
    toDay: localDate.describe('last UTC day (inclusive; at most 366 days)'),
    parkId: id.optional().describe('default main'),
    thresholds: z
      .strictObject({
        maxConsumerLag: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
        maxRejectionRate: z
          .string()
          .regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/, 'a rate from 0 to 1 as a decimal string, e.g. "0.05"')
          .optional(),
      })
      .optional(),
  }),
});

export const ReconciliationRunById = requestInput({ params: z.strictObject({ runId: id }) });

export const ListFindings = requestInput({
  query: z.strictObject({
    status: z.enum(['open', 'resolved']).optional(),
    parkId: id.optional(),
  }),
});

export const ResolveFinding = requestInput({
  params: z.strictObject({ findingId: id }),
  body: z.strictObject({ reason: text(2_000) }),
});
