import { z } from 'zod';
import { requestInput } from '@park/platform';
import { baseUnit, decimal, id, int32, instant, prices, resourceClass, rounding, text } from './common.schemas';

export const priceVersion = z.strictObject({
  version: int32(1).meta({ example: 1 }),
  effectiveFrom: instant.describe('on a whole UTC hour').meta({ example: '2026-01-01T00:00:00Z' }),
  rounding: rounding.optional().describe('default HALF_UP_FEN'),
  prices: prices.describe(
    'by SKU code: { kind: per_unit, unitPrice } or { kind: tiered | volume, tiers: [{ upTo, unitPrice }] }',
  ),
  taxInclusive: z.boolean().optional().describe('whether the prices include VAT; default true'),
  vatRate: decimal.optional().describe('VAT rate of every line, default "0.06"').meta({ example: '0.06' }),
  vatRates: z
    .partialRecord(resourceClass, decimal)
    .optional()
    .describe('VAT rate per resource class, over vatRate')
    .meta({ example: { network: '0.09' } }),
  taxCodes: z
    .partialRecord(resourceClass, z.string().regex(/^\d{19}$/, 'a 19-digit code'))
    .optional()
    .describe('商品和服务税收分类编码 per resource class (default 3040203000000000000, 信息系统服务)'),
});

export const PutSku = requestInput({
  params: z.strictObject({ code: id.describe('SKU code, e.g. gpu.h100-80g') }),
  body: z.strictObject({
    name: text(200).meta({ example: 'NVIDIA H100 80GB' }),
    resourceClass,
    chipFamily: text(100).nullable().optional().meta({ example: 'nvidia-hopper' }),
    domesticChip: z.boolean().optional(),
    baseUnit,
    billingUnit: text(32).meta({ example: 'gpu_hour' }),
    unitsPerBillingUnit: decimal.meta({ example: '3600' }),
  }),
});

export const PriceBookById = requestInput({ params: z.strictObject({ id }) });

export const CreatePriceBook = requestInput({
  body: z.strictObject({
    id: id.meta({ example: 'park-2026' }),
    name: text(200).meta({ example: '园区标准价 2026' }),
    isDefault: z.boolean().optional(),
    versions: z.array(priceVersion).max(100).optional(),
  }),
});

export const AddPriceVersion = requestInput({ params: z.strictObject({ id }), body: priceVersion });
