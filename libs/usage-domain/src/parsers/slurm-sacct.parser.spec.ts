import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PARK_CATALOGUE } from '../simulator/park.catalogue';
import { validateRecord } from '../validation/record.validator';
import { UsageSourceFormatError } from './agent-parse.types';
import { parseElapsed, parseSacct, parseTres, type SacctParseOptions } from './slurm-sacct.parser';

const fixture = readFileSync(join(__dirname, '../testing/fixtures/sacct-parsable2.txt'), 'utf8');
const opts: SacctParseOptions = {
  clusterId: 'slurm-gz-a',
  accountTenants: { 'lab-a': 't-lab-a', 'lab-b': 't-lab-b', 'studio-x': 't-studio-x', 'inst-c': 't-inst-c' },
  gresSkus: {
    'gpu:h100': 'gpu.h100-80g',
    'gpu:a800': 'gpu.a800-80g',
    'npu:910b': 'gpu.ascend-910b',
    npu: 'gpu.ascend-910b',
  },
  partitionSkus: { render: { sku: 'render.node', per: 'node' } },
  partitionJobTypes: { h100: 'training', a800: 'training', npu: 'training', render: 'render' },
  utcOffsetMinutes: 480,
};
const unix = (iso: string): number => Date.parse(iso) / 1000;

describe('parseSacct', () => {
  const { records, skipped } = parseSacct(fixture, opts);

  it('turns finished jobs into records: devices × Elapsed, times converted from Asia/Shanghai to UTC', () => {
    expect(records.map((r) => [r.job_id, r.sku, r.device_count, r.quantity, r.job_type])).toEqual([
      ['4242', 'gpu.h100-80g', 8, '158448', 'training'],
      ['4243', 'gpu.a800-80g', 16, '460800', 'training'],
      ['4247', 'gpu.ascend-910b', 8, '187200', 'training'],
      ['4248', 'render.node', 4, '11400', 'render'],
      ['4249', 'cpu.core', 128, '581376', 'other'],
      ['4251_3', 'gpu.h100-80g', 1, '137', 'training'],
      ['4252+0', 'gpu.h100-80g', 2, '7200', 'training'],
      ['4253', 'gpu.h100-80g', 8, '43200', 'training'],
      ['4257', 'gpu.ascend-910b', 8, '1411200', 'training'],
      ['4258', 'gpu.h100-80g', 1, '1800', 'training'],
    ]);
    expect(records[0]).toEqual({
      event_id: `slurm:slurm-gz-a:4242:${unix('2025-01-31T14:10:05Z')}:gpu.h100-80g`,
      cluster_id: 'slurm-gz-a',
      tenant_id: 't-lab-a',
      job_id: '4242',
      job_type: 'training',
      sku: 'gpu.h100-80g',
      quantity: '158448',
      device_count: 8,
      started_at: '2025-01-31T14:10:05.000Z',
      ended_at: '2025-01-31T19:40:11.000Z',
      attributes: {
        slurm_job_id: '4242',
        slurm_account: 'lab-a',
        state: 'COMPLETED',
        partition: 'h100',
        job_name: 'qwen2-72b-sft',
      },
    });
  });

  it('makes deterministic, valid event ids, including for array and heterogeneous jobs', () => {
    expect(parseSacct(fixture, opts).records.map((r) => r.event_id)).toEqual(records.map((r) => r.event_id));
    expect(records.find((r) => r.job_id === '4252+0')?.event_id).toBe(
      `slurm:slurm-gz-a:4252_0:${unix('2025-02-01T04:00:00Z')}:gpu.h100-80g`,
    );
    expect(new Set(records.map((r) => r.event_id)).size).toBe(records.length);
  });

  it('bills Elapsed, not wall time, for a suspended job', () => {
    const r = records.find((x) => x.job_id === '4253');
    expect(r && [r.quantity, Date.parse(r.ended_at) - Date.parse(r.started_at)]).toEqual(['43200', 7_200_000]);
  });

  it('cleans free text the gateway would refuse', () => {
    expect(records.find((x) => x.job_id === '4258')?.attributes?.job_name).toBe('badname');
    expect(records.find((x) => x.job_id === '4248')?.attributes?.job_name).toBe('西游新传-EP03 SH0420');
  });

  it('says why every other line was skipped', () => {
    expect(skipped.map((s) => [s.jobId, s.reason])).toEqual([
      ['4242.batch', 'job_step'],
      ['4242.extern', 'job_step'],
      ['4242.0', 'job_step'],
      ['4244', 'not_finished'],
      ['4245', 'not_finished'],
      ['4246', 'never_started'],
      ['4250', 'unmapped_tenant'],
      ['4254', 'unknown_resource'],
      ['4255', 'zero_usage'],
      ['4256', 'malformed_entry'],
    ]);
    expect(skipped.find((s) => s.jobId === '4254')?.detail).toBe('no sku for gres gpu:b200');
  });

  it('produces records the gateway accepts', () => {
    const ctx = {
      clusterId: 'slurm-gz-a',
      boundTenants: new Set(Object.values(opts.accountTenants)),
      catalogue: PARK_CATALOGUE,
      now: Date.UTC(2025, 1, 2),
    };
    expect(records.map((r) => validateRecord(r, ctx)).filter((v) => !v.ok)).toEqual([]);
  });

  it('skips CPU-only jobs when there is no CPU sku, and refuses output without the needed columns', () => {
    expect(parseSacct(fixture, { ...opts, cpuSku: null }).records.some((r) => r.sku === 'cpu.core')).toBe(false);
    expect(() => parseSacct('JobID|State\n1|COMPLETED\n', opts)).toThrow(UsageSourceFormatError);
    expect(parseSacct('', opts)).toEqual({ records: [], skipped: [] });
  });

  it('reads Elapsed and TRES', () => {
    expect(parseElapsed('1-02:03:04')).toBe(93_784);
    expect(parseElapsed('02:03:04')).toBe(7_384);
    expect(parseElapsed('03:04')).toBe(184);
    expect(parseElapsed('INVALID')).toBeUndefined();
    expect([...parseTres('cpu=64,gres/gpu:h100=8,mem=1000G,node=1')]).toEqual([
      ['cpu', 64],
      ['gres/gpu:h100', 8],
      ['node', 1],
    ]);
  });
});
