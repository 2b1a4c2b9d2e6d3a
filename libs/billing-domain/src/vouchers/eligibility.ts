import { type Decimal, ONE, sum } from '@park/money';
import { overlapDays } from '../time/shanghai-calendar';
import type { NoteReason } from './deduction';
import type { Programme, RatioCondition } from './programme';
import type { TenantProfile, VoucherLine } from './voucher-line';

export type EligibilityResult =
  | {
      readonly ok: true;
      readonly ratio: Decimal;
      readonly ratioSource: string;
      readonly eligibleFraction: Decimal;
      readonly eligibleAmount: Decimal;
    }
  | { readonly ok: false; readonly reason: NoteReason; readonly detail: string };

/** Whether a programme covers a line at all, at which ratio, and on how much of it. */
export function programmeEligibility(
  programme: Programme,
  line: VoucherLine,
  tenant: TenantProfile,
): EligibilityResult {
  const e = programme.eligibility;
  const no = (reason: NoteReason, detail: string): EligibilityResult => ({ ok: false, reason, detail });
  if (e.resourceClasses && !(line.resourceClass && e.resourceClasses.includes(line.resourceClass))) {
    return no('resource_class_not_eligible', `${line.resourceClass ?? 'none'} not in ${e.resourceClasses.join(',')}`);
  }
  if (e.skus && !(line.sku && e.skus.includes(line.sku)))
    return no('sku_not_eligible', `${line.sku ?? 'none'} not listed`);
  if (e.jobTypes && !(line.jobType && e.jobTypes.includes(line.jobType)))
    return no('job_type_not_eligible', `${line.jobType ?? 'none'} not in ${e.jobTypes.join(',')}`);
  const missing = e.requiredTenantFlags.filter((f) => !tenant.flags.includes(f));
  if (missing.length > 0) return no('tenant_not_eligible', `tenant lacks ${missing.join(',')}`);
  const excluded = e.excludedTenantFlags.filter((f) => tenant.flags.includes(f));
  if (excluded.length > 0) return no('tenant_not_eligible', `tenant is ${excluded.join(',')}`);
  if (programme.window && overlapDays(line.periodId, programme.window.from, programme.window.to) === 0) {
    return no('outside_programme_window', `${line.periodId} outside ${programme.window.from}..${programme.window.to}`);
  }
  const tier = programme.ratio.tiers.find((t) => conditionHolds(t.when, line, tenant));
  const ratio = tier?.ratio ?? programme.ratio.fallback;
  if (!ratio || ratio.isZero()) return no('no_ratio_for_line', 'no ratio tier matches and no fallback');
  let fraction = ONE;
  const threshold = e.trainingThreshold;
  if (threshold) {
    const total = sum(line.jobs.map((j) => j.quantity));
    if (line.jobs.length === 0 || total.isZero())
      return no('job_sizes_unknown', 'the programme has a job-size threshold and the line carries no job sizes');
    const qualifying = line.jobs.filter(
      (j) =>
        (threshold.minDevices === null || j.deviceCount >= threshold.minDevices) &&
        (threshold.minDeviceHours === null || j.deviceHours.greaterThanOrEqualTo(threshold.minDeviceHours)),
    );
    if (qualifying.length === 0)
      return no('below_training_threshold', `no job reaches ${describeThreshold(threshold)}`);
    fraction = sum(qualifying.map((j) => j.quantity)).dividedBy(total);
  }
  return {
    ok: true,
    ratio,
    ratioSource: tier?.label ?? 'fallback',
    eligibleFraction: fraction,
    eligibleAmount: fraction.equals(ONE) ? line.amount : line.amount.times(fraction),
  };
}

function conditionHolds(when: RatioCondition, line: VoucherLine, tenant: TenantProfile): boolean {
  if (when.resourceClasses && !(line.resourceClass && when.resourceClasses.includes(line.resourceClass))) return false;
  if (when.domesticChip !== undefined && when.domesticChip !== line.domesticChip) return false;
  if (when.chipFamilies && !(line.chipFamily && when.chipFamilies.includes(line.chipFamily))) return false;
  if (when.tenantFlags && !when.tenantFlags.every((f) => tenant.flags.includes(f))) return false;
  return true;
}

function describeThreshold(t: NonNullable<Programme['eligibility']['trainingThreshold']>): string {
  return [
    t.minDevices !== null ? `${t.minDevices} devices` : '',
    t.minDeviceHours !== null ? `${t.minDeviceHours.toFixed()} device-hours` : '',
  ]
    .filter(Boolean)
    .join(' and ');
}
