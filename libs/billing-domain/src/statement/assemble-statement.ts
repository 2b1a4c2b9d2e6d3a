import { type Decimal, ZERO, formatAmount, formatDecimal, formatUnitPrice, sum } from '@park/money';
import { RESOURCE_CLASS_LABELS } from '../catalogue/resource-class';
import { buildOrThrow } from '../errors/validation.error';
import type { RatedLine } from '../rating/rated-line';
import { isPeriodId, type PeriodId } from '../time/shanghai-calendar';
import type { Deduction } from '../vouchers/deduction';
import type { Programme } from '../vouchers/programme';
import type { StatementChargeKind, StatementLineView, StatementView } from './statement.types';
import type { TaxTerms } from '../tax/tax-terms';
import { sumTax } from '../tax/line-tax';
import { type TaxedLine, lineTaxView, statementInvoicing, taxLines, taxView } from './statement-tax';
import { applyCredits, creditTotals } from './statement-credits';

export interface AssembleStatementInput {
  readonly tenantId: string;
  readonly periodId: PeriodId;
  /** The period's lines plus adjustment lines for earlier (closed) periods. */
  readonly lines: readonly RatedLine[];
  readonly deductions: readonly Deduction[];
  readonly programmes: readonly Programme[];
  /**
   * The tenant's pending charges, oldest first (at most 2 dp; > 0, but < 0 for a dispute credit). Charges billed back
   * are billed whole; credits only up to what the statement asks for, the rest carried forward (statement-credits.ts).
   */
  readonly charges?: readonly StatementCharge[];
  /** Each line's VAT terms (its price book version's); DEFAULT_TAX_TERMS (6 %, tax-inclusive) when absent. */
  readonly taxTerms?: (line: RatedLine) => TaxTerms;
}

export interface StatementCharge {
  readonly chargeId: string;
  readonly kind: StatementChargeKind;
  /** Null for a dispute credit (it is the tenant's money, not a programme's). */
  readonly programmeId: string | null;
  readonly grantId: string | null;
  readonly reason: string;
  readonly amount: Decimal;
}

/**
 * Puts one tenant-period statement together: lines of the period, an adjustment section per
 * earlier period, deductions grouped by programme, and totals (net payable = gross − on-bill
 * deductions + charges billed back − credits applied, never below 0.00 because of a credit; reimbursed subsidies
 * shown apart). Every line is taxed by its terms (one rule,
 * per line: tax/line-tax.ts); gross and the tax totals are sums of the lines' 价税合计, 金额 and 税额, and the voucher
 * shares are split between the tenant's invoice and the bureaus' by each programme's invoicing mode.
 */
export function assembleStatement(input: AssembleStatementInput): StatementView {
  buildOrThrow('statement input', (issues) => {
    issues.check(isPeriodId(input.periodId), 'periodId', 'YYYY-MM');
    const ids = new Set<string>();
    input.lines.forEach((l, i) => {
      issues.check(l.tenantId === input.tenantId, `lines[${i}].tenantId`, `line of tenant ${l.tenantId}`);
      issues.check(
        l.periodId <= input.periodId,
        `lines[${i}].periodId`,
        `${l.periodId} is after the statement period ${input.periodId}`,
      );
      issues.check(!ids.has(l.lineId), `lines[${i}].lineId`, `duplicate line ${l.lineId}`);
      issues.check(l.amount.decimalPlaces() <= 2, `lines[${i}].amount`, 'not rounded');
      ids.add(l.lineId);
    });
    input.deductions.forEach((d, i) => {
      issues.check(ids.has(d.lineId), `deductions[${i}].lineId`, `unknown line ${d.lineId}`);
      issues.check(d.tenantId === input.tenantId, `deductions[${i}].tenantId`, `deduction of tenant ${d.tenantId}`);
    });
    (input.charges ?? []).forEach((c, i) => {
      const credit = c.kind === 'dispute_credit';
      issues.check(
        (credit ? c.amount.lt(ZERO) : c.amount.gt(ZERO)) && c.amount.decimalPlaces() <= 2,
        `charges[${i}].amount`,
        credit ? 'a negative amount in 分 (a credit)' : 'a positive amount in 分',
      );
    });
  });

  const byLine = new Map<string, Deduction[]>();
  for (const d of input.deductions) byLine.set(d.lineId, [...(byLine.get(d.lineId) ?? []), d]);
  const taxed = taxLines(input);
  const taxOf = (l: RatedLine) => taxed.get(l.lineId) as TaxedLine;
  const views = input.lines.map((l) => lineView(l, byLine.get(l.lineId) ?? [], taxOf(l)));
  const current = views.filter((v) => v.periodId === input.periodId);
  const earlier = [...new Set(views.filter((v) => v.periodId < input.periodId).map((v) => v.periodId))].sort();
  const amountOf = (lines: readonly RatedLine[]) => sum(lines.map((l) => taxOf(l).tax.amountInclTax));
  const usage = amountOf(input.lines.filter((l) => l.periodId === input.periodId));
  const adjustments = amountOf(input.lines.filter((l) => l.periodId < input.periodId));
  const onBill = sum(input.deductions.filter((d) => d.mechanism === 'on_bill').map((d) => d.amount));
  const reimbursable = sum(input.deductions.filter((d) => d.mechanism === 'reimbursed').map((d) => d.amount));
  const gross = usage.plus(adjustments);
  const charges = input.charges ?? [];
  const billedBack = sum(charges.filter((c) => c.amount.gt(ZERO)).map((c) => c.amount));
  const applied = applyCredits({ payableBeforeCredits: gross.minus(onBill).plus(billedBack), charges });
  const charged = sum(applied.map((a) => a.applied));
  const invoicing = statementInvoicing(taxed, gross);
  const taxTotals = sumTax([...taxed.values()].map((t) => t.tax));
  return {
    tenantId: input.tenantId,
    periodId: input.periodId,
    lines: current,
    adjustments: earlier.map((periodId) => ({
      periodId,
      lines: views.filter((v) => v.periodId === periodId),
      subtotal: formatAmount(amountOf(input.lines.filter((l) => l.periodId === periodId))),
    })),
    charges: applied.map(({ charge: c, applied: amount, carriedForward }) => ({
      chargeId: c.chargeId,
      kind: c.kind,
      programmeId: c.programmeId,
      grantId: c.grantId,
      reason: c.reason,
      amount: formatAmount(amount),
      ...(c.amount.lt(ZERO) ? { credit: formatAmount(c.amount), carriedForward: formatAmount(carriedForward) } : {}),
    })),
    deductionsByProgramme: byProgramme(input.deductions, input.programmes),
    invoicingByProgramme: invoicing.programmes.map((p) => ({
      programmeId: p.programmeId,
      invoicing: p.mode,
      share: taxView(p.share),
      bureauInvoiced: taxView(p.bureauInvoiced),
    })),
    invoiceable: taxView(invoicing.tenant),
    totals: {
      gross: formatAmount(gross),
      usage: formatAmount(usage),
      adjustments: formatAmount(adjustments),
      deductions: formatAmount(onBill),
      reimbursable: formatAmount(reimbursable),
      charges: formatAmount(charged),
      ...creditTotals(applied),
      netPayable: formatAmount(gross.minus(onBill).plus(charged)),
    },
    taxTotals: taxView(taxTotals),
  };
}

function lineView(l: RatedLine, ds: readonly Deduction[], taxed: TaxedLine): StatementLineView {
  const onBill = sum(ds.filter((d) => d.mechanism === 'on_bill').map((d) => d.amount));
  return {
    lineId: l.lineId,
    kind: l.kind,
    periodId: l.periodId,
    sku: l.sku,
    resourceClass: l.resourceClass,
    resourceClassLabel: l.resourceClass ? RESOURCE_CLASS_LABELS[l.resourceClass] : null,
    jobType: l.jobType,
    quantity: formatDecimal(l.quantity, 6),
    billingUnit: l.billingUnit,
    unitPrice: formatUnitPrice(l.unitPrice),
    priceBookId: l.priceBookId,
    priceBookVersion: l.priceBookVersion,
    unroundedAmount: formatDecimal(l.unroundedAmount, 10),
    amount: formatAmount(l.amount),
    ...lineTaxView(taxed),
    deductions: ds.map((d) => ({
      programmeId: d.programmeId,
      grantId: d.grantId,
      mechanism: d.mechanism,
      amount: formatAmount(d.amount),
    })),
    onBillDeductions: formatAmount(onBill),
    reimbursable: formatAmount(sum(ds.filter((d) => d.mechanism === 'reimbursed').map((d) => d.amount))),
    net: formatAmount(taxed.tax.amountInclTax.minus(onBill)),
  };
}

function byProgramme(
  deductions: readonly Deduction[],
  programmes: readonly Programme[],
): StatementView['deductionsByProgramme'] {
  const ids = [...new Set(deductions.map((d) => d.programmeId))].sort();
  return ids.map((programmeId) => {
    const ds = deductions.filter((d) => d.programmeId === programmeId);
    const p = programmes.find((x) => x.id === programmeId);
    const totals = (key: (d: Deduction) => { id: string; amount: Decimal }[]) => {
      const m = new Map<string, Decimal>();
      for (const d of ds) for (const { id, amount } of key(d)) m.set(id, (m.get(id) ?? ZERO).plus(amount));
      return [...m].map(([id, amount]) => ({ id, amount: formatAmount(amount) }));
    };
    return {
      programmeId,
      name: p?.name ?? programmeId,
      bureau: p?.bureau ?? '',
      mechanism: ds[0].mechanism,
      amount: formatAmount(sum(ds.map((d) => d.amount))),
      grants: totals((d) => [{ id: d.grantId, amount: d.amount }]).map((g) => ({ grantId: g.id, amount: g.amount })),
      funders: totals((d) => d.funding.map((f) => ({ id: f.funderId, amount: f.amount }))).map((f) => ({
        funderId: f.id,
        amount: f.amount,
      })),
    };
  });
}
