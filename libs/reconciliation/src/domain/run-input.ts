import { RECONCILIATION_KINDS, type ReconciliationKind } from './reconciliation.types';

/** A run over whole UTC days [fromDay, toDay] of one park. */
export interface RunInput {
  readonly parkId: string;
  readonly kinds: readonly ReconciliationKind[];
  readonly fromDay: string;
  readonly toDay: string;
}

export interface InputIssue {
  readonly path: string;
  readonly message: string;
}

/** The longest range a run may cover (a year and a day: a leap year's whole). */
export const MAX_RUN_DAYS = 366;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

export function isUtcDay(value: unknown): value is string {
  if (typeof value !== 'string' || !DAY.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === value;
}

/** Validates a run's input, reporting every problem at once; no kinds means all of them. */
export function checkRunInput(raw: {
  parkId?: unknown;
  kinds?: unknown;
  fromDay?: unknown;
  toDay?: unknown;
}): { ok: true; input: RunInput } | { ok: false; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const parkId = raw.parkId ?? 'main';
  if (typeof parkId !== 'string' || parkId.length === 0 || parkId.length > 64)
    issues.push({ path: 'parkId', message: 'a park id (1–64 characters)' });
  let kinds: ReconciliationKind[] = [...RECONCILIATION_KINDS];
  if (raw.kinds !== undefined) {
    const known = new Set<string>(RECONCILIATION_KINDS);
    if (!Array.isArray(raw.kinds) || raw.kinds.length === 0) {
      issues.push({ path: 'kinds', message: `a non-empty list of ${RECONCILIATION_KINDS.join(', ')}` });
    } else {
      raw.kinds.forEach((k, i) => {
        if (typeof k !== 'string' || !known.has(k))
          issues.push({
            path: `kinds[${i}]`,
            message: `${JSON.stringify(k)} is not one of ${RECONCILIATION_KINDS.join(', ')}`,
          });
      });
      kinds = RECONCILIATION_KINDS.filter((k) => (raw.kinds as unknown[]).includes(k));
    }
  }
  for (const field of ['fromDay', 'toDay'] as const) {
    if (!isUtcDay(raw[field]))
      issues.push({ path: field, message: `a UTC day YYYY-MM-DD, got ${JSON.stringify(raw[field] ?? null)}` });
  }
  if (isUtcDay(raw.fromDay) && isUtcDay(raw.toDay)) {
    const days = (Date.parse(raw.toDay) - Date.parse(raw.fromDay)) / DAY_MS + 1;
    if (days < 1) issues.push({ path: 'toDay', message: `${raw.toDay} is before fromDay ${raw.fromDay}` });
    else if (days > MAX_RUN_DAYS)
      issues.push({ path: 'toDay', message: `the range is ${days} days; at most ${MAX_RUN_DAYS}` });
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    input: { parkId: parkId as string, kinds, fromDay: raw.fromDay as string, toDay: raw.toDay as string },
  };
}

/** [from, to) instants of a run's days. */
export function runBounds(input: Pick<RunInput, 'fromDay' | 'toDay'>): { from: Date; to: Date } {
  return {
    from: new Date(`${input.fromDay}T00:00:00Z`),
    to: new Date(Date.parse(`${input.toDay}T00:00:00Z`) + DAY_MS),
  };
}
