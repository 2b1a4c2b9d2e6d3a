import { type Decimal, formatAmount, formatDecimal } from '@park/money';
import type { RatedLine } from '../rating/rated-line';
import { type LineInvoicing, type StatementInvoicing, invoiceLine, invoiceStatement } from '../tax/invoicing';
import { type TaxAmounts, taxOfLine } from '../tax/line-tax';
import { DEFAULT_TAX_TERMS, type TaxTerms, vatRateFor } from '../tax/tax-terms';
import type { Deduction } from '../vouchers/deduction';
import type { Programme } from '../vouchers/programme';
import type { StatementLineView, TaxAmountsView } from './statement.types';

export interface TaxedLine {
  readonly vatRate: Decimal;
  readonly taxInclusive: boolean;
  readonly tax: TaxAmounts;
  readonly invoicing: LineInvoicing;
}

/** Each line's tax (by its book version's terms) and its split between the tenant's invoice and the programmes. */
export function taxLines(input: {
  readonly lines: readonly RatedLine[];
  readonly deductions: readonly Deduction[];
  readonly programmes: readonly Programme[];
  readonly taxTerms?: (line: RatedLine) => TaxTerms;
}): Map<string, TaxedLine> {
  const modes = new Map(input.programmes.map((p) => [p.id, p.invoicing]));
  const modeOf = (id: string) => modes.get(id) ?? 'tenant_full';
  const byLine = new Map<string, Deduction[]>();
  for (const d of input.deductions) byLine.set(d.lineId, [...(byLine.get(d.lineId) ?? []), d]);
  return new Map(
    input.lines.map((l) => {
      const terms = input.taxTerms?.(l) ?? DEFAULT_TAX_TERMS;
      const vatRate = vatRateFor(terms, l.resourceClass);
      const tax = taxOfLine(l.amount, vatRate, terms.taxInclusive);
      const invoicing = invoiceLine(tax, byLine.get(l.lineId) ?? [], modeOf);
      return [l.lineId, { vatRate, taxInclusive: terms.taxInclusive, tax, invoicing }];
    }),
  );
}

export function statementInvoicing(taxed: ReadonlyMap<string, TaxedLine>, gross: Decimal): StatementInvoicing {
  return invoiceStatement(
    [...taxed.values()].map((t) => t.invoicing),
    gross,
  );
}

export const taxView = (t: TaxAmounts): TaxAmountsView => ({
  amountExclTax: formatAmount(t.amountExclTax),
  tax: formatAmount(t.tax),
  amountInclTax: formatAmount(t.amountInclTax),
});

/** The tax fields of a line's view. */
export function lineTaxView(
  t: TaxedLine,
): Pick<StatementLineView, 'vatRate' | 'taxInclusive' | 'amountExclTax' | 'tax' | 'amountInclTax' | 'invoiceable'> {
  return {
    vatRate: formatDecimal(t.vatRate),
    taxInclusive: t.taxInclusive,
    ...taxView(t.tax),
    invoiceable: taxView(t.invoicing.tenant),
  };
}
