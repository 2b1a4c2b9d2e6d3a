import type { UsageRecordWire } from '../record/usage-record.types';
import { Rng } from './mulberry32.rng';

export interface RetryOptions {
  /** Re-sent copies as a share of the records: 0.1 → round(10 %) extra copies. */
  readonly rate: number;
  readonly seed?: number;
  readonly rng?: Rng;
  /** Share of copies sent soon after the original (likely the same batch). Default 0.5. */
  readonly nearShare?: number;
  /** Near copies land 1..nearWindow positions later. Default 50. */
  readonly nearWindow?: number;
  /** Far copies land farMin..farMax positions later (another batch). Defaults 500, 20,000. */
  readonly farMin?: number;
  readonly farMax?: number;
}

function copy(r: UsageRecordWire): UsageRecordWire {
  return r.attributes === undefined ? { ...r } : { ...r, attributes: { ...r.attributes } };
}

/**
 * The stream an agent actually pushes: the records in order, plus identical copies of some of
 * them re-sent later (retries after a timeout), within the same batch or in a later one.
 */
export function withRetries(records: readonly UsageRecordWire[], opts: RetryOptions): UsageRecordWire[] {
  const rng = opts.rng ?? new Rng(opts.seed ?? 1).fork('retries');
  const n = records.length;
  const extra = n === 0 ? 0 : Math.round(n * opts.rate);
  const nearShare = opts.nearShare ?? 0.5;
  const nearWindow = opts.nearWindow ?? 50;
  const farMin = opts.farMin ?? 500;
  const farMax = opts.farMax ?? 20_000;
  // after[p] = copies to emit right after records[p].
  const after = new Map<number, UsageRecordWire[]>();
  for (let k = 0; k < extra; k++) {
    const source = rng.int(0, n - 1);
    const delay = rng.chance(nearShare) ? rng.int(0, nearWindow - 1) : rng.int(farMin, farMax);
    const at = Math.min(n - 1, source + delay);
    const list = after.get(at);
    if (list) list.push(copy(records[source]));
    else after.set(at, [copy(records[source])]);
  }
  const out: UsageRecordWire[] = [];
  for (let p = 0; p < n; p++) {
    out.push(records[p]);
    const list = after.get(p);
    if (list) for (const r of list) out.push(r);
  }
  return out;
}
