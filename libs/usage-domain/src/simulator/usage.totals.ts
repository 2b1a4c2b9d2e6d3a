import type { UsageRecordWire } from '../record/usage-record.types';
import { fromMicros, toMicros } from '../quantity/quantity.codec';

export interface TotalLine {
  readonly tenantId: string;
  readonly sku: string;
  readonly count: number;
  /** Exact decimal sum. */
  readonly quantity: string;
}

export interface UsageTotals {
  /** Distinct records by (cluster_id, event_id). */
  readonly count: number;
  /** Copies ignored. */
  readonly duplicates: number;
  /** Sorted by tenantId, then sku. */
  readonly lines: readonly TotalLine[];
}

/** What the pipeline must end up counting: each (cluster_id, event_id) once, the first copy wins. */
export function totals(records: Iterable<UsageRecordWire>): UsageTotals {
  const seen = new Set<string>();
  const acc = new Map<string, { tenantId: string; sku: string; count: number; micros: bigint }>();
  let duplicates = 0;
  for (const r of records) {
    const key = `${r.cluster_id}\u0000${r.event_id}`;
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    const lineKey = `${r.tenant_id}\u0000${r.sku}`;
    const micros = toMicros(String(r.quantity));
    const line = acc.get(lineKey);
    if (line) {
      line.count++;
      line.micros += micros;
    } else {
      acc.set(lineKey, { tenantId: r.tenant_id, sku: r.sku, count: 1, micros });
    }
  }
  const lines = [...acc.values()]
    .map((l) => ({ tenantId: l.tenantId, sku: l.sku, count: l.count, quantity: fromMicros(l.micros) }))
    .sort((a, b) =>
      a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0,
    );
  return { count: seen.size, duplicates, lines };
}
