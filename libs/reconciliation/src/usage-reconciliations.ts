import { compareKeyed, daysToExamine, manifestFindings, type Finding, type KindOutcome } from './domain';
import type { ClusterDay, ClusterDayLine, HourLine, ReconciliationQueries } from '@park/usage-pipeline';
import type { DailyManifest } from '@park/usage-domain';

/** [from, to) of a run, in epoch milliseconds. */
export interface RunWindow {
  readonly from: number;
  readonly to: number;
}

/**
 * Kinds a and b: what the agents declared, what ClickHouse stored, and what bills read. Each compares per
 * cluster-day summaries first (one pass over the range) and reads line by line only the cluster-days that differ.
 */
export class UsageReconciliations {
  constructor(private readonly queries: ReconciliationQueries) {}

  /** a. Manifests vs raw records per cluster × day × tenant × SKU (count and quantity). */
  async manifests(window: RunWindow): Promise<KindOutcome> {
    const [declared, stored] = await Promise.all([
      this.queries.manifestSummaries(window.from, window.to),
      this.queries.recordSummaries(window.from, window.to),
    ]);
    const examine = daysToExamine(declared, stored);
    const withManifest = new Set(declared.map((d) => `${d.clusterId}|${d.day}`));
    const [manifestLines, recordLines] = await Promise.all([
      this.queries.manifestLines(examine.filter((d) => withManifest.has(`${d.clusterId}|${d.day}`))),
      this.queries.recordLines(examine),
    ]);
    const declaredByDay = new Map(declared.map((d) => [`${d.clusterId}|${d.day}`, d]));
    const findings: Finding[] = [];
    for (const d of examine) {
      const key = `${d.clusterId}|${d.day}`;
      const summary = declaredByDay.get(key);
      const manifest = summary ? asManifest(d, manifestLines, Number(summary.records)) : undefined;
      findings.push(...manifestFindings(manifest, asManifest(d, recordLines)));
    }
    const all = new Set([...declared, ...stored].map((d) => `${d.clusterId}|${d.day}`));
    return { kind: 'manifests', matched: all.size - examine.length, findings };
  }

  /** b. Hourly rollups vs the raw records' slices per tenant × hour × SKU × job type × cluster, and duplicate keys. */
  async rollups(window: RunWindow): Promise<KindOutcome> {
    const [raw, rollup, copied] = await Promise.all([
      this.queries.sliceSummaries(window.from, window.to),
      this.queries.rollupSummaries(window.from, window.to),
      this.queries.clustersWithCopies(window.from, window.to),
    ]);
    const duplicates = await this.queries.duplicateKeys(copied, window.from, window.to);
    const examine = daysToExamine(raw, rollup);
    const [rawHours, rollupHours] = await Promise.all([
      this.queries.sliceHours(examine),
      this.queries.rollupHours(examine),
    ]);
    const hours = compareKeyed({
      kind: 'rollups',
      check: 'rollup',
      expectedName: 'raw records',
      observedName: 'rollup',
      measures: ['records', 'quantity'],
      expected: rawHours.map(hourRow),
      observed: rollupHours.map(hourRow),
    });
    const dupFindings: Finding[] = duplicates.map((d) => ({
      kind: 'rollups',
      check: 'duplicate_records',
      state: 'mismatched',
      subject: { clusterId: d.clusterId, day: d.day },
      expected: d.keys,
      observed: d.rows,
      difference: String(BigInt(d.rows) - BigInt(d.keys)),
      message:
        `cluster ${d.clusterId} day ${d.day}: ${d.keys} records stored ${d.rows} times (raw rows and rollup ` +
        `both counted twice), e.g. ${d.sample.join(', ')}`,
    }));
    const dupDays = new Set(duplicates.map((d) => `${d.clusterId}|${d.day}`));
    const examined = new Set(examine.map((d) => `${d.clusterId}|${d.day}`));
    const cleanDays = [...new Set([...raw, ...rollup].map((d) => `${d.clusterId}|${d.day}`))].filter(
      (k) => !examined.has(k) && !dupDays.has(k),
    ).length;
    return { kind: 'rollups', matched: cleanDays + hours.matched, findings: [...hours.findings, ...dupFindings] };
  }
}

function asManifest(day: ClusterDay, lines: readonly ClusterDayLine[], recordCount?: number): DailyManifest {
  const own = lines.filter((l) => l.clusterId === day.clusterId && l.day === day.day);
  const ordered = [...own].sort((a, b) =>
    a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0,
  );
  return {
    clusterId: day.clusterId,
    day: day.day,
    recordCount: recordCount ?? own.reduce((n, l) => n + Number(l.records), 0),
    lines: ordered.map((l) => ({
      tenantId: l.tenantId,
      sku: l.sku,
      recordCount: Number(l.records),
      quantity: l.quantity,
    })),
  };
}

function hourRow(h: HourLine) {
  return {
    key: `${h.clusterId}|${h.tenantId}|${h.hourIso}|${h.sku}|${h.jobType}`,
    subject: {
      clusterId: h.clusterId,
      day: h.day,
      hour: h.hourIso,
      tenantId: h.tenantId,
      sku: h.sku,
      jobType: h.jobType,
    },
    measures: { records: h.records, quantity: h.quantity },
  };
}
