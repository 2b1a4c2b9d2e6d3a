import { buildOrThrow } from '../errors/validation.error';
import { isLocalDate, periodBounds, periodOfLocalDate, type LocalDate, type PeriodId } from '../time/shanghai-calendar';
import type { Programme } from './programme';

/**
 * A programme's rules change by versions, as price books do: version 1 (the rules it was registered with) applies
 * from the start, each later version from its effective period (a whole Asia/Shanghai month, because vouchers
 * apply to a period's lines) until the next one. A version never reaches into an issued period (assertNotFrozen).
 */
export interface ProgrammeVersion {
  readonly version: number;
  /** null: version 1, in force from the start. */
  readonly effectivePeriod: PeriodId | null;
  readonly programme: Programme;
}

/** The rules in force for a period: the latest version whose effective period is at or before it. */
export function programmeInForce(versions: readonly ProgrammeVersion[], periodId: PeriodId): Programme {
  return versionInForce(versions, periodId).programme;
}

/** The version in force for a period (programmeInForce, with its number: what a claim names). */
export function versionInForce(versions: readonly ProgrammeVersion[], periodId: PeriodId): ProgrammeVersion {
  let inForce: ProgrammeVersion | undefined;
  for (const v of versions) {
    const applies = v.effectivePeriod === null || v.effectivePeriod <= periodId;
    if (applies && (!inForce || v.version > inForce.version)) inForce = v;
  }
  if (!inForce) throw new Error(`programme has no rules version in force in ${periodId}`);
  return inForce;
}

/**
 * Checks a new version's effective date: the first day of a month, not before the latest version's (the same month
 * is the caller's "already exists"). Returns its period and the instant it takes effect (for assertNotFrozen).
 */
export function readVersionStart(input: { effectiveFrom: LocalDate; existing: readonly ProgrammeVersion[] }): {
  effectivePeriod: PeriodId;
  effectiveFrom: Date;
} {
  return buildOrThrow('programme rules version', (issues) => {
    const ok = issues.check(
      isLocalDate(input.effectiveFrom) && input.effectiveFrom.endsWith('-01'),
      'effectiveFrom',
      'the first day of a month (YYYY-MM-01): rules apply to whole periods',
    );
    const effectivePeriod = ok ? periodOfLocalDate(input.effectiveFrom) : '1970-01';
    const latest = input.existing.reduce<PeriodId | null>(
      (max, v) => (v.effectivePeriod !== null && (max === null || v.effectivePeriod > max) ? v.effectivePeriod : max),
      null,
    );
    if (ok && latest !== null) {
      issues.check(effectivePeriod >= latest, 'effectiveFrom', `not before the latest version's period ${latest}`);
    }
    return { effectivePeriod, effectiveFrom: periodBounds(effectivePeriod).start };
  });
}

/**
 * Rules a version may not change: claims (兑付) read them for the programme's whole life (who is paid back, how
 * often, who bears a rejected amount), so changing them needs a new programme. A claim's other rules (its evidence
 * checklist, stacking group) are the version in force at its cycle's end; the cadence that names the cycle, and the
 * mechanism that picks its lines, are read before that version is known: every version shares version 1's.
 */
export const FIXED_FOR_LIFE = ['kind', 'mechanism', 'settlementCadence', 'rejectedAmountsToTenant'] as const;

export function fixedRuleChanges(first: Programme, next: Programme): { path: string; message: string }[] {
  return FIXED_FOR_LIFE.filter((key) => first[key] !== next[key]).map((key) => ({
    path: `rules.${key}`,
    message: `fixed for the programme's life (${JSON.stringify(first[key])}): register a new programme to change it`,
  }));
}
