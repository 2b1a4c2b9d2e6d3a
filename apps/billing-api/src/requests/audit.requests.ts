import { z } from 'zod';
import { MAX_PAGE } from '@park/audit-store';
import { requestInput } from '@park/platform';

const BIGINT_MAX = 9_223_372_036_854_775_807n;

/** A `seq` of the audit chain: a decimal integer that fits PostgreSQL's bigint. */
const seq = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,18})$/, { message: 'a seq (decimal integer ≥ 0)', abort: true })
  .refine((value) => BigInt(value) <= BIGINT_MAX, 'a seq (at most 9223372036854775807)');

export const VerifyAudit = requestInput({
  query: z
    .strictObject({
      anchorSeq: seq
        .refine((value) => value !== '0', 'a seq ≥ 1')
        .optional()
        .describe('seq of a head published elsewhere'),
      anchorHash: z
        .string()
        .regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits')
        .optional()
        .describe('hash of that head'),
    })
    .refine((q) => (q.anchorSeq === undefined) === (q.anchorHash === undefined), {
      message: 'anchorSeq and anchorHash go together',
      path: ['anchorSeq'],
    }),
});

export const AuditEvents = requestInput({
  query: z.strictObject({
    after: seq.default('0').describe('seq; default 0 (from the first event)'),
    limit: z
      .string()
      .regex(/^[0-9]{1,4}$/, { message: `an integer from 1 to ${MAX_PAGE}`, abort: true })
      .transform(Number)
      .refine((n) => n >= 1 && n <= MAX_PAGE, `an integer from 1 to ${MAX_PAGE}`)
      .default(100)
      .describe(`1–${MAX_PAGE}; default 100`),
  }),
});
