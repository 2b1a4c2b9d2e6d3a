import { Decimal } from '@park/money';
import type { Finding, FindingSubject, ReconciliationKind } from './reconciliation.types';

/** One side's numbers for one subject, by measure name (e.g. records, quantity), as exact decimal strings. */
export type Measures = Readonly<Record<string, string>>;

export interface KeyedRow {
  readonly key: string;
  readonly subject: FindingSubject;
  readonly measures: Measures;
}

export interface KeyedComparisonInput {
  readonly kind: ReconciliationKind;
  /** Prefix of each finding's check: `<prefix>_<measure>`, or `<prefix>_missing` / `<prefix>_unexpected`. */
  readonly check: string;
  readonly expectedName: string;
  readonly observedName: string;
  readonly measures: readonly string[];
  readonly expected: readonly KeyedRow[];
  readonly observed: readonly KeyedRow[];
}

export interface KeyedComparison {
  readonly matched: number;
  readonly findings: Finding[];
}

const ZERO = '0';

export function difference(expected: string, observed: string): string {
  return new Decimal(observed).minus(expected).toFixed();
}

function describe(subject: FindingSubject): string {
  return Object.entries(subject)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

/**
 * Compares two sides subject by subject, measure by measure, exactly. A subject only one side has is `missing`
 * (each of its non-zero measures against zero); a subject both have counts as matched when every measure agrees.
 * Rows are summed per key first, so either side may come unmerged (e.g. SummingMergeTree parts).
 */
export function compareKeyed(input: KeyedComparisonInput): KeyedComparison {
  const expected = sumByKey(input.expected);
  const observed = sumByKey(input.observed);
  const findings: Finding[] = [];
  let matched = 0;
  const keys = [...new Set([...expected.keys(), ...observed.keys()])].sort();
  for (const key of keys) {
    const e = expected.get(key);
    const o = observed.get(key);
    const subject = (e ?? o)!.subject;
    const absent = !e ? input.expectedName : !o ? input.observedName : null;
    let agrees = true;
    for (const measure of input.measures) {
      const ev = e?.measures[measure] ?? ZERO;
      const ov = o?.measures[measure] ?? ZERO;
      if (new Decimal(ev).eq(ov)) continue;
      agrees = false;
      const state = absent ? 'missing' : 'mismatched';
      const why = absent ? `no ${absent} row` : `${input.expectedName} ${ev}, ${input.observedName} ${ov}`;
      findings.push({
        kind: input.kind,
        check: `${input.check}_${measure}`,
        state,
        subject,
        expected: ev,
        observed: ov,
        difference: difference(ev, ov),
        message: `${input.check} ${measure} (${describe(subject)}): ${why}`,
      });
    }
    if (agrees) matched++;
  }
  return { matched, findings };
}

function sumByKey(rows: readonly KeyedRow[]): Map<string, KeyedRow> {
  const out = new Map<string, KeyedRow>();
  for (const row of rows) {
    const have = out.get(row.key);
    if (!have) {
      out.set(row.key, row);
      continue;
    }
    const measures: Record<string, string> = { ...have.measures };
    for (const [m, v] of Object.entries(row.measures)) measures[m] = new Decimal(measures[m] ?? ZERO).plus(v).toFixed();
    out.set(row.key, { ...have, measures });
  }
  return out;
}
