import type { JobType, UsageRecordWire } from '../record/usage-record.types';
import { fromMicrosNumber } from '../quantity/quantity.codec';
import { MS_PER_DAY, MS_PER_HOUR, parseTimestamp } from '../time/timestamp.codec';
import { Rng, WeightedTable } from './mulberry32.rng';
import type { Park, SimulatedCluster } from './park.factory';

export interface GenerateOptions {
  /** Window of ended_at, [from, to): epoch ms or RFC 3339. Keep `to` ≤ the validator's now. */
  readonly from: number | string;
  readonly to: number | string;
  /** Number of records; or give ratePerSecond (records per second of the window). */
  readonly count?: number;
  readonly ratePerSecond?: number;
  /** Default: the park's seed. */
  readonly seed?: number;
  /**
   * Share of records forced to straddle a UTC midnight, an Asia/Shanghai midnight (16:00 UTC) or month start. Default
   * 0.1.
   */
  readonly boundaryShare?: number;
}

type Category = 'gpu' | 'cpu' | 'render';

interface Shape {
  readonly devices: WeightedTable<number>;
  readonly minSeconds: number;
  readonly maxSeconds: number;
  /** Milliseconds in times and hence decimals in quantities. */
  readonly msPrecision: boolean;
}

const SHAPES: Readonly<Record<Category, Partial<Record<JobType, Shape>>>> = {
  gpu: {
    training: {
      devices: new WeightedTable([
        [8, 5],
        [16, 4],
        [32, 2],
        [64, 1],
      ]),
      minSeconds: 1_800,
      maxSeconds: 72 * 3_600,
      msPrecision: false,
    },
    inference: {
      devices: new WeightedTable([
        [1, 6],
        [2, 3],
        [4, 1],
      ]),
      minSeconds: 2,
      maxSeconds: 2_700,
      msPrecision: true,
    },
    development: {
      devices: new WeightedTable([
        [1, 3],
        [2, 1],
      ]),
      minSeconds: 600,
      maxSeconds: 10 * 3_600,
      msPrecision: false,
    },
    other: {
      devices: new WeightedTable([
        [1, 2],
        [2, 2],
        [4, 1],
        [8, 1],
      ]),
      minSeconds: 60,
      maxSeconds: 6 * 3_600,
      msPrecision: false,
    },
  },
  render: {
    render: {
      devices: new WeightedTable([
        [1, 4],
        [2, 3],
        [4, 2],
        [8, 1],
      ]),
      minSeconds: 120,
      maxSeconds: 3 * 3_600,
      msPrecision: false,
    },
    other: { devices: new WeightedTable([[1, 1]]), minSeconds: 60, maxSeconds: 3_600, msPrecision: false },
  },
  cpu: {
    other: {
      devices: new WeightedTable([
        [4, 3],
        [8, 3],
        [16, 2],
        [32, 2],
        [64, 1],
        [128, 1],
        [256, 1],
      ]),
      minSeconds: 60,
      maxSeconds: 12 * 3_600,
      msPrecision: true,
    },
    development: {
      devices: new WeightedTable([
        [4, 2],
        [8, 1],
      ]),
      minSeconds: 300,
      maxSeconds: 8 * 3_600,
      msPrecision: true,
    },
    render: {
      devices: new WeightedTable([
        [16, 1],
        [32, 2],
        [64, 1],
      ]),
      minSeconds: 120,
      maxSeconds: 2 * 3_600,
      msPrecision: true,
    },
    inference: {
      devices: new WeightedTable([
        [2, 1],
        [4, 1],
      ]),
      minSeconds: 1,
      maxSeconds: 600,
      msPrecision: true,
    },
  },
};

const JOB_TYPES: Readonly<Record<Category, WeightedTable<JobType>>> = {
  gpu: new WeightedTable<JobType>([
    ['training', 35],
    ['inference', 40],
    ['development', 18],
    ['other', 7],
  ]),
  render: new WeightedTable<JobType>([
    ['render', 95],
    ['other', 5],
  ]),
  cpu: new WeightedTable<JobType>([
    ['other', 50],
    ['development', 20],
    ['render', 20],
    ['inference', 10],
  ]),
};

const MODELS = [
  'qwen2-7b',
  'qwen2-72b',
  'glm4-9b',
  'llama3-70b',
  'deepseek-v2-lite',
  'sdxl-1.0',
  'whisper-large-v3',
  'baichuan2-13b',
];
const PROJECTS = [
  '多模态客服',
  '苗绣纹样生成',
  '智慧矿山',
  '遥感解译',
  '方言语音识别',
  'digital-human',
  'video-dub',
  'drug-screening',
];
const SHOWS = ['西游新传-EP03', '黔岭奇谭-EP11', 'MoonCat-S2', '夜郎秘境-PV'];
const FRAMEWORKS: Readonly<Record<string, string>> = {
  'gpu.ascend-910b': 'mindspore',
  'gpu.mlu370-x8': 'cambricon-pytorch',
  'gpu.hygon-dcu-z100': 'dtk-pytorch',
};

interface ClusterPlan {
  readonly cluster: SimulatedCluster;
  readonly tenants: readonly string[];
  readonly skus: WeightedTable<string>;
}

function toMs(t: number | string, name: string): number {
  if (typeof t === 'number') return t;
  const p = parseTimestamp(t);
  if (!p.ok) throw new RangeError(`generateRecords: ${name} ${p.problem}`);
  return p.epochMs;
}

function category(sku: string): Category {
  return sku.startsWith('gpu.') ? 'gpu' : sku === 'render.node' ? 'render' : 'cpu';
}

function hash36(parts: readonly (string | number)[]): string {
  let h = 0x811c9dc5;
  const s = parts.join('|');
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/** The latest period boundary strictly before t: a UTC midnight, a Shanghai midnight or a Shanghai month start. */
function boundaryBefore(t: number, rng: Rng): number {
  const x = rng.next();
  if (x < 0.4) return Math.floor((t - 1) / MS_PER_DAY) * MS_PER_DAY;
  const shanghai = 8 * MS_PER_HOUR;
  if (x < 0.8) return Math.floor((t - 1 + shanghai) / MS_PER_DAY) * MS_PER_DAY - shanghai;
  const local = new Date(t - 1 + shanghai);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - shanghai;
}

/**
 * Lazily generates valid records for the park, ended_at spread evenly over [from, to) in
 * (nearly) increasing order. Deterministic: same park, options and seed → same records.
 */
export function* recordStream(park: Park, opts: GenerateOptions): Generator<UsageRecordWire> {
  const from = toMs(opts.from, 'from');
  const to = toMs(opts.to, 'to');
  if (!(to > from)) throw new RangeError('generateRecords: to must be after from');
  const count = opts.count ?? Math.round(((opts.ratePerSecond ?? 0) * (to - from)) / 1000);
  const seed = opts.seed ?? park.seed;
  const boundaryShare = opts.boundaryShare ?? 0.1;
  const rng = new Rng(seed).fork(`records:${from}:${to}:${count}`);
  const tag = `${park.prefix}.${hash36([seed, from, to, count])}`;
  const plans: ClusterPlan[] = park.clusters
    .map((cluster) => ({
      cluster,
      tenants: [...(park.bindings.get(cluster.id) ?? [])].sort(),
      skus: new WeightedTable(cluster.skus),
    }))
    .filter((p) => p.tenants.length > 0);
  if (plans.length === 0) throw new RangeError('generateRecords: no cluster has a bound tenant');
  const clusterTable = new WeightedTable(plans.map((p) => [p, p.cluster.kind === 'inference' ? 3 : 2] as const));
  const step = (to - from) / Math.max(count, 1);

  for (let i = 0; i < count; i++) {
    const plan = clusterTable.pick(rng);
    const tenantId = rng.pick(plan.tenants);
    const sku = plan.skus.pick(rng);
    const cat = category(sku);
    const jobType = JOB_TYPES[cat].pick(rng);
    const shape = SHAPES[cat][jobType] ?? (SHAPES[cat].other as Shape);
    const devices = shape.devices.pick(rng);

    let endedAt = Math.min(to - 1, Math.floor(from + (i + rng.next()) * step));
    let durationMs = rng.logUniform(shape.minSeconds, shape.maxSeconds) * 1000;
    if (shape.msPrecision) {
      durationMs = Math.floor(durationMs);
    } else {
      endedAt -= endedAt % 1000;
      durationMs = Math.floor(durationMs / 1000) * 1000;
    }
    if (endedAt < from) endedAt = from;
    let startedAt = endedAt - durationMs;
    if (rng.next() < boundaryShare && jobType !== 'inference') {
      const boundary = boundaryBefore(endedAt, rng);
      if (endedAt - boundary <= 7 * MS_PER_DAY && startedAt >= boundary)
        startedAt = boundary - rng.int(1, 7_200) * 1000;
    }
    durationMs = endedAt - startedAt;

    // CPU jobs use part of what they reserved (millicores); the rest bill whole devices.
    const micros =
      cat === 'cpu'
        ? Math.max(1, devices * 1000 - rng.int(0, devices * 500)) * durationMs
        : devices * durationMs * 1000;
    const attributes: Record<string, string> = { project: rng.pick(PROJECTS) };
    if (jobType === 'render') {
      const first = 1001 + rng.int(0, 40) * 24;
      attributes.show = rng.pick(SHOWS);
      attributes.shot = `SH${String(rng.int(1, 240) * 10).padStart(4, '0')}`;
      attributes.frame_range = `${first}-${first + rng.int(1, 8) * 24 - 1}`;
    } else if (cat === 'gpu') {
      attributes.model = rng.pick(MODELS);
      if (jobType === 'training') attributes.framework = FRAMEWORKS[sku] ?? rng.pick(['megatron-lm', 'deepspeed']);
    }
    yield {
      event_id: `${tag}.${i.toString(36)}`,
      cluster_id: plan.cluster.id,
      tenant_id: tenantId,
      job_id: plan.cluster.scheduler === 'slurm' ? String(100_000 + i) : `${tenantId}/${jobType}-${i.toString(36)}`,
      job_type: jobType,
      sku,
      quantity: fromMicrosNumber(micros),
      device_count: devices,
      started_at: new Date(startedAt).toISOString(),
      ended_at: new Date(endedAt).toISOString(),
      attributes,
    };
  }
}

export function generateRecords(park: Park, opts: GenerateOptions): UsageRecordWire[] {
  return Array.from(recordStream(park, opts));
}
