import { z } from 'zod';
import { requestInput } from '@park/platform';
import { decimal, id, localDate, text } from './common.schemas';

const SettlementPath = z.strictObject({ tenantId: id, contractId: id });

export const RecordSettlement = requestInput({
  params: SettlementPath,
  body: z.strictObject({
    programmeId: id.describe('a programme with mechanism contract_settlement'),
    settledAmount: decimal.meta({ example: '200000.00' }).describe('what the tenant settled under the contract, 元'),
    settledOn: localDate.meta({ example: '2025-12-31' }),
    reference: text(128).meta({ example: 'JS-2025-0042' }).describe('the settlement document (结算单号 / invoice)'),
  }),
});

export const ContractSettlements = requestInput({ params: SettlementPath });
