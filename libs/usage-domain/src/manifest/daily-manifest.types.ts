/**
 * What an agent says it sent for one cluster and one UTC day, grouped by tenant × SKU.
 * A record belongs to the UTC day of its ended_at: jobs are reported when they end, so day D's
 * manifest is complete once D is over.
 */
export interface DailyManifest {
  readonly clusterId: string;
  /** "YYYY-MM-DD", UTC. */
  readonly day: string;
  readonly recordCount: number;
  /** Sorted by tenantId, then sku; at most one line per pair. */
  readonly lines: readonly ManifestLine[];
}

export interface ManifestLine {
  readonly tenantId: string;
  readonly sku: string;
  readonly recordCount: number;
  /** Exact decimal sum of the records' quantities. */
  readonly quantity: string;
}

export interface DailyManifestWire {
  cluster_id: string;
  day: string;
  record_count: number;
  lines: { tenant_id: string; sku: string; record_count: number; quantity: string }[];
}

export type ManifestDifference =
  | { readonly kind: 'cluster' | 'day'; readonly expected: string; readonly counted: string }
  | { readonly kind: 'record_count'; readonly expected: number; readonly counted: number }
  /** In the manifest, nothing counted for the pair. */
  | { readonly kind: 'missing_line'; readonly tenantId: string; readonly sku: string; readonly expected: ManifestLine }
  /** Counted, but the manifest has no such pair. */
  | {
      readonly kind: 'unexpected_line';
      readonly tenantId: string;
      readonly sku: string;
      readonly counted: ManifestLine;
    }
  | {
      readonly kind: 'line_record_count';
      readonly tenantId: string;
      readonly sku: string;
      readonly expected: number;
      readonly counted: number;
    }
  /** delta = counted − expected, exact. */
  | {
      readonly kind: 'line_quantity';
      readonly tenantId: string;
      readonly sku: string;
      readonly expected: string;
      readonly counted: string;
      readonly delta: string;
    };

export function manifestToWire(manifest: DailyManifest): DailyManifestWire {
  return {
    cluster_id: manifest.clusterId,
    day: manifest.day,
    record_count: manifest.recordCount,
    lines: manifest.lines.map((l) => ({
      tenant_id: l.tenantId,
      sku: l.sku,
      record_count: l.recordCount,
      quantity: l.quantity,
    })),
  };
}
