import { type DecimalInput, ZERO, parseNonNegativeAmount } from '@park/money';
import { buildOrThrow, type Issues } from '../errors/validation.error';
import { isLocalDate, isPeriodId, type LocalDate, periodOfLocalDate } from '../time/shanghai-calendar';
import { type Grant, type GrantSpec, readGrant } from './grant';
import { type Programme, type StackingGroup, readStackingGroup } from './programme';
import type { UsageState } from './usage-state';
import type { TenantProfile, VoucherLine } from './voucher-line';

export interface ApplyVouchersInput {
  /** The statement's as-of date (Asia/Shanghai): grants not yet valid then are not used; later periods are refused. */
  readonly asOf: LocalDate;
  readonly tenant: TenantProfile;
  readonly lines: readonly VoucherLine[];
  readonly programmes: readonly Programme[];
  readonly stackingGroups: readonly StackingGroup[];
  /** This tenant's grants, balances read from the ledger. */
  readonly grants: readonly Grant[];
  /** Counters so far: this tenant's rows and the pools of the programmes involved are enough. */
  readonly state: UsageState;
}

export interface UsageStateSpec {
  readonly tenantYear?: readonly {
    readonly programmeId: string;
    readonly tenantId: string;
    readonly year: number;
    readonly used: DecimalInput;
  }[];
  readonly tenantCumulative?: readonly {
    readonly programmeId: string;
    readonly tenantId: string;
    readonly used: DecimalInput;
  }[];
  readonly poolYear?: readonly { readonly programmeId: string; readonly year: number; readonly used: DecimalInput }[];
}

export interface ApplyVouchersInputSpec {
  readonly asOf: LocalDate;
  readonly tenant: { readonly id: string; readonly flags?: readonly string[] };
  readonly lines: readonly VoucherLine[];
  /** Built with buildProgramme (once per close, shared by all tenants). */
  readonly programmes: readonly Programme[];
  readonly stackingGroups?: readonly { readonly id: string; readonly ceiling: DecimalInput }[];
  readonly grants: readonly GrantSpec[];
  readonly state?: UsageStateSpec;
}

export function buildApplyVouchersInput(spec: ApplyVouchersInputSpec): ApplyVouchersInput {
  return buildOrThrow('voucher input', (issues) => readApplyVouchersInput(spec, issues));
}

function readApplyVouchersInput(spec: ApplyVouchersInputSpec, issues: Issues): ApplyVouchersInput {
  issues.check(isLocalDate(spec.asOf), 'asOf', 'YYYY-MM-DD');
  const tenant: TenantProfile = { id: issues.string(spec.tenant?.id, 'tenant.id'), flags: spec.tenant?.flags ?? [] };
  const asOfPeriod = isLocalDate(spec.asOf) ? periodOfLocalDate(spec.asOf) : '9999-12';
  const lineIds = new Set<string>();
  spec.lines.forEach((l, i) => {
    const p = `lines[${i}]`;
    issues.check(!lineIds.has(l.lineId), `${p}.lineId`, `duplicate line ${l.lineId}`);
    lineIds.add(l.lineId);
    if (issues.check(isPeriodId(l.periodId), `${p}.periodId`, 'YYYY-MM')) {
      issues.check(l.periodId <= asOfPeriod, `${p}.periodId`, `${l.periodId} is after the as-of date ${spec.asOf}`);
    }
    issues.check(l.amount.decimalPlaces() <= 2, `${p}.amount`, 'a rounded amount (at most 2 decimals)');
  });
  const programmeIds = new Set<string>();
  spec.programmes.forEach((p, i) => {
    issues.check(!programmeIds.has(p.id), `programmes[${i}].id`, `duplicate programme ${p.id}`);
    programmeIds.add(p.id);
  });
  const stackingGroups: StackingGroup[] = (spec.stackingGroups ?? []).map((g, i) =>
    readStackingGroup(g, issues, `stackingGroups[${i}]`),
  );
  spec.programmes.forEach((p, i) => {
    if (p.stackingGroup !== null)
      issues.check(
        stackingGroups.some((g) => g.id === p.stackingGroup),
        `programmes[${i}].stackingGroup`,
        `unknown stacking group ${p.stackingGroup}`,
      );
  });
  const grantIds = new Set<string>();
  const grants: Grant[] = spec.grants.map((g, i) => {
    const grant = readGrant(g, issues, `grants[${i}]`);
    issues.check(!grantIds.has(grant.id), `grants[${i}].id`, `duplicate grant ${grant.id}`);
    grantIds.add(grant.id);
    issues.check(
      programmeIds.has(grant.programmeId),
      `grants[${i}].programmeId`,
      `unknown programme ${grant.programmeId}`,
    );
    issues.check(
      grant.tenantId === tenant.id,
      `grants[${i}].tenantId`,
      `grant of tenant ${grant.tenantId}, not ${tenant.id}`,
    );
    return grant;
  });
  const used = (value: DecimalInput, path: string) => issues.decimal(parseNonNegativeAmount, value, path, ZERO);
  const s = spec.state ?? {};
  const state: UsageState = {
    tenantYear: (s.tenantYear ?? []).map((e, i) => ({ ...e, used: used(e.used, `state.tenantYear[${i}].used`) })),
    tenantCumulative: (s.tenantCumulative ?? []).map((e, i) => ({
      ...e,
      used: used(e.used, `state.tenantCumulative[${i}].used`),
    })),
    poolYear: (s.poolYear ?? []).map((e, i) => ({ ...e, used: used(e.used, `state.poolYear[${i}].used`) })),
  };
  return { asOf: spec.asOf, tenant, lines: spec.lines, programmes: spec.programmes, stackingGroups, grants, state };
}
