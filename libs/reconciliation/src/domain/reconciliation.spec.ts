import type { DailyManifest } from '@park/usage-domain';
import { compareKeyed, type KeyedRow } from './keyed-comparison';
import { daysToExamine, manifestFindings, type DaySummary } from './manifest-findings';
import { pipelineHealth } from './pipeline-health';
import { checkRunInput, runBounds } from './run-input';
import { countsOf } from './reconciliation.types';

const row = (key: string, measures: Record<string, string>): KeyedRow => ({
  key,
  subject: { tenantId: key },
  measures,
});
const manifest = (lines: DailyManifest['lines']): DailyManifest => ({
  clusterId: 'cl-1',
  day: '2026-11-02',
  recordCount: lines.reduce((n, l) => n + l.recordCount, 0),
  lines,
});

describe('compareKeyed: two sides subject by subject, exactly', () => {
  const input = {
    kind: 'rollups' as const,
    check: 'rollup',
    expectedName: 'raw',
    observedName: 'rollup',
    measures: ['records', 'quantity'],
  };

  it('matches equal sides, summing unmerged rows per key first', () => {
    const out = compareKeyed({
      ...input,
      expected: [row('a', { records: '2', quantity: '10.5' })],
      observed: [row('a', { records: '1', quantity: '10.000001' }), row('a', { records: '1', quantity: '0.499999' })],
    });
    expect(out).toEqual({ matched: 1, findings: [] });
  });

  it('names a mismatch with both numbers and observed − expected, never through a float', () => {
    const out = compareKeyed({
      ...input,
      expected: [row('a', { records: '1', quantity: '0.1' })],
      observed: [row('a', { records: '1', quantity: '0.3' })],
    });
    expect(out.matched).toBe(0);
    expect(out.findings).toEqual([
      expect.objectContaining({
        check: 'rollup_quantity',
        state: 'mismatched',
        expected: '0.1',
        observed: '0.3',
        difference: '0.2',
        subject: { tenantId: 'a' },
      }),
    ]);
  });

  it('calls a subject only one side has missing, per non-zero measure', () => {
    const out = compareKeyed({ ...input, expected: [row('a', { records: '3', quantity: '7' })], observed: [] });
    expect(out.findings.map((f) => [f.check, f.state, f.expected, f.observed, f.difference])).toEqual([
      ['rollup_records', 'missing', '3', '0', '-3'],
      ['rollup_quantity', 'missing', '7', '0', '-7'],
    ]);
    expect(countsOf({ kind: 'rollups', ...out })).toEqual({ matched: 0, mismatched: 0, missing: 2 });
  });
});

describe('manifests against stored records (kind a)', () => {
  const line = { tenantId: 't1', sku: 'gpu.h100-80g', recordCount: 3, quantity: '10800' };

  it('finds nothing when they agree, and a missing finding when records came without a manifest', () => {
    expect(manifestFindings(manifest([line]), manifest([line]))).toEqual([]);
    expect(manifestFindings(undefined, manifest([line]))).toEqual([
      expect.objectContaining({
        check: 'no_manifest',
        state: 'missing',
        expected: '0',
        observed: '3',
        difference: '3',
        subject: { clusterId: 'cl-1', day: '2026-11-02' },
      }),
    ]);
    expect(manifestFindings(undefined, manifest([]))).toEqual([]);
  });

  it("turns compareManifest's differences into findings naming tenant and SKU with both numbers", () => {
    const counted = manifest([{ ...line, recordCount: 2, quantity: '7200' }]);
    const found = manifestFindings(manifest([line]), counted);
    expect(found.map((f) => [f.check, f.subject.tenantId ?? null, f.expected, f.observed, f.difference])).toEqual([
      ['record_count', null, '3', '2', '-1'],
      ['line_record_count', 't1', '3', '2', '-1'],
      ['line_quantity', 't1', '10800', '7200', '-3600'],
    ]);
  });

  it('examines only cluster-days whose summaries differ (or that one side lacks)', () => {
    const s = (clusterId: string, day: string, checksum = '1'): DaySummary => ({
      clusterId,
      day,
      records: '1',
      quantity: '1',
      checksum,
    });
    expect(
      daysToExamine([s('a', 'd1'), s('a', 'd2'), s('b', 'd1')], [s('a', 'd1'), s('a', 'd2', '2'), s('c', 'd1')]),
    ).toEqual([
      { clusterId: 'a', day: 'd2' },
      { clusterId: 'b', day: 'd1' },
      { clusterId: 'c', day: 'd1' },
    ]);
  });
});

describe('pipeline health (kind f)', () => {
  it('flags a partition past the lag threshold and a cluster-day past the rejection rate', () => {
    const out = pipelineHealth({
      thresholds: { maxConsumerLag: 100, maxRejectionRate: '0.05' },
      lags: [
        { topic: 'u', partition: 0, end: '500', committed: '450' },
        { topic: 'u', partition: 1, end: '500', committed: '-1' },
      ],
      rejections: [
        { clusterId: 'a', day: 'd', stored: '95', rejected: '5' },
        { clusterId: 'b', day: 'd', stored: '90', rejected: '10' },
      ],
    });
    expect(out.matched).toBe(2);
    expect(out.findings.map((f) => [f.check, f.expected, f.observed, f.difference])).toEqual([
      ['consumer_lag', '100', '500', '400'],
      ['rejection_rate', '0.05', '0.1', '0.05'],
    ]);
  });

  it('measures a group that committed nothing from the log start: retention deleted what came before it', () => {
    const out = pipelineHealth({
      thresholds: { maxConsumerLag: 100, maxRejectionRate: '0.05' },
      lags: [
        { topic: 'u', partition: 0, end: '500', committed: '-1', start: '450' },
        { topic: 'u', partition: 1, end: '0', committed: '-1', start: '0' },
      ],
      rejections: [],
    });
    expect({ matched: out.matched, findings: out.findings }).toEqual({ matched: 2, findings: [] });
  });
});

describe('run input', () => {
  it('accepts a range of days and defaults to every kind in the main park', () => {
    const out = checkRunInput({ fromDay: '2026-11-01', toDay: '2026-11-30' });
    expect(out).toEqual({
      ok: true,
      input: expect.objectContaining({
        parkId: 'main',
        fromDay: '2026-11-01',
        kinds: expect.arrayContaining(['manifests', 'claims']),
      }),
    });
    expect(runBounds({ fromDay: '2026-11-01', toDay: '2026-11-30' })).toEqual({
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-12-01T00:00:00Z'),
    });
  });

  it('reports every bad field at once, by name', () => {
    const out = checkRunInput({ kinds: ['ledger', 'vibes'], fromDay: '2026-02-30', toDay: 20261101 });
    expect(out).toEqual({
      ok: false,
      issues: [
        { path: 'kinds[1]', message: expect.stringContaining('"vibes"') },
        { path: 'fromDay', message: expect.stringContaining('2026-02-30') },
        { path: 'toDay', message: expect.stringContaining('20261101') },
      ],
    });
    expect(checkRunInput({ fromDay: '2026-11-02', toDay: '2026-11-01' })).toEqual({
      ok: false,
      issues: [{ path: 'toDay', message: expect.stringContaining('before') }],
    });
    expect(checkRunInput({ fromDay: '2025-01-01', toDay: '2026-11-01' })).toEqual({
      ok: false,
      issues: [{ path: 'toDay', message: expect.stringContaining('at most 366') }],
    });
  });
});
