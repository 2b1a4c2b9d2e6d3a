import { skuCatalogue, type SkuCatalogue } from '../record/sku-catalogue.types';
import type { UsageRecordWire } from '../record/usage-record.types';
import type { ValidationContext } from '../validation/record.validator';

/** A small world for unit tests and e2e fixtures: one cluster, its bound tenant, a known SKU, a pinned clock. */
export interface TestWorld {
  readonly clusterId: string;
  readonly tenantId: string;
  /** A tenant that exists but is not bound to the cluster. */
  readonly unboundTenantId: string;
  /** A SKU in the catalogue that scales with devices (gpu_second). */
  readonly sku: string;
  readonly catalogue: SkuCatalogue;
  /** Epoch ms the world's clock reads. */
  readonly now: number;
}

export const TEST_CATALOGUE: SkuCatalogue = skuCatalogue({
  'gpu.h100-80g': { baseUnit: 'gpu_second', scalesWithDevices: true },
  'gpu.ascend-910b': { baseUnit: 'gpu_second', scalesWithDevices: true },
  'cpu.core': { baseUnit: 'core_second', scalesWithDevices: true },
  'render.node': { baseUnit: 'node_second', scalesWithDevices: true },
  'dev.box': { baseUnit: 'node_second', scalesWithDevices: false },
  'net.egress': { baseUnit: 'gb', scalesWithDevices: false, timeBased: false },
});

export function testWorld(overrides: Partial<TestWorld> = {}): TestWorld {
  return {
    clusterId: 'cl-test-1',
    tenantId: 'tn-bound-1',
    unboundTenantId: 'tn-other-9',
    sku: 'gpu.h100-80g',
    catalogue: TEST_CATALOGUE,
    now: Date.UTC(2025, 1, 1, 12, 0, 0),
    ...overrides,
  };
}

export function contextFor(world: TestWorld): ValidationContext {
  return {
    clusterId: world.clusterId,
    boundTenants: new Set([world.tenantId]),
    catalogue: world.catalogue,
    now: world.now,
  };
}

/**
 * A valid wire record for the world: 8 devices for one hour ending an hour before `now`,
 * quantity 28800 device-seconds. Override any field, or set one to `undefined` to drop it.
 */
export function wireRecord(
  world: TestWorld,
  overrides: Readonly<Record<string, unknown>> = {},
  seq = 1,
): Record<string, unknown> {
  const ended = world.now - 3_600_000;
  const base: UsageRecordWire = {
    event_id: `ev-test-${seq}`,
    cluster_id: world.clusterId,
    tenant_id: world.tenantId,
    job_id: `job-${seq}`,
    job_type: 'training',
    sku: world.sku,
    quantity: '28800',
    device_count: 8,
    started_at: new Date(ended - 3_600_000).toISOString(),
    ended_at: new Date(ended).toISOString(),
    attributes: { project: '苗绣纹样生成', model: 'qwen2-7b' },
  };
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}
