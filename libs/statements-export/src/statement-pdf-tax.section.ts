import type { StatementView } from '@park/billing-domain';
import { Decimal, formatAmount } from '@park/money';
import type { Writer } from './pdf-text-writer';
import { percent, taxSummaryRows } from './statement-tax.rows';

/** The VAT breakdown of a statement's body: 金额 / 税额 / 价税合计 per rate, then who is invoiced for what. */
export function taxBreakdown(v: StatementView): { byRate: string[][]; summary: [string, string][] } | null {
  if (!v.taxTotals) return null; // frozen before tax was data
  const lines = [...v.lines, ...v.adjustments.flatMap((a) => a.lines)];
  const m = new Map<string, [Decimal, Decimal, Decimal]>();
  for (const l of lines) {
    const key = `${l.vatRate ?? '0'}|${l.taxInclusive ? '含税 incl.' : '不含税 excl.'}`;
    const [e, t, i] = m.get(key) ?? [new Decimal(0), new Decimal(0), new Decimal(0)];
    m.set(key, [e.plus(l.amountExclTax ?? 0), t.plus(l.tax ?? 0), i.plus(l.amountInclTax ?? 0)]);
  }
  const byRate = [...m]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, sums]) => {
      const [rate, kind] = key.split('|');
      return [`${percent(rate)}  价格${kind} prices`, ...sums.map(formatAmount)];
    });
  return { byRate, summary: taxSummaryRows(v).slice(3) };
}

/** Draws the breakdown at `y` (under a heading the caller wrote); returns the y below it. */
export function drawTaxBreakdown(w: Writer, v: StatementView, x: number, y: number): number {
  const t = taxBreakdown(v);
  if (!t) return y;
  const cols = ['税率 VAT rate', '不含税金额 Excl. VAT', '税额 VAT', '价税合计 Incl. VAT'];
  const widths = [220, 110, 110, 110];
  const row = (cells: readonly string[], bold = false) => {
    let at = x;
    cells.forEach((c, i) => {
      w.write(c, at, y, { width: widths[i], align: i === 0 ? 'left' : 'right', size: 8, bold });
      at += widths[i] + 4;
    });
    y += 12;
  };
  row(cols, true);
  t.byRate.forEach((r) => row(r));
  const total = v.taxTotals;
  if (total) row(['合计 Total', total.amountExclTax, total.tax, total.amountInclTax], true);
  y += 4;
  for (const [label, amount] of t.summary) {
    w.write(label, x, y, { width: 440, size: 8 });
    w.write(amount, x + 446, y, { width: 110, align: 'right', size: 8 });
    y += 12;
  }
  return y;
}
