import { compareManifest, type DailyManifest, type ManifestDifference } from '@park/usage-domain';
import { difference } from './keyed-comparison';
import type { Finding } from './reconciliation.types';

/**
 * A cluster-day's summary on one side: records, quantity and a checksum of what they are made of (a wrapping
 * sum of per-line fingerprints weighted by count and quantity), so two sides that agree on totals but not on lines
 * still differ. Only cluster-days whose summaries differ are compared line by line.
 */
export interface DaySummary {
  readonly clusterId: string;
  readonly day: string;
  readonly records: string;
  readonly quantity: string;
  readonly checksum: string;
}

export const summaryKey = (s: Pick<DaySummary, 'clusterId' | 'day'>): string => `${s.clusterId}|${s.day}`;

export function sameSummary(a: DaySummary | undefined, b: DaySummary | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.records === b.records && a.quantity === b.quantity && a.checksum === b.checksum;
}

/** Cluster-days (sorted) whose two summaries differ, including those only one side has. */
export function daysToExamine(
  expected: readonly DaySummary[],
  observed: readonly DaySummary[],
): { clusterId: string; day: string }[] {
  const e = new Map(expected.map((s) => [summaryKey(s), s]));
  const o = new Map(observed.map((s) => [summaryKey(s), s]));
  return [...new Set([...e.keys(), ...o.keys()])]
    .sort()
    .filter((k) => !sameSummary(e.get(k), o.get(k)))
    .map((k) => {
      const s = (e.get(k) ?? o.get(k))!;
      return { clusterId: s.clusterId, day: s.day };
    });
}

/**
 * Kind a for one cluster-day: the agent's manifest against the records ClickHouse holds (counted: a manifest built
 * from the raw rows). Records without a manifest are one `missing` finding; otherwise usage-domain's compareManifest
 * decides, and each of its differences becomes a finding with both numbers.
 */
export function manifestFindings(manifest: DailyManifest | undefined, counted: DailyManifest): Finding[] {
  const base = { clusterId: counted.clusterId, day: counted.day };
  if (!manifest) {
    if (counted.recordCount === 0) return [];
    const observed = String(counted.recordCount);
    return [
      {
        kind: 'manifests',
        check: 'no_manifest',
        state: 'missing',
        subject: base,
        expected: '0',
        observed,
        difference: observed,
        message: `cluster ${base.clusterId} day ${base.day}: ${observed} records stored and no manifest from the agent`,
      },
    ];
  }
  return compareManifest(manifest, counted).map((d) => fromDifference(base, d));
}

function fromDifference(base: { clusterId: string; day: string }, d: ManifestDifference): Finding {
  const where = `cluster ${base.clusterId} day ${base.day}`;
  switch (d.kind) {
    case 'cluster':
    case 'day':
      return finding(
        base,
        d.kind,
        'mismatched',
        '0',
        '0',
        `${where}: manifest ${d.kind} ${d.expected}, counted ${d.counted}`,
      );
    case 'record_count':
      return finding(
        base,
        'record_count',
        'mismatched',
        String(d.expected),
        String(d.counted),
        `${where}: manifest says ${d.expected} records, ${d.counted} stored`,
      );
    case 'missing_line':
      return finding(
        { ...base, tenantId: d.tenantId, sku: d.sku },
        'line_missing',
        'missing',
        d.expected.quantity,
        '0',
        `${where} tenant ${d.tenantId} ${d.sku}: in the manifest (${d.expected.recordCount} records, ` +
          `${d.expected.quantity}), nothing stored`,
      );
    case 'unexpected_line':
      return finding(
        { ...base, tenantId: d.tenantId, sku: d.sku },
        'line_unexpected',
        'missing',
        '0',
        d.counted.quantity,
        `${where} tenant ${d.tenantId} ${d.sku}: ${d.counted.recordCount} records (${d.counted.quantity}) stored, ` +
          `not in the manifest`,
      );
    case 'line_record_count':
      return finding(
        { ...base, tenantId: d.tenantId, sku: d.sku },
        'line_record_count',
        'mismatched',
        String(d.expected),
        String(d.counted),
        `${where} tenant ${d.tenantId} ${d.sku}: manifest ${d.expected} records, ${d.counted} stored`,
      );
    case 'line_quantity':
      return finding(
        { ...base, tenantId: d.tenantId, sku: d.sku },
        'line_quantity',
        'mismatched',
        d.expected,
        d.counted,
        `${where} tenant ${d.tenantId} ${d.sku}: manifest quantity ${d.expected}, ${d.counted} stored`,
      );
  }
}

function finding(
  subject: Finding['subject'],
  check: string,
  state: Finding['state'],
  expected: string,
  observed: string,
  message: string,
): Finding {
  return {
    kind: 'manifests',
    check,
    state,
    subject,
    expected,
    observed,
    difference: difference(expected, observed),
    message,
  };
}
