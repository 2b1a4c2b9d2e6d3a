import { z } from 'zod';
import { BACKFILL_POLICY } from '@park/billing';
import { requestInput } from '@park/platform';
import { id, jsonObject, text } from './common.schemas';

const backfillId = z.uuid('a backfill id (UUID)');

export const RequestBackfill = requestInput({
  body: z.strictObject({
    clusterId: id.describe('the cluster the usage was measured on (its tenant bindings apply)'),
    reason: text(500).describe('why the usage is late (shown to the approver and in the audit log)'),
    records: z
      .array(jsonObject)
      .min(1, 'at least one record')
      .max(BACKFILL_POLICY.batch.maxRecords, `at most ${BACKFILL_POLICY.batch.maxRecords} records`)
      .describe('usage records in the agents\u2019 wire format (snake_case), at most 365 days old'),
  }),
});

export const ListBackfills = requestInput({
  query: z.strictObject({ status: z.enum(['requested', 'approved']).optional() }),
});

export const BackfillById = requestInput({ params: z.strictObject({ backfillId }) });
