import { z } from 'zod';
import { requestInput } from '@park/platform';
import { decimal, id, periodId, text } from './common.schemas';

const ofStatement = { tenantId: id, periodId };
const disputeId = id.describe('a dispute id (dsp_…)');
const lineId = z
  .string()
  .min(1, 'required (a line id of the statement)')
  .max(300, 'at most 300 characters')
  .regex(/^[^\p{Cc}]*$/u, 'no control characters')
  .describe('a line id of the statement (its `lineId`)');

export const StatementDisputes = requestInput({ params: z.strictObject(ofStatement) });

export const OpenDispute = requestInput({
  params: z.strictObject(ofStatement),
  body: z.strictObject({
    lineId,
    reason: text(1000).describe('why the line is wrong (shown to the operator and kept in the audit log)'),
    amount: decimal.optional().describe('the credit asked for, at most the line amount (default: the whole line)'),
  }),
});

export const DisputeById = requestInput({ params: z.strictObject({ ...ofStatement, disputeId }) });

export const AcceptDispute = requestInput({
  params: z.strictObject({ ...ofStatement, disputeId }),
  body: z.strictObject({
    amount: decimal.optional().describe('what to credit (default: the amount asked for); at most what stands'),
    reason: text(1000).optional().describe('a note to the tenant'),
  }),
});

export const RejectDispute = requestInput({
  params: z.strictObject({ ...ofStatement, disputeId }),
  body: z.strictObject({ reason: text(1000).describe('why the line stands (shown to the tenant)') }),
});

export const DisputeWorklist = requestInput({
  query: z.strictObject({ state: z.enum(['open', 'accepted', 'rejected']).optional() }),
});
