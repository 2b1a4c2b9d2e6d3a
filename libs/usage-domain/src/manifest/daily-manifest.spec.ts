import type { UsageRecord } from '../record/usage-record.types';
import { compareManifest, computeDailyManifests } from './daily-manifest.calculator';
import { manifestToWire, type DailyManifest } from './daily-manifest.types';
import { validateManifest } from './daily-manifest.validator';

let seq = 0;
function record(overrides: Partial<UsageRecord>): UsageRecord {
  seq++;
  return {
    eventId: `ev-${seq}`,
    clusterId: 'cl-1',
    tenantId: 't-a',
    jobId: `j-${seq}`,
    jobType: 'training',
    sku: 'gpu.h100-80g',
    quantity: '1',
    deviceCount: 1,
    startedAt: Date.UTC(2025, 0, 31, 10),
    endedAt: Date.UTC(2025, 0, 31, 11),
    attributes: {},
    ...overrides,
  };
}

describe('daily manifests', () => {
  const records = [
    record({ quantity: '0.1' }),
    record({ quantity: '0.2' }),
    record({ tenantId: 't-b', sku: 'cpu.core', quantity: '3600' }),
    // Crosses midnight: belongs to the day it ended.
    record({ startedAt: Date.UTC(2025, 0, 31, 23), endedAt: Date.UTC(2025, 1, 1, 1), quantity: '7200' }),
    record({ clusterId: 'cl-2', quantity: '5' }),
  ];

  it('groups per cluster × UTC day of ended_at, tenant × SKU, with exact sums', () => {
    expect(computeDailyManifests(records)).toEqual([
      {
        clusterId: 'cl-1',
        day: '2025-01-31',
        recordCount: 3,
        lines: [
          { tenantId: 't-a', sku: 'gpu.h100-80g', recordCount: 2, quantity: '0.3' },
          { tenantId: 't-b', sku: 'cpu.core', recordCount: 1, quantity: '3600' },
        ],
      },
      {
        clusterId: 'cl-1',
        day: '2025-02-01',
        recordCount: 1,
        lines: [{ tenantId: 't-a', sku: 'gpu.h100-80g', recordCount: 1, quantity: '7200' }],
      },
      {
        clusterId: 'cl-2',
        day: '2025-01-31',
        recordCount: 1,
        lines: [{ tenantId: 't-a', sku: 'gpu.h100-80g', recordCount: 1, quantity: '5' }],
      },
    ]);
  });

  it('counts a re-sent record once', () => {
    expect(computeDailyManifests([...records, records[0], { ...records[1] }])).toEqual(computeDailyManifests(records));
  });

  it('compares declared with counted', () => {
    const [declared] = computeDailyManifests(records);
    expect(compareManifest(declared, declared)).toEqual([]);
    const counted: DailyManifest = {
      ...declared,
      recordCount: 3,
      lines: [
        { tenantId: 't-a', sku: 'gpu.h100-80g', recordCount: 1, quantity: '0.1' },
        { tenantId: 't-c', sku: 'render.node', recordCount: 1, quantity: '60' },
      ],
    };
    expect(compareManifest(declared, counted)).toEqual([
      { kind: 'line_record_count', tenantId: 't-a', sku: 'gpu.h100-80g', expected: 2, counted: 1 },
      { kind: 'line_quantity', tenantId: 't-a', sku: 'gpu.h100-80g', expected: '0.3', counted: '0.1', delta: '-0.2' },
      { kind: 'missing_line', tenantId: 't-b', sku: 'cpu.core', expected: declared.lines[1] },
      { kind: 'unexpected_line', tenantId: 't-c', sku: 'render.node', counted: counted.lines[1] },
    ]);
    expect(
      compareManifest(declared, { ...declared, clusterId: 'cl-9', day: '2025-02-02', recordCount: 4 }).map(
        (d) => d.kind,
      ),
    ).toEqual(['cluster', 'day', 'record_count']);
  });

  describe('validateManifest', () => {
    const [manifest] = computeDailyManifests(records);
    const wire = manifestToWire(manifest);

    it('accepts what computeDailyManifests produced, in wire shape', () => {
      expect(validateManifest(JSON.parse(JSON.stringify(wire)), { clusterId: 'cl-1' })).toEqual({ ok: true, manifest });
    });

    it.each([
      ['WRONG_TYPE', []],
      ['CLUSTER_MISMATCH', { ...wire, cluster_id: 'cl-2' }],
      ['BAD_DAY', { ...wire, day: '2025-02-30' }],
      ['BAD_COUNT', { ...wire, lines: [{ ...wire.lines[0], record_count: 0 }] }],
      ['QUANTITY_NOT_EXACT', { ...wire, lines: [{ ...wire.lines[0], quantity: 0.3 }] }],
      ['DUPLICATE_LINE', { ...wire, lines: [wire.lines[0], wire.lines[0]] }],
      ['MANIFEST_INCONSISTENT', { ...wire, record_count: 4 }],
      ['MISSING_FIELD', { ...wire, day: undefined }],
    ])('%s', (code, input) => {
      const v = validateManifest(input, { clusterId: 'cl-1' });
      expect(!v.ok && v.reason).toBe(code);
    });

    it('bounds the number of lines', () => {
      const v = validateManifest(
        { ...wire, lines: [...wire.lines, ...wire.lines] },
        { clusterId: 'cl-1', maxLines: 3 },
      );
      expect(!v.ok && v.reason).toBe('MANIFEST_TOO_LARGE');
    });
  });
});
