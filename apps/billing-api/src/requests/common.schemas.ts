import { z } from 'zod';
import { BASE_UNITS, isLocalDate, isPeriodId, RESOURCE_CLASSES } from '@park/billing-domain';
import { ID_PATTERN } from '@park/billing';
import { ROUNDING_RULES } from '@park/money';

// The shapes the billing API's requests are made of. They check types and formats at the edge; what a value means
// (a USCC's check character, a price book's versions, a programme's rules) is checked by the services and domain.

const CONTROL = /^[^\p{Cc}]*$/u;

/** An id in a path or a body: letters, digits, `.`, `_`, `-`, at most 64. */
export const id = z
  .string()
  .regex(ID_PATTERN, 'an id: a letter or digit, then letters, digits, ".", "_" or "-" (at most 64)');

/** Free text of a person (names, reasons, references): non-empty, no control characters (PostgreSQL refuses NUL). */
export const text = (max = 500) =>
  z
    .string()
    .min(1, 'required (a non-empty string)')
    .max(max, `at most ${max} characters`)
    .regex(CONTROL, 'no control characters');

/** An exact decimal as a string ("1300.00"): never a JSON number, so no amount ever passes through a float. */
export const decimal = z
  .string()
  .regex(/^-?\d{1,28}(\.\d{1,12})?$/, 'an exact decimal string such as "1300.00" (not a JSON number)')
  .describe('exact decimal string');

export const periodId = z
  .string()
  .refine(isPeriodId, 'a period id (YYYY-MM)')
  .describe('YYYY-MM (Asia/Shanghai month)');

export const localDate = z.string().refine(isLocalDate, 'a date (YYYY-MM-DD)').describe('YYYY-MM-DD');

/** An ISO 8601 instant; whether it must fall on a whole hour is the service's rule. */
export const instant = z
  .string()
  .max(40, 'an ISO 8601 instant')
  .refine((value) => !Number.isNaN(Date.parse(value)), 'an ISO 8601 instant such as 2026-01-01T00:00:00Z');

export const resourceClass = z.enum(RESOURCE_CLASSES);
export const baseUnit = z.enum(BASE_UNITS);
export const rounding = z.enum(Object.keys(ROUNDING_RULES) as [string, ...string[]]);

/** A whole number that fits a PostgreSQL integer column. */
export const int32 = (min: number) => z.number().int('an integer').min(min).max(2_147_483_647);

/** Free-form JSON (programme rules, contract overrides) the domain reads: an object, with no NUL in its strings. */
export const jsonObject = z
  .record(z.string(), z.unknown())
  .refine((value) => !JSON.stringify(value).includes('\\u0000'), 'no NUL characters (\\u0000) anywhere inside');

export const priceModel = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('per_unit'), unitPrice: decimal }),
  z.strictObject({
    kind: z.enum(['tiered', 'volume']),
    tiers: z
      .array(z.strictObject({ upTo: decimal.nullable(), unitPrice: decimal }))
      .min(1)
      .max(100),
  }),
]);

/** Prices by SKU code. */
export const prices = z.record(id, priceModel);

/** A query parameter given once (a repeated one arrives as an array and is refused). */
export const queryText = (max = 200) => z.string().max(max).regex(CONTROL, 'no control characters');

/** No path parameters, no query: for routes whose input is only the principal. */
export const none = z.strictObject({});
