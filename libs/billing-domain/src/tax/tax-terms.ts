import { Decimal, type DecimalInput, parseRatio } from '@park/money';
import { RESOURCE_CLASSES, type ResourceClass } from '../catalogue/resource-class';
import type { Issues } from '../errors/validation.error';

/**
 * A price book version's VAT: whether its prices include the tax, the rate of its lines (per resource class, else
 * the default) and the tax classification code (商品和服务税收分类编码) an invoice line of each class carries.
 */
export interface TaxTerms {
  readonly taxInclusive: boolean;
  readonly vatRate: Decimal;
  readonly vatRates: Readonly<Partial<Record<ResourceClass, Decimal>>>;
  readonly taxCodes: Readonly<Partial<Record<ResourceClass, string>>>;
}

export interface TaxTermsSpec {
  readonly taxInclusive?: boolean;
  readonly vatRate?: DecimalInput;
  readonly vatRates?: Readonly<Partial<Record<ResourceClass, DecimalInput>>>;
  readonly taxCodes?: Readonly<Partial<Record<ResourceClass, string>>>;
}

/** 信息技术服务 › 信息系统服务: the code a park's compute, storage and network services are invoiced under by default. */
export const DEFAULT_TAX_CODE = '3040203000000000000';

/**
 * Books without tax settings (every book before tax was data): their prices are what the tenant pays, so they are
 * tax-inclusive at 6 % (现代服务 · 信息技术服务) and no amount moves.
 */
export const DEFAULT_TAX_TERMS: TaxTerms = {
  taxInclusive: true,
  vatRate: new Decimal('0.06'),
  vatRates: {},
  taxCodes: {},
};

const TAX_CODE = /^\d{19}$/;

export function readTaxTerms(spec: TaxTermsSpec | undefined, issues: Issues, path: string): TaxTerms {
  const rate = (v: DecimalInput, p: string) => {
    const r = issues.decimal(parseRatio, v, p, DEFAULT_TAX_TERMS.vatRate);
    issues.check(r.lt(1) && r.decimalPlaces() <= 4, p, 'a VAT rate below 1 with at most 4 decimals, e.g. "0.06"');
    return r;
  };
  const classes = <T, U>(m: Readonly<Partial<Record<string, T>>> | undefined, key: string, f: (v: T, p: string) => U) =>
    Object.fromEntries(
      Object.entries(m ?? {}).map(([cls, v]) => {
        const p = `${path}.${key}.${cls}`;
        issues.check((RESOURCE_CLASSES as readonly string[]).includes(cls), p, 'unknown resource class');
        return [cls, f(v as T, p)];
      }),
    ) as Partial<Record<ResourceClass, U>>;
  const inclusive = spec?.taxInclusive ?? DEFAULT_TAX_TERMS.taxInclusive;
  issues.check(typeof inclusive === 'boolean', `${path}.taxInclusive`, 'true or false');
  return {
    taxInclusive: inclusive === true,
    vatRate: spec?.vatRate === undefined ? DEFAULT_TAX_TERMS.vatRate : rate(spec.vatRate, `${path}.vatRate`),
    vatRates: classes(spec?.vatRates, 'vatRates', rate),
    taxCodes: classes(spec?.taxCodes, 'taxCodes', (code: string, p) => {
      issues.check(typeof code === 'string' && TAX_CODE.test(code), p, 'a 19-digit tax classification code');
      return code;
    }),
  };
}

/** The VAT rate of a line of a resource class (the class's own, else the book's default). */
export function vatRateFor(terms: TaxTerms, resourceClass: ResourceClass | null): Decimal {
  return (resourceClass && terms.vatRates[resourceClass]) || terms.vatRate;
}

export function taxCodeFor(terms: TaxTerms, resourceClass: ResourceClass | null): string {
  return (resourceClass && terms.taxCodes[resourceClass]) || DEFAULT_TAX_CODE;
}
