import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PARK_CATALOGUE } from '../simulator/park.catalogue';
import { validateRecord } from '../validation/record.validator';
import { UsageSourceFormatError } from './agent-parse.types';
import { parsePodUsageFeed, type PodFeedParseOptions } from './kubernetes-feed.parser';

const feed = JSON.parse(readFileSync(join(__dirname, '../testing/fixtures/pod-usage-feed.json'), 'utf8')) as unknown;
const opts: PodFeedParseOptions = {
  clusterId: 'k8s-gz-1',
  resourceSkus: { 'huawei.com/Ascend910': 'gpu.ascend-910b', 'cambricon.com/mlu': 'gpu.mlu370-x8' },
  gpuProductSkus: { 'NVIDIA-H100-80GB-HBM3': 'gpu.h100-80g', 'NVIDIA-L40S': 'gpu.l40s-48g' },
  cpuSku: 'cpu.core',
};

describe('parsePodUsageFeed', () => {
  const { records, skipped } = parsePodUsageFeed(feed, opts);

  it('bills finished pods per accelerator, exact to the millisecond', () => {
    expect(records.map((r) => [r.job_id, r.tenant_id, r.job_type, r.sku, r.device_count, r.quantity])).toEqual([
      ['lab-a-train/qwen-sft', 't-lab-a', 'training', 'gpu.h100-80g', 8, '65040'],
      ['lab-b-serve/pangu-ft-0', 't-lab-b', 'training', 'gpu.ascend-910b', 8, '34632'],
      ['lab-b-serve/glm4-serve-7d9f', 't-lab-b', 'inference', 'gpu.l40s-48g', 1, '200.5'],
      ['studio-x/comp-prep-xk2', 't-studio-x', 'render', 'cpu.core', 2, '900.1845'],
      // The pod's own tenant label is ignored: tenancy comes from the namespace.
      ['lab-b-serve/mlu-batch-0', 't-lab-b', 'inference', 'gpu.mlu370-x8', 4, '14400'],
    ]);
    expect(records[0]).toEqual({
      event_id: 'k8s:k8s-gz-1:6f1c2a9e-0b7d-4c53-9a61-2f0c8e4b1a01:gpu.h100-80g',
      cluster_id: 'k8s-gz-1',
      tenant_id: 't-lab-a',
      job_id: 'lab-a-train/qwen-sft',
      job_type: 'training',
      sku: 'gpu.h100-80g',
      quantity: '65040',
      device_count: 8,
      started_at: '2025-01-31T15:30:00.000Z',
      ended_at: '2025-01-31T17:45:30.000Z',
      attributes: {
        namespace: 'lab-a-train',
        pod: 'qwen-sft-worker-0',
        node: 'gpu-h100-07',
        project: '苗绣纹样生成',
        model: 'qwen2-7b',
      },
    });
  });

  it('says why every other pod was skipped', () => {
    expect(skipped.map((s) => [s.position, s.reason])).toEqual([
      [2, 'not_finished'],
      [5, 'unmapped_tenant'],
      [6, 'unknown_resource'],
      [7, 'not_finished'],
      [9, 'malformed_entry'],
    ]);
  });

  it('produces records the gateway accepts', () => {
    const ctx = {
      clusterId: 'k8s-gz-1',
      boundTenants: new Set(['t-lab-a', 't-lab-b', 't-studio-x']),
      catalogue: PARK_CATALOGUE,
      now: Date.UTC(2025, 1, 2),
    };
    expect(records.map((r) => validateRecord(r, ctx)).filter((v) => !v.ok)).toEqual([]);
  });

  it('falls back to resourceSkus for nvidia.com/gpu and skips CPU pods without cpuSku', () => {
    const r = parsePodUsageFeed(feed, {
      ...opts,
      gpuProductSkus: {},
      resourceSkus: { ...opts.resourceSkus, 'nvidia.com/gpu': 'gpu.a800-80g' },
      cpuSku: null,
    });
    expect(r.records.map((x) => x.sku)).toEqual(['gpu.a800-80g', 'gpu.ascend-910b', 'gpu.a800-80g', 'gpu.mlu370-x8']);
    expect(r.skipped.find((s) => s.position === 4)?.reason).toBe('no_billable_resource');
  });

  it("refuses something that is not a feed, or another cluster's feed", () => {
    expect(() => parsePodUsageFeed({ pods: [] }, opts)).toThrow(UsageSourceFormatError);
    expect(() => parsePodUsageFeed({ ...(feed as object), cluster: 'k8s-other' }, opts)).toThrow(
      UsageSourceFormatError,
    );
  });
});
