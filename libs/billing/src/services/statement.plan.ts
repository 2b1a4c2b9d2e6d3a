import {
  applyVouchers,
  assembleStatement,
  assertInvariants,
  assertRedeemable,
  buildApplyVouchersInput,
  buildGrant,
  chargeWrites,
  DEFAULT_TAX_TERMS,
  periodBounds,
  periodLastDay,
  taxTermsOfLine,
  versionAt,
  periodYear,
  statusAtIssue,
  type ApplyVouchersResult,
  type Grant,
  type GrantStatus,
  type PeriodId,
  type RatedLine,
  type StatementView,
} from '@park/billing-domain';
import { Decimal, formatAmount } from '@park/money';
import type { IssuePlan, LockedState } from './issue-plan.types';
import type { TenantContext } from './billing-context.loader';
import type { PoolLimits } from './pool-allocation.service';

export interface ComputedStatement {
  readonly view: StatementView;
  readonly vouchers: Omit<ApplyVouchersResult, 'state'>;
  readonly grants: readonly Grant[];
}

/** Statement number: one per tenant-period, so it cannot collide under concurrent issues. */
export function statementNumber(tenantId: string, periodId: PeriodId): string {
  return `JS-${periodId.replace('-', '')}-${tenantId}`;
}

/** The years whose caps and pools a statement's lines count in. */
export function usageYears(lines: readonly RatedLine[], periodId: PeriodId): number[] {
  return [...new Set([periodYear(periodId), ...lines.map((l) => periodYear(l.periodId))])];
}

/**
 * Vouchers applied to rated lines with balances and counters as read (under lock when issuing). `poolLimits` (in a
 * period close): the tenant draws from each pool exactly what the close's pool pass allotted it, not what is left.
 */
export function computeStatement(input: {
  context: TenantContext;
  periodId: PeriodId;
  lines: readonly RatedLine[];
  state: Omit<LockedState, 'statementId'>;
  poolLimits?: PoolLimits | null;
}): ComputedStatement {
  const { context, periodId, lines, state } = input;
  const tenantId = context.tenant.id;
  const grants = state.grants.map((g) =>
    buildGrant({
      id: g.id,
      programmeId: g.programmeId,
      tenantId: g.tenantId,
      faceValue: new Decimal(g.faceValue).toFixed(2),
      balance: new Decimal(state.balances.get(g.id) ?? '0').toFixed(2),
      validFrom: g.validFrom,
      validTo: g.validTo,
      contractId: g.contractId,
      status: g.status as GrantStatus,
    }),
  );
  const counters = state.counters;
  const applyInput = buildApplyVouchersInput({
    asOf: periodLastDay(periodId),
    tenant: { id: tenantId, flags: context.tenant.flags },
    lines,
    programmes: context.rules.programmes,
    stackingGroups: context.rules.stackingGroups,
    grants,
    state: {
      tenantYear: counters
        .filter((c) => c.tenantId === tenantId && c.year > 0)
        .map((c) => ({ programmeId: c.programmeId, tenantId, year: c.year, used: c.used })),
      tenantCumulative: counters
        .filter((c) => c.tenantId === tenantId && c.year === 0)
        .map((c) => ({ programmeId: c.programmeId, tenantId, used: c.used })),
      poolYear: poolState(counters, input.poolLimits ?? null, context, usageYears(lines, periodId)),
    },
  });
  const result = applyVouchers(applyInput);
  assertInvariants({
    lines,
    grants,
    programmes: context.rules.programmes,
    stackingGroups: applyInput.stackingGroups,
    deductions: result.deductions,
    state: result.state,
  });
  const charges = state.charges.map((c) => ({
    chargeId: c.id,
    kind: c.kind,
    programmeId: c.programmeId,
    grantId: c.grantId,
    reason: c.reason,
    amount: new Decimal(c.amount),
  }));
  const view = assembleStatement({
    tenantId,
    periodId,
    lines,
    deductions: result.deductions,
    programmes: context.rules.programmes,
    charges,
    taxTerms: lineTaxTerms(context, periodId),
  });
  return { view, vouchers: result, grants };
}

/** A line's VAT: its book version's; a line without one (commitment) the tenant's book's at the period start. */
function lineTaxTerms(context: TenantContext, periodId: PeriodId) {
  const fallback = versionAt(context.priceBook, periodBounds(periodId).start)?.tax ?? DEFAULT_TAX_TERMS;
  return (line: RatedLine) => taxTermsOfLine(line, context.rules.priceBooks, fallback);
}

/** The pools as the tenant sees them: as read, or (in a close) budget − its allocation: what is left is its share. */
function poolState(
  counters: LockedState['counters'],
  limits: PoolLimits | null,
  context: TenantContext,
  years: readonly number[],
) {
  const read = counters
    .filter((c) => c.tenantId === '')
    .map(({ programmeId, year, used }) => ({ programmeId, year, used }));
  if (!limits) return read;
  const limited = context.rules.programmes.filter((p) => p.pool !== null && limits.programmeIds.includes(p.id));
  const ids = new Set(limited.map((p) => p.id));
  return [
    ...read.filter((c) => !ids.has(c.programmeId)),
    ...limited.flatMap((p) =>
      years.map((year) => {
        const used = p.pool?.yearlyBudget.minus(limits.amountFor(p.id, year)).toFixed(2) ?? '0';
        return { programmeId: p.id, year, used };
      }),
    ),
  ];
}

/** Everything the issuing transaction writes, from the computed statement. */
export function planIssue(input: {
  context: TenantContext;
  periodId: PeriodId;
  lines: readonly RatedLine[];
  computed: ComputedStatement;
  statementId: string;
}): IssuePlan {
  const { context, periodId, lines, computed, statementId } = input;
  const tenantId = context.tenant.id;
  const deductions = computed.vouchers.deductions;
  const grantsById = new Map(computed.grants.map((g) => [g.id, g]));
  const group = <T extends { amount: Decimal }>(items: T[], key: (t: T) => string) => {
    const m = new Map<string, { item: T; amount: Decimal }>();
    for (const it of items) {
      const k = key(it);
      const acc = m.get(k);
      m.set(k, { item: it, amount: (acc?.amount ?? new Decimal(0)).plus(it.amount) });
    }
    return [...m.values()].filter((v) => !v.amount.isZero());
  };
  const redemptions = group([...deductions], (d) => `${d.grantId}|${d.year}`).map(({ item, amount }) => {
    const grant = grantsById.get(item.grantId);
    if (grant) assertRedeemable(grant, amount);
    return { grantId: item.grantId, programmeId: item.programmeId, usageYear: item.year, amount: amount.toFixed(2) };
  });
  const counterItems = deductions.flatMap((d) => [
    { programmeId: d.programmeId, tenantId, year: d.year, amount: d.amount },
    { programmeId: d.programmeId, tenantId, year: 0, amount: d.amount },
    { programmeId: d.programmeId, tenantId: '', year: d.year, amount: d.amount },
  ]);
  const budgets = new Map(context.rules.programmes.map((p) => [p.id, p.pool ? p.pool.yearlyBudget.toFixed(2) : null]));
  const counterDeltas = group(counterItems, (c) => `${c.programmeId}|${c.tenantId}|${c.year}`).map(
    ({ item, amount }) => ({
      programmeId: item.programmeId,
      tenantId: item.tenantId,
      year: item.year,
      amount: amount.toFixed(2),
      budget: item.tenantId === '' ? (budgets.get(item.programmeId) ?? null) : null,
    }),
  );
  const usageItems = lines
    .filter((l) => l.kind === 'usage' && l.sku && l.jobType)
    .map((l) => ({ key: `${l.periodId}|${l.sku}|${l.jobType}`, line: l, amount: l.quantityBase }));
  const billedUsage = group(usageItems, (u) => u.key).map(({ item, amount }) => ({
    usagePeriodId: item.line.periodId,
    sku: item.line.sku ?? '',
    jobType: item.line.jobType ?? '',
    quantityBase: amount.toFixed(6),
  }));
  const byLine = new Map(
    computed.view.lines.concat(computed.view.adjustments.flatMap((a) => a.lines)).map((v) => [v.lineId, v]),
  );
  const number = statementNumber(tenantId, periodId);
  return {
    number,
    asOf: periodLastDay(periodId),
    status: statusAtIssue(computed.view.totals.netPayable),
    totals: computed.view.totals,
    tax: {
      totalExclTax: computed.view.taxTotals?.amountExclTax ?? null,
      totalTax: computed.view.taxTotals?.tax ?? null,
      totalInclTax: computed.view.taxTotals?.amountInclTax ?? null,
      invoiceable: computed.view.invoiceable?.amountInclTax ?? null,
    },
    view: computed.view,
    lines: lines.map((l) => {
      const v = byLine.get(l.lineId);
      return {
        lineId: l.lineId,
        kind: l.kind,
        isAdjustment: l.isAdjustment,
        usagePeriodId: l.periodId,
        contractId: l.contractId,
        sku: l.sku,
        resourceClass: l.resourceClass,
        chipFamily: l.chipFamily,
        domesticChip: l.domesticChip,
        jobType: l.jobType,
        quantityBase: l.quantityBase.toFixed(6),
        quantity: l.quantity.toDecimalPlaces(6).toFixed(),
        billingUnit: l.billingUnit,
        unitPrice: l.unitPrice.toDecimalPlaces(6).toFixed(),
        priceModel: l.priceModel,
        priceSource: l.priceSource,
        discountPercent: l.discountPercent.toFixed(),
        priceBookId: l.priceBookId,
        priceBookVersion: l.priceBookVersion,
        rounding: l.rounding,
        unroundedAmount: l.unroundedAmount.toDecimalPlaces(12).toFixed(),
        amount: formatAmount(l.amount),
        onBillDeductions: v?.onBillDeductions ?? '0.00',
        reimbursable: v?.reimbursable ?? '0.00',
        net: v?.net ?? formatAmount(l.amount),
        vatRate: v?.vatRate ?? null,
        taxInclusive: v?.taxInclusive ?? null,
        amountExclTax: v?.amountExclTax ?? null,
        tax: v?.tax ?? null,
        amountInclTax: v?.amountInclTax ?? null,
        invoiceableInclTax: v?.invoiceable?.amountInclTax ?? null,
      };
    }),
    deductions: deductions.map((d) => ({
      id: `${statementId}:${d.deductionId}`,
      lineId: d.lineId,
      grantId: d.grantId,
      programmeId: d.programmeId,
      mechanism: d.mechanism,
      usageYear: d.year,
      amount: d.amount.toFixed(2),
      explanation: d,
    })),
    redemptions,
    counterDeltas,
    billedUsage,
    charges: chargeWrites({ periodId, number, charges: computed.view.charges }),
  };
}
