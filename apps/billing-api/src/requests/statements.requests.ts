import { z } from 'zod';
import { requestInput } from '@park/platform';
import { id, periodId, text } from './common.schemas';

export const TenantStatements = requestInput({ params: z.strictObject({ tenantId: id }) });

export const StatementOfPeriod = requestInput({ params: z.strictObject({ tenantId: id, periodId }) });

export const PayStatement = requestInput({
  params: z.strictObject({ tenantId: id, periodId }),
  body: z.strictObject({
    paymentReference: text(100).meta({ example: 'BANK-20261105-0042' }),
    invoiceNumber: text(100).meta({ example: '52001234' }),
  }),
});
