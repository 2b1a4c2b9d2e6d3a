import type { SkuCatalogue } from '../record/sku-catalogue.types';
import { Rng } from './mulberry32.rng';
import { PARK_CATALOGUE, PARK_SKUS, type SimulatedSku } from './park.catalogue';

export type ClusterKind = 'gpu-training' | 'domestic-ai' | 'inference' | 'render-farm' | 'hpc';
export type TenantProfile = 'ai-lab' | 'model-startup' | 'animation-studio' | 'research-institute';

export interface SimulatedCluster {
  readonly id: string;
  readonly kind: ClusterKind;
  readonly scheduler: 'slurm' | 'kubernetes';
  /** SKUs the cluster sells with their share of its records. */
  readonly skus: readonly (readonly [string, number])[];
}

export interface SimulatedTenant {
  readonly id: string;
  readonly name: string;
  readonly profile: TenantProfile;
}

export interface Park {
  readonly seed: number;
  /** Prefix of every id in this park, so parallel tests never share tenants or clusters. */
  readonly prefix: string;
  readonly tenants: readonly SimulatedTenant[];
  readonly clusters: readonly SimulatedCluster[];
  /** cluster id → tenants bound to it. */
  readonly bindings: ReadonlyMap<string, ReadonlySet<string>>;
  readonly catalogue: SkuCatalogue;
  readonly skus: readonly SimulatedSku[];
}

export interface ParkOptions {
  /** Default 12. */
  readonly tenants?: number;
  /** Default 5 (one of each kind); more repeat the kinds. */
  readonly clusters?: number;
  /** Default "sim<seed in base 36>". Must be [A-Za-z0-9-]. */
  readonly prefix?: string;
}

const KINDS: readonly {
  kind: ClusterKind;
  short: string;
  scheduler: 'slurm' | 'kubernetes';
  skus: readonly (readonly [string, number])[];
}[] = [
  {
    kind: 'gpu-training',
    short: 'gpu',
    scheduler: 'slurm',
    skus: [
      ['gpu.h100-80g', 6],
      ['gpu.a800-80g', 4],
    ],
  },
  {
    kind: 'domestic-ai',
    short: 'npu',
    scheduler: 'slurm',
    skus: [
      ['gpu.ascend-910b', 6],
      ['gpu.mlu370-x8', 2],
      ['gpu.hygon-dcu-z100', 2],
    ],
  },
  {
    kind: 'inference',
    short: 'k8s',
    scheduler: 'kubernetes',
    skus: [
      ['gpu.l40s-48g', 6],
      ['gpu.ascend-910b', 3],
      ['cpu.core', 1],
    ],
  },
  {
    kind: 'render-farm',
    short: 'render',
    scheduler: 'slurm',
    skus: [
      ['render.node', 8],
      ['cpu.core', 2],
    ],
  },
  { kind: 'hpc', short: 'hpc', scheduler: 'slurm', skus: [['cpu.core', 1]] },
];

const PROFILE_KINDS: Readonly<Record<TenantProfile, readonly ClusterKind[]>> = {
  'ai-lab': ['gpu-training', 'domestic-ai', 'inference'],
  'model-startup': ['inference', 'domestic-ai'],
  'animation-studio': ['render-farm', 'inference'],
  'research-institute': ['hpc', 'gpu-training', 'domestic-ai'],
};
const PROFILES = Object.keys(PROFILE_KINDS) as TenantProfile[];
const NAME_A = ['黔云', '贵安', '筑城', '乌江', '梵净', '花溪', '红枫', '百灵'];
const NAME_B: Readonly<Record<TenantProfile, string>> = {
  'ai-lab': '智能实验室',
  'model-startup': '模型科技有限公司',
  'animation-studio': '动画影视工作室',
  'research-institute': '计算科学研究院',
};

/** A deterministic park: the same seed and options always give the same tenants, clusters and bindings. */
export function createPark(seed: number, opts: ParkOptions = {}): Park {
  const rng = new Rng(seed).fork('park');
  const prefix = opts.prefix ?? `sim${(seed >>> 0).toString(36)}`;
  if (!/^[A-Za-z0-9-]+$/.test(prefix)) throw new RangeError(`createPark: prefix ${prefix} must be [A-Za-z0-9-]`);
  const tenantCount = opts.tenants ?? 12;
  const clusterCount = opts.clusters ?? KINDS.length;
  if (tenantCount < 1 || clusterCount < 1) throw new RangeError('createPark: need at least one tenant and one cluster');

  const clusters: SimulatedCluster[] = [];
  for (let i = 0; i < clusterCount; i++) {
    const k = KINDS[i % KINDS.length];
    clusters.push({
      id: `${prefix}-${k.short}-${Math.floor(i / KINDS.length) + 1}`,
      kind: k.kind,
      scheduler: k.scheduler,
      skus: k.skus,
    });
  }
  const tenants: SimulatedTenant[] = [];
  for (let i = 0; i < tenantCount; i++) {
    const profile = i < PROFILES.length ? PROFILES[i] : rng.pick(PROFILES);
    tenants.push({
      id: `${prefix}-t${String(i + 1).padStart(2, '0')}`,
      name: `${rng.pick(NAME_A)}${NAME_B[profile]}${i + 1}`,
      profile,
    });
  }
  const bindings = new Map<string, Set<string>>(clusters.map((c) => [c.id, new Set<string>()]));
  for (const t of tenants) {
    const eligible = clusters.filter((c) => PROFILE_KINDS[t.profile].includes(c.kind));
    const chosen = eligible.filter(() => rng.chance(0.75));
    if (chosen.length === 0 && eligible.length > 0) chosen.push(rng.pick(eligible));
    for (const c of chosen) bindings.get(c.id)?.add(t.id);
  }
  for (const c of clusters) {
    const bound = bindings.get(c.id);
    if (bound !== undefined && bound.size === 0) bound.add(rng.pick(tenants).id);
  }
  return { seed, prefix, tenants, clusters, bindings, catalogue: PARK_CATALOGUE, skus: PARK_SKUS };
}
