import { z } from 'zod';
import { requestInput } from '@park/platform';
import { programmeRulesSchema } from '@park/billing-domain';
import { decimal, id, localDate, periodId, text } from './common.schemas';

export const CreateBureau = requestInput({
  body: z.strictObject({
    id: id.meta({ example: 'gz-bdb' }),
    name: text(200).meta({ example: '贵州省大数据发展管理局' }),
    level: z.enum(['province', 'city', 'district']),
    regionCode: text(12).nullable().optional().meta({ example: '52' }),
  }),
});

/** billing-domain's schema of the rules (the one buildProgramme checks against), published in /openapi.json. */
const programmeRules = programmeRulesSchema
  .refine((value) => !JSON.stringify(value).includes('\\u0000'), 'no NUL characters (\\u0000) anywhere inside')
  .describe('ratio, eligibility, caps, pool, funders, window, proration, rounding, stacking, cadence, contract rules');

export const CreateProgramme = requestInput({
  body: z.strictObject({
    id: id.meta({ example: 'gz-compute-voucher-2026' }),
    bureauId: id,
    name: text(200).meta({ example: '贵州算力券 2026' }),
    rules: programmeRules,
  }),
});

export const ProgrammeById = requestInput({ params: z.strictObject({ id }) });

export const ProgrammeSpend = requestInput({
  params: z.strictObject({ id }),
  query: z.strictObject({
    from: periodId.optional().describe('first month (Asia/Shanghai); default: eleven months before `to`'),
    to: periodId.optional().describe('last month; default: the current month (at most 60 months in all)'),
  }),
});

export const AddRulesVersion = requestInput({
  params: z.strictObject({ id }),
  body: z.strictObject({
    effectiveFrom: localDate
      .describe('the first day of a month (Asia/Shanghai), after every issued period')
      .meta({ example: '2026-07-01' }),
    rules: programmeRules,
  }),
});

export const PutStackingGroup = requestInput({
  params: z.strictObject({ id }),
  body: z.strictObject({
    ceiling: decimal.describe('combined ceiling as a share of the line amount').meta({ example: '1' }),
  }),
});
