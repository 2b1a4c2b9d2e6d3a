import { z } from 'zod';
import { requestInput } from '@park/platform';
import { decimal, id, instant, int32, localDate, periodId, prices, text } from './common.schemas';

const tenantFields = {
  name: text(200).meta({ example: '星云智能科技有限公司' }),
  unifiedSocialCreditCode: text(18).nullable().optional().describe('统一社会信用代码 (check character verified)'),
  provinceCode: z.string().nullable().optional().describe('GB/T 2260 two-digit province code, e.g. "52" (a string)'),
  flags: z
    .array(text(32))
    .max(32)
    .optional()
    .meta({ example: ['startup'] }),
  priceBookId: id.nullable().optional(),
};

const TenantPath = z.strictObject({ tenantId: id });

export const ListTenants = requestInput({ query: z.strictObject({ parkId: id.optional() }) });

export const CreateTenant = requestInput({
  body: z.strictObject({
    id: id.meta({ example: 'xingyun-ai' }),
    ...tenantFields,
    parkId: id.optional().describe('default main'),
  }),
});

export const TenantById = requestInput({ params: TenantPath });

export const UpdateTenant = requestInput({ params: TenantPath, body: z.strictObject(tenantFields).partial() });

export const AddContract = requestInput({
  params: TenantPath,
  body: z.strictObject({
    id: id.meta({ example: 'c-2026-001' }),
    number: text(64).meta({ example: 'HT-2026-001' }),
    signedOn: localDate,
    effectiveFrom: instant.describe('on a whole UTC hour'),
    effectiveTo: instant.nullable().optional(),
    termMonths: int32(1).nullable().optional(),
    discountPercent: decimal.optional().describe('percent off book prices'),
    overrides: prices.optional().describe('prices by SKU code, as in a price book version'),
    committedMonthlySpend: decimal.nullable().optional(),
  }),
});

export const TenantUsage = requestInput({
  params: TenantPath,
  query: z.strictObject({ period: periodId.optional().describe('default: the current month (Asia/Shanghai)') }),
});

export const TenantDailyUsage = requestInput({
  params: TenantPath,
  query: z.strictObject({
    period: periodId.optional().describe('default: the current month (Asia/Shanghai), to date'),
  }),
});
