import { Decimal, HUNDRED, ONE, ZERO, roundMoney, sum } from '@park/money';
import { PriceNotFound } from '../errors/domain.errors';
import { charge } from '../pricing/price-model';
import type { PriceModel } from '../pricing/price-model.types';
import { type RatingResult, rateUsage } from './rate-usage';
import type { RateUsageInput } from './rate-usage.input';
import type { RatedLine } from './rated-line';

export const ADJUSTMENT_PREFIX = 'adj/';

interface Billed {
  quantityBase: Decimal;
  quantity: Decimal;
  unrounded: Decimal;
  amount: Decimal;
  readonly line: RatedLine;
}

/**
 * Late usage for closed periods. An issued statement never changes, and neither does what it billed: the
 * adjustment bills the late quantity alone — per period × SKU × job type, what ClickHouse holds now minus what
 * was issued — at the price in force for its hours (the book version and contract of the line it falls in),
 * placed after the month's billed quantity so graduated tiers continue where the issue left them. Usage that
 * was billed is never re-rated, so a price that changed since (which the services refuse for issued periods
 * anyway) cannot re-price it. Each adjustment line is rounded once, by its version's rule. Committed spend is
 * re-computed with the late usage and its true-up adjusted by the difference.
 */
export function rateAdjustments(input: {
  /** All usage of the closed period(s) being adjusted, late records included. */
  readonly rating: RateUsageInput;
  /** Every line already issued for those periods (original and earlier adjustment lines). */
  readonly issued: readonly RatedLine[];
}): RatingResult {
  const rerated = rateUsage(input.rating);
  const ratedPeriods = new Set([...rerated.lines.map((l) => l.periodId), ...input.rating.periods]);
  const billed = new Map<string, Billed>();
  for (const line of input.issued) {
    if (!ratedPeriods.has(line.periodId)) continue;
    const key = baseLineId(line.lineId);
    const acc = billed.get(key) ?? { quantityBase: ZERO, quantity: ZERO, unrounded: ZERO, amount: ZERO, line };
    acc.quantityBase = acc.quantityBase.plus(line.quantityBase);
    acc.quantity = acc.quantity.plus(line.quantity);
    acc.unrounded = acc.unrounded.plus(line.unroundedAmount);
    acc.amount = acc.amount.plus(line.amount);
    billed.set(key, acc);
  }
  const usage = lateUsageLines(
    rerated.lines.filter((l) => l.kind === 'usage'),
    billed,
    input.rating,
  );
  const commitment = commitmentDeltas(
    rerated.lines.filter((l) => l.kind === 'commitment'),
    billed,
  );
  const out = [...usage, ...commitment].sort((a, b) => (a.lineId < b.lineId ? -1 : a.lineId > b.lineId ? 1 : 0));
  return { tenantId: rerated.tenantId, lines: out, total: sum(out.map((l) => l.amount)) };
}

/** `<period>/<sku>/<jobType>` of a usage line id: the unit late quantities are counted in. */
function groupOf(lineId: string): string {
  return lineId.split('/').slice(0, 3).join('/');
}

function lateUsageLines(
  rerated: readonly RatedLine[],
  billed: ReadonlyMap<string, Billed>,
  rating: RateUsageInput,
): RatedLine[] {
  const now = new Map(rerated.map((l) => [l.lineId, l]));
  const billedUsage = [...billed].filter(([, b]) => b.line.kind === 'usage');
  const keys = [...new Set([...now.keys(), ...billedUsage.map(([k]) => k)])].sort();
  const groups = new Map<string, string[]>();
  for (const k of keys) groups.set(groupOf(k), [...(groups.get(groupOf(k)) ?? []), k]);
  const billedOf = (k: string) => billed.get(k)?.quantityBase ?? ZERO;
  const nowOf = (k: string) => now.get(k)?.quantityBase ?? ZERO;

  // Where each group's late quantity goes: to the lines that grew (or, if usage fell, shrank), in line order.
  const moves: { key: string; quantityBase: Decimal }[] = [];
  for (const members of groups.values()) {
    let left = sum(members.map(nowOf)).minus(sum(members.map(billedOf)));
    for (const k of members) {
      if (left.isZero()) break;
      const delta = nowOf(k).minus(billedOf(k));
      const take = left.isPositive() ? Decimal.min(delta, left) : Decimal.max(delta, left);
      if (take.isZero() || take.isPositive() !== left.isPositive()) continue;
      moves.push({ key: k, quantityBase: take });
      left = left.minus(take);
    }
  }

  // Graduated tiers: late units come after the month's billed units of the SKU, in line order.
  const skuMonth = (l: RatedLine) => `${l.periodId}/${l.sku}`;
  const monthBilled = new Map<string, Decimal>();
  for (const [, b] of billedUsage) {
    monthBilled.set(skuMonth(b.line), (monthBilled.get(skuMonth(b.line)) ?? ZERO).plus(b.quantity));
  }
  const monthLate = new Map<string, Decimal>();
  const lineOf = (k: string) => (now.get(k) ?? billed.get(k)?.line) as RatedLine;
  for (const m of moves) {
    const l = lineOf(m.key);
    monthLate.set(skuMonth(l), (monthLate.get(skuMonth(l)) ?? ZERO).plus(m.quantityBase.dividedBy(factorOf(l))));
  }
  const placed = new Map<string, Decimal>();
  return moves.map((m) => {
    const line = lineOf(m.key);
    const quantity = m.quantityBase.dividedBy(factorOf(line));
    let unrounded: Decimal;
    if (quantity.isNegative()) {
      // Usage that went away is credited at what it was billed at.
      const prior = billed.get(m.key) as Billed;
      unrounded = prior.unrounded.times(m.quantityBase).dividedBy(prior.quantityBase);
    } else {
      const sm = skuMonth(line);
      const before = (monthBilled.get(sm) ?? ZERO).plus(placed.get(sm) ?? ZERO);
      const total = (monthBilled.get(sm) ?? ZERO).plus(monthLate.get(sm) ?? ZERO);
      placed.set(sm, (placed.get(sm) ?? ZERO).plus(quantity));
      const { model, discount } = priceOf(line, rating);
      unrounded = charge(model, { quantity, monthBefore: before, monthTotal: total }).amount.times(discount);
    }
    return {
      ...line,
      lineId: ADJUSTMENT_PREFIX + m.key,
      isAdjustment: true,
      quantityBase: m.quantityBase,
      quantity,
      unitPrice: line.priceModel === 'per_unit' || quantity.isZero() ? line.unitPrice : unrounded.dividedBy(quantity),
      unroundedAmount: unrounded,
      amount: roundMoney(unrounded, line.rounding),
    };
  });
}

function factorOf(line: RatedLine): Decimal {
  return line.quantity.isZero() ? ONE : line.quantityBase.dividedBy(line.quantity);
}

/** The price model (and contract discount) the line was rated with. */
function priceOf(line: RatedLine, rating: RateUsageInput): { model: PriceModel; discount: Decimal } {
  const sku = line.sku ?? '';
  const contract = rating.contracts.find((c) => c.id === line.contractId);
  const version = rating.priceBook.versions.find((v) => v.version === line.priceBookVersion);
  const override = line.priceSource === 'contract_override' ? contract?.overrides.get(sku) : undefined;
  const model = override ?? version?.prices.get(sku);
  const at = version?.effectiveFrom ?? new Date(0);
  if (!model) throw new PriceNotFound(sku, at, rating.priceBook.id);
  const discount = override || !contract ? ONE : ONE.minus(contract.discountPercent.dividedBy(HUNDRED));
  return { model, discount };
}

/** True-up lines: the re-computed shortfall minus what was billed for it. */
function commitmentDeltas(rerated: readonly RatedLine[], billed: ReadonlyMap<string, Billed>): RatedLine[] {
  const out: RatedLine[] = [];
  const seen = new Set<string>();
  for (const line of rerated) {
    seen.add(line.lineId);
    const delta = line.amount.minus(billed.get(line.lineId)?.amount ?? ZERO);
    if (delta.isZero()) continue;
    const lineId = ADJUSTMENT_PREFIX + line.lineId;
    out.push({ ...line, lineId, isAdjustment: true, unroundedAmount: delta, amount: delta });
  }
  for (const [key, prior] of billed) {
    if (prior.line.kind !== 'commitment' || seen.has(key) || prior.amount.isZero()) continue;
    const amount = prior.amount.negated();
    out.push({ ...prior.line, lineId: ADJUSTMENT_PREFIX + key, isAdjustment: true, unroundedAmount: amount, amount });
  }
  return out;
}

export function baseLineId(lineId: string): string {
  return lineId.startsWith(ADJUSTMENT_PREFIX) ? lineId.slice(ADJUSTMENT_PREFIX.length) : lineId;
}
