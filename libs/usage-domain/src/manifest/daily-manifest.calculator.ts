import { dedupKey, type UsageRecord } from '../record/usage-record.types';
import { fromMicros, toMicros } from '../quantity/quantity.codec';
import { utcDay } from '../time/timestamp.codec';
import type { DailyManifest, ManifestDifference, ManifestLine } from './daily-manifest.types';

export type ManifestSource = Pick<UsageRecord, 'clusterId' | 'eventId' | 'tenantId' | 'sku' | 'quantity' | 'endedAt'>;

interface Acc {
  count: number;
  micros: bigint;
}

const SEP = '\u0000';

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Manifests per cluster × UTC day (of ended_at), counting each (cluster, event_id) once. Sorted by cluster, day. */
export function computeDailyManifests(records: Iterable<ManifestSource>): DailyManifest[] {
  const seen = new Set<string>();
  const groups = new Map<string, Map<string, Acc>>();
  for (const r of records) {
    const key = dedupKey(r);
    if (seen.has(key)) continue;
    seen.add(key);
    const groupKey = `${r.clusterId}${SEP}${utcDay(r.endedAt)}`;
    let lines = groups.get(groupKey);
    if (!lines) groups.set(groupKey, (lines = new Map()));
    const lineKey = `${r.tenantId}${SEP}${r.sku}`;
    const acc = lines.get(lineKey);
    if (acc) {
      acc.count++;
      acc.micros += toMicros(r.quantity);
    } else {
      lines.set(lineKey, { count: 1, micros: toMicros(r.quantity) });
    }
  }
  const manifests: DailyManifest[] = [];
  for (const [groupKey, lines] of groups) {
    const [clusterId, day] = groupKey.split(SEP);
    const out: ManifestLine[] = [];
    let recordCount = 0;
    for (const [lineKey, acc] of lines) {
      const [tenantId, sku] = lineKey.split(SEP);
      out.push({ tenantId, sku, recordCount: acc.count, quantity: fromMicros(acc.micros) });
      recordCount += acc.count;
    }
    out.sort((a, b) => compareText(a.tenantId, b.tenantId) || compareText(a.sku, b.sku));
    manifests.push({ clusterId, day, recordCount, lines: out });
  }
  return manifests.sort((a, b) => compareText(a.clusterId, b.clusterId) || compareText(a.day, b.day));
}

/** Differences between what the agent declared and what was counted; empty when they agree. */
export function compareManifest(expected: DailyManifest, counted: DailyManifest): ManifestDifference[] {
  const diffs: ManifestDifference[] = [];
  if (expected.clusterId !== counted.clusterId)
    diffs.push({ kind: 'cluster', expected: expected.clusterId, counted: counted.clusterId });
  if (expected.day !== counted.day) diffs.push({ kind: 'day', expected: expected.day, counted: counted.day });
  if (expected.recordCount !== counted.recordCount)
    diffs.push({ kind: 'record_count', expected: expected.recordCount, counted: counted.recordCount });
  const countedLines = new Map(counted.lines.map((l) => [`${l.tenantId}${SEP}${l.sku}`, l]));
  const matched = new Set<string>();
  for (const e of expected.lines) {
    const key = `${e.tenantId}${SEP}${e.sku}`;
    const c = countedLines.get(key);
    if (!c) {
      diffs.push({ kind: 'missing_line', tenantId: e.tenantId, sku: e.sku, expected: e });
      continue;
    }
    matched.add(key);
    if (e.recordCount !== c.recordCount) {
      diffs.push({
        kind: 'line_record_count',
        tenantId: e.tenantId,
        sku: e.sku,
        expected: e.recordCount,
        counted: c.recordCount,
      });
    }
    const delta = toMicros(c.quantity) - toMicros(e.quantity);
    if (delta !== 0n) {
      diffs.push({
        kind: 'line_quantity',
        tenantId: e.tenantId,
        sku: e.sku,
        expected: e.quantity,
        counted: c.quantity,
        delta: fromMicros(delta),
      });
    }
  }
  for (const c of counted.lines) {
    const key = `${c.tenantId}${SEP}${c.sku}`;
    if (!matched.has(key)) diffs.push({ kind: 'unexpected_line', tenantId: c.tenantId, sku: c.sku, counted: c });
  }
  return diffs;
}
