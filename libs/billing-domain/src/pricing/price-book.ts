import { type RoundingRuleCode, DEFAULT_ROUNDING, isRoundingRuleCode } from '@park/money';
import { buildOrThrow, type Issues } from '../errors/validation.error';
import type { PriceModel } from './price-model.types';
import { readTaxTerms, type TaxTerms, type TaxTermsSpec } from '../tax/tax-terms';
import { type PriceModelSpec, readPriceModel } from './price-model';

export interface PriceBookVersion {
  readonly version: number;
  /** In force from this instant until the next version's. */
  readonly effectiveFrom: Date;
  /** Applied once per statement line. */
  readonly rounding: RoundingRuleCode;
  /** Per SKU code. */
  readonly prices: ReadonlyMap<string, PriceModel>;
  /** VAT of the version's lines (DEFAULT_TAX_TERMS when the spec has none). */
  readonly tax: TaxTerms;
}

export interface PriceBook {
  readonly id: string;
  /** Sorted by effectiveFrom. */
  readonly versions: readonly PriceBookVersion[];
}

export interface PriceBookSpec {
  readonly id: string;
  readonly versions: readonly {
    readonly version: number;
    readonly effectiveFrom: Date;
    readonly rounding?: RoundingRuleCode;
    readonly prices: Readonly<Record<string, PriceModelSpec>>;
    readonly tax?: TaxTermsSpec;
  }[];
}

/** The version in force at an instant, or undefined before the first. */
export function versionAt(book: PriceBook, at: Date): PriceBookVersion | undefined {
  let found: PriceBookVersion | undefined;
  for (const v of book.versions) if (v.effectiveFrom.getTime() <= at.getTime()) found = v;
  return found;
}

export function readPriceBook(spec: PriceBookSpec, issues: Issues, path: string): PriceBook {
  const id = issues.string(spec?.id, `${path}.id`);
  const versions = (spec?.versions ?? []).map((v, i): PriceBookVersion => {
    const p = `${path}.versions[${i}]`;
    issues.check(Number.isInteger(v.version) && v.version > 0, `${p}.version`, 'a positive integer');
    const rounding = v.rounding ?? DEFAULT_ROUNDING;
    issues.check(isRoundingRuleCode(rounding), `${p}.rounding`, 'unknown rounding rule');
    const prices = new Map<string, PriceModel>();
    for (const [sku, model] of Object.entries(v.prices ?? {}))
      prices.set(sku, readPriceModel(model, issues, `${p}.prices.${sku}`));
    return {
      version: v.version,
      effectiveFrom: issues.instant(v.effectiveFrom, `${p}.effectiveFrom`),
      rounding,
      prices,
      tax: readTaxTerms(v.tax, issues, `${p}.tax`),
    };
  });
  issues.check(versions.length > 0, `${path}.versions`, 'at least one version');
  const sorted = [...versions].sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime());
  sorted.forEach((v, i) => {
    if (i === 0) return;
    issues.check(
      v.version > sorted[i - 1].version,
      `${path}.versions`,
      `version ${v.version} must be later than version ${sorted[i - 1].version} and take effect after it`,
    );
    issues.check(
      v.effectiveFrom.getTime() !== sorted[i - 1].effectiveFrom.getTime(),
      `${path}.versions`,
      `two versions take effect at ${v.effectiveFrom.toISOString()}`,
    );
  });
  return { id, versions: sorted };
}

/** The tax terms of a line: its book version's, else `fallback` (commitment lines, books no longer loaded). */
export function taxTermsOfLine(
  line: { readonly priceBookId: string | null; readonly priceBookVersion: number | null },
  books: ReadonlyMap<string, PriceBook>,
  fallback: TaxTerms,
): TaxTerms {
  const book = line.priceBookId === null ? undefined : books.get(line.priceBookId);
  return book?.versions.find((v) => v.version === line.priceBookVersion)?.tax ?? fallback;
}

export function buildPriceBook(spec: PriceBookSpec): PriceBook {
  return buildOrThrow('price book', (issues) => readPriceBook(spec, issues, 'priceBook'));
}
