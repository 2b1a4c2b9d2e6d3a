import { z } from 'zod';
import { requestInput } from '@park/platform';
import { id, text } from './common.schemas';

export const CreateClawback = requestInput({
  params: z.strictObject({ id }),
  body: z.strictObject({
    grantId: id.describe('the grant obtained by fraud (of this programme)'),
    reason: text(1000).describe("the bureau's finding; shown on the tenant's statement"),
    reference: text(200).nullable().optional().describe("the bureau's case or decision number"),
  }),
});

export const ProgrammeClawbacks = requestInput({ params: z.strictObject({ id }) });
