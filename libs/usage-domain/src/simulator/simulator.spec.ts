import { computeDailyManifests } from '../manifest/daily-manifest.calculator';
import { sumQuantities } from '../quantity/quantity.codec';
import type { UsageRecord, UsageRecordWire } from '../record/usage-record.types';
import { MS_PER_DAY, MS_PER_HOUR } from '../time/timestamp.codec';
import { validateRecord, type ValidationContext } from '../validation/record.validator';
import { withRetries } from './agent-retry.simulator';
import { createPark, type Park } from './park.factory';
import { generateRecords, recordStream } from './record.generator';
import { totals } from './usage.totals';

// Window holding the Asia/Shanghai month start 2025-01-31T16:00Z.
const FROM = Date.UTC(2025, 0, 30);
const TO = Date.UTC(2025, 1, 2);

function contexts(park: Park, now: number): Map<string, ValidationContext> {
  return new Map(
    park.clusters.map((c) => [
      c.id,
      { clusterId: c.id, boundTenants: park.bindings.get(c.id) ?? new Set(), catalogue: park.catalogue, now },
    ]),
  );
}

function crosses(r: UsageRecordWire, boundary: (t: number) => number): boolean {
  const s = Date.parse(r.started_at);
  const e = Date.parse(r.ended_at);
  const b = boundary(e - 1);
  return s < b && b < e;
}

describe('createPark', () => {
  it('is deterministic and binds every cluster to at least one tenant', () => {
    const park = createPark(7, { tenants: 9, clusters: 7 });
    expect(createPark(7, { tenants: 9, clusters: 7 })).toEqual(park);
    expect(park.tenants).toHaveLength(9);
    expect(park.clusters.map((c) => c.id)).toEqual([
      'sim7-gpu-1',
      'sim7-npu-1',
      'sim7-k8s-1',
      'sim7-render-1',
      'sim7-hpc-1',
      'sim7-gpu-2',
      'sim7-npu-2',
    ]);
    const tenantIds = new Set(park.tenants.map((t) => t.id));
    for (const c of park.clusters) {
      const bound = [...(park.bindings.get(c.id) ?? [])];
      expect(bound.length).toBeGreaterThan(0);
      expect(bound.every((t) => tenantIds.has(t))).toBe(true);
    }
    expect(createPark(8).prefix).not.toBe(createPark(7).prefix);
    expect(createPark(7, { prefix: 'e2e-run-1' }).tenants[0].id).toBe('e2e-run-1-t01');
    expect(() => createPark(7, { prefix: 'bad prefix' })).toThrow(RangeError);
  });

  it('sells mixed GPU models including domestic chips, CPU and render nodes', () => {
    const park = createPark(1);
    expect(park.skus.filter((s) => s.domesticChip).map((s) => s.code)).toEqual([
      'gpu.ascend-910b',
      'gpu.mlu370-x8',
      'gpu.hygon-dcu-z100',
    ]);
    expect([...park.catalogue.keys()]).toEqual(
      expect.arrayContaining(['gpu.h100-80g', 'gpu.a800-80g', 'gpu.l40s-48g', 'cpu.core', 'render.node']),
    );
  });
});

describe('generateRecords', () => {
  const park = createPark(2025);
  const records = generateRecords(park, { from: FROM, to: TO, count: 20_000 });

  it('gives the same records for the same seed, other records for another', () => {
    expect(JSON.stringify(generateRecords(park, { from: FROM, to: TO, count: 20_000 }))).toBe(JSON.stringify(records));
    const other = generateRecords(park, { from: FROM, to: TO, count: 20_000, seed: 1 });
    expect(other[0]).not.toEqual(records[0]);
    expect(new Set([...records, ...other].map((r) => r.event_id)).size).toBe(40_000);
    const first = [];
    for (const r of recordStream(park, {
      from: new Date(FROM).toISOString(),
      to: new Date(TO).toISOString(),
      count: 20_000,
    })) {
      first.push(r);
      if (first.length === 10) break;
    }
    expect(first).toEqual(records.slice(0, 10));
  });

  it('produces records the gateway accepts, ending inside the window, unique per cluster', () => {
    const ctx = contexts(park, TO);
    const rejected = records
      .map((r) => validateRecord(r, ctx.get(r.cluster_id) as ValidationContext))
      .filter((v) => !v.ok);
    expect(rejected).toEqual([]);
    expect(records.every((r) => Date.parse(r.ended_at) >= FROM && Date.parse(r.ended_at) < TO)).toBe(true);
    expect(new Set(records.map((r) => `${r.cluster_id}/${r.event_id}`)).size).toBe(records.length);
  });

  it('looks like a park: every job type, SKU and realistic device counts', () => {
    const by = <K extends keyof UsageRecordWire>(k: K): Set<UsageRecordWire[K]> => new Set(records.map((r) => r[k]));
    expect([...by('job_type')].sort()).toEqual(['development', 'inference', 'other', 'render', 'training']);
    expect(by('sku').size).toBe(8);
    const training = records.filter((r) => r.job_type === 'training' && r.sku.startsWith('gpu.'));
    expect(new Set(training.map((r) => r.device_count))).toEqual(new Set([8, 16, 32, 64]));
    expect(
      records.filter((r) => r.job_type === 'render').some((r) => /^\d+-\d+$/.test(r.attributes?.frame_range ?? '')),
    ).toBe(true);
    expect(records.some((r) => /\.\d{4,6}$/.test(r.quantity))).toBe(true);
  });

  it('has jobs crossing UTC midnight, Shanghai midnight and the Shanghai month start', () => {
    const utcMidnight = (t: number): number => Math.floor(t / MS_PER_DAY) * MS_PER_DAY;
    const shanghaiMidnight = (t: number): number => utcMidnight(t + 8 * MS_PER_HOUR) - 8 * MS_PER_HOUR;
    const monthStart = Date.UTC(2025, 0, 31, 16);
    expect(records.filter((r) => crosses(r, utcMidnight)).length).toBeGreaterThan(200);
    expect(records.filter((r) => crosses(r, shanghaiMidnight)).length).toBeGreaterThan(200);
    expect(records.filter((r) => crosses(r, () => monthStart)).length).toBeGreaterThan(100);
  });

  it('derives count from a rate', () => {
    expect(generateRecords(park, { from: FROM, to: FROM + 10_000, ratePerSecond: 50 })).toHaveLength(500);
  });
});

describe('withRetries and totals', () => {
  const park = createPark(11);
  const records = generateRecords(park, { from: FROM, to: TO, count: 30_000 });
  const pushed = withRetries(records, { rate: 0.1, seed: 5 });

  it('adds round(rate × n) identical copies, near (same batch) and far (later batch)', () => {
    expect(pushed).toHaveLength(33_000);
    expect(JSON.stringify(withRetries(records, { rate: 0.1, seed: 5 }))).toBe(JSON.stringify(pushed));
    const firstAt = new Map<string, number>();
    const distances: number[] = [];
    pushed.forEach((r, i) => {
      const first = firstAt.get(r.event_id);
      if (first === undefined) firstAt.set(r.event_id, i);
      else {
        distances.push(i - first);
        if (JSON.stringify(r) !== JSON.stringify(pushed[first]) || r === pushed[first])
          throw new Error(`copy ${i} differs from ${first}`);
      }
    });
    expect(distances).toHaveLength(3_000);
    expect(distances.filter((d) => d <= 60).length).toBeGreaterThan(1_200);
    expect(distances.filter((d) => d >= 500).length).toBeGreaterThan(1_200);
  });

  it('counts each (cluster, event id) once with exact sums', () => {
    const t = totals(pushed);
    expect(t.count).toBe(30_000);
    expect(t.duplicates).toBe(3_000);
    expect(totals(records).lines).toEqual(t.lines);
    expect(t.lines.reduce((n, l) => n + l.count, 0)).toBe(30_000);
    const h100 = records.filter((r) => r.tenant_id === t.lines[0].tenantId && r.sku === t.lines[0].sku);
    expect(t.lines[0].quantity).toBe(sumQuantities(h100.map((r) => r.quantity)));
  });

  it('agrees with the daily manifests of the same records', () => {
    const internal: Pick<UsageRecord, 'clusterId' | 'eventId' | 'tenantId' | 'sku' | 'quantity' | 'endedAt'>[] =
      pushed.map((r) => ({
        clusterId: r.cluster_id,
        eventId: r.event_id,
        tenantId: r.tenant_id,
        sku: r.sku,
        quantity: r.quantity,
        endedAt: Date.parse(r.ended_at),
      }));
    const manifests = computeDailyManifests(internal);
    expect(manifests.reduce((n, m) => n + m.recordCount, 0)).toBe(30_000);
    const all = manifests.flatMap((m) => m.lines.map((l) => l.quantity));
    expect(sumQuantities(all)).toBe(sumQuantities(totals(pushed).lines.map((l) => l.quantity)));
  });

  it('handles the empty stream', () => {
    expect(withRetries([], { rate: 0.5 })).toEqual([]);
    expect(totals([])).toEqual({ count: 0, duplicates: 0, lines: [] });
  });
});
