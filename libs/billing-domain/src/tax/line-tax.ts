import { type Decimal, ONE, ZERO, roundMoney } from '@park/money';

/** An amount split into 金额 (excluding tax), 税额 and 价税合计; always excl + tax = incl, each in 分. */
export interface TaxAmounts {
  readonly amountExclTax: Decimal;
  readonly tax: Decimal;
  readonly amountInclTax: Decimal;
}

export const NO_TAX_AMOUNTS: TaxAmounts = { amountExclTax: ZERO, tax: ZERO, amountInclTax: ZERO };

/**
 * The ONE tax rule of a statement line, applied to its amount as rated (already rounded to 分 by its book's rule):
 *   tax-exclusive book: 金额 = amount,                       税额 = round_half_up_fen(amount × rate), 价税合计 = 金额 + 税额
 *   tax-inclusive book: 金额 = round_half_up_fen(amount ÷ (1 + rate)), 税额 = amount − 金额,            价税合计 = amount
 * Rounded per line (what a 数电票 line carries); totals are sums of lines, so they add up exactly.
 */
export function taxOfLine(amount: Decimal, vatRate: Decimal, taxInclusive: boolean): TaxAmounts {
  if (taxInclusive) {
    const excl = roundMoney(amount.dividedBy(ONE.plus(vatRate)), 'HALF_UP_FEN');
    return { amountExclTax: excl, tax: amount.minus(excl), amountInclTax: amount };
  }
  const tax = roundMoney(amount.times(vatRate), 'HALF_UP_FEN');
  return { amountExclTax: amount, tax, amountInclTax: amount.plus(tax) };
}

/**
 * A part of a line's 价税合计 (a voucher's share) split like the line itself: 金额 = round_half_up_fen(line 金额 ×
 * part ÷ line 价税合计), 税额 = part − 金额. The whole line's part is exactly the line's split.
 */
export function shareOfLine(line: TaxAmounts, part: Decimal): TaxAmounts {
  if (part.isZero() || line.amountInclTax.isZero()) return { ...NO_TAX_AMOUNTS, amountInclTax: part };
  const excl = roundMoney(line.amountExclTax.times(part).dividedBy(line.amountInclTax), 'HALF_UP_FEN');
  return { amountExclTax: excl, tax: part.minus(excl), amountInclTax: part };
}

export function addTax(a: TaxAmounts, b: TaxAmounts): TaxAmounts {
  return {
    amountExclTax: a.amountExclTax.plus(b.amountExclTax),
    tax: a.tax.plus(b.tax),
    amountInclTax: a.amountInclTax.plus(b.amountInclTax),
  };
}

export function subtractTax(a: TaxAmounts, b: TaxAmounts): TaxAmounts {
  return {
    amountExclTax: a.amountExclTax.minus(b.amountExclTax),
    tax: a.tax.minus(b.tax),
    amountInclTax: a.amountInclTax.minus(b.amountInclTax),
  };
}

export const sumTax = (items: readonly TaxAmounts[]): TaxAmounts => items.reduce(addTax, NO_TAX_AMOUNTS);
