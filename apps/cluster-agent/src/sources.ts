import { readFileSync } from 'node:fs';
import {
  UsageSourceFormatError,
  parsePodUsageFeed,
  parseSacct,
  type JobType,
  type PodFeedParseOptions,
  type SacctParseOptions,
  type SkippedJob,
  type UsageRecordWire,
} from '@park/usage-domain';
import { usageError } from './agent.errors';

export type SourceKind = 'sacct' | 'k8s-feed' | 'records';

export interface SourceOptions {
  readonly clusterId: string;
  readonly kind: SourceKind;
  readonly file: string;
  /** Slurm account (sacct) or Kubernetes namespace (feed) → tenant id. */
  readonly tenantMapFile?: string;
  /** Overrides of DEFAULT_SKU_MAP. */
  readonly skuMapFile?: string;
  /** sacct prints local times: minutes east of UTC of the Slurm controller. */
  readonly utcOffsetMinutes?: number;
}

export interface LoadedSource {
  readonly records: UsageRecordWire[];
  readonly skipped: readonly SkippedJob[];
}

/** How job accounting maps to the park's SKUs; `--sku-map FILE` replaces any of these keys. */
export interface SkuMap {
  readonly gresSkus: Readonly<Record<string, string>>;
  readonly partitionSkus: Readonly<Record<string, { readonly sku: string; readonly per: 'node' | 'cpu' }>>;
  readonly partitionJobTypes: Readonly<Record<string, JobType>>;
  readonly defaultJobType: JobType;
  /** Non-accelerator jobs and pods bill per core under this SKU; null skips them. */
  readonly cpuSku: string | null;
  readonly resourceSkus: Readonly<Record<string, string>>;
  readonly gpuProductSkus: Readonly<Record<string, string>>;
}

export const DEFAULT_SKU_MAP: SkuMap = {
  gresSkus: {
    'gpu:h100': 'gpu.h100-80g',
    'gpu:a800': 'gpu.a800-80g',
    'gpu:l40s': 'gpu.l40s-48g',
    'npu:910b': 'gpu.ascend-910b',
    npu: 'gpu.ascend-910b',
    'mlu:370': 'gpu.mlu370-x8',
    'mlu:mlu370': 'gpu.mlu370-x8',
    'dcu:z100': 'gpu.hygon-dcu-z100',
  },
  partitionSkus: { render: { sku: 'render.node', per: 'node' } },
  partitionJobTypes: {},
  defaultJobType: 'other',
  cpuSku: 'cpu.core',
  resourceSkus: {
    'huawei.com/Ascend910': 'gpu.ascend-910b',
    'cambricon.com/mlu': 'gpu.mlu370-x8',
    'hygon.com/dcu': 'gpu.hygon-dcu-z100',
  },
  gpuProductSkus: {
    'NVIDIA-H100-80GB-HBM3': 'gpu.h100-80g',
    'NVIDIA-A800-SXM4-80GB': 'gpu.a800-80g',
    'NVIDIA-L40S': 'gpu.l40s-48g',
  },
};

/** Skips that are part of normal accounting output; the others deserve the administrator's eye. */
export const ROUTINE_SKIPS: ReadonlySet<SkippedJob['reason']> = new Set(['job_step', 'not_finished', 'never_started']);

export function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw usageError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export function readJson(file: string, what: string): unknown {
  const text = readText(file, what);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw usageError(`${what} ${file} is not JSON: ${(e as Error).message}`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readTenantMap(file: string): Record<string, string> {
  const map = readJson(file, 'tenant map');
  if (!isObject(map))
    throw usageError(`tenant map ${file} must be a JSON object: { "<account or namespace>": "<tenant id>" }`);
  const bad = Object.entries(map)
    .filter(([, v]) => typeof v !== 'string' || v === '')
    .map(([k]) => k);
  if (bad.length > 0)
    throw usageError(`tenant map ${file}: the tenant id of ${bad.slice(0, 5).join(', ')} must be a non-empty string`);
  return map as Record<string, string>;
}

function readSkuMap(file: string | undefined): SkuMap {
  if (file === undefined) return DEFAULT_SKU_MAP;
  const overrides = readJson(file, 'SKU map');
  if (!isObject(overrides))
    throw usageError(`SKU map ${file} must be a JSON object with any of: ${Object.keys(DEFAULT_SKU_MAP).join(', ')}`);
  const unknown = Object.keys(overrides).filter((k) => !(k in DEFAULT_SKU_MAP));
  if (unknown.length > 0)
    throw usageError(
      `SKU map ${file}: unknown key(s) ${unknown.join(', ')}; known: ${Object.keys(DEFAULT_SKU_MAP).join(', ')}`,
    );
  return { ...DEFAULT_SKU_MAP, ...overrides } as SkuMap;
}

/** Namespaces without a tenant label get one from the tenant map; a label set on the namespace wins. */
function withTenantLabels(feed: unknown, tenants: Record<string, string>, label: string): unknown {
  if (!isObject(feed)) return feed;
  const listed = Array.isArray(feed.namespaces) ? (feed.namespaces as unknown[]) : [];
  const names = new Set<string>();
  const namespaces = listed.map((ns) => {
    if (!isObject(ns) || typeof ns.name !== 'string') return ns;
    names.add(ns.name);
    const labels = isObject(ns.labels) ? ns.labels : {};
    const tenant = tenants[ns.name];
    return tenant === undefined || typeof labels[label] === 'string'
      ? ns
      : { ...ns, labels: { ...labels, [label]: tenant } };
  });
  for (const [name, tenant] of Object.entries(tenants))
    if (!names.has(name)) namespaces.push({ name, labels: { [label]: tenant } });
  return { ...feed, namespaces };
}

function readRecordLines(file: string): UsageRecordWire[] {
  const records: UsageRecordWire[] = [];
  readText(file, 'records file')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line) as unknown;
      } catch (e) {
        throw usageError(`records file ${file} line ${i + 1} is not JSON: ${(e as Error).message}`);
      }
      if (!isObject(value))
        throw usageError(`records file ${file} line ${i + 1}: each line must be one usage record (a JSON object)`);
      // Field checks are the gateway's (and --dry-run's): a wrong record is answered with its reason, not dropped here.
      records.push(value as unknown as UsageRecordWire);
    });
  return records;
}

/** Reads a job-accounting file and turns it into wire records with the parsers' deterministic event ids. */
export function loadRecords(opts: SourceOptions): LoadedSource {
  if (opts.kind === 'records') return { records: readRecordLines(opts.file), skipped: [] };
  const skus = readSkuMap(opts.skuMapFile);
  try {
    if (opts.kind === 'sacct') {
      if (opts.tenantMapFile === undefined)
        throw usageError('--sacct needs --tenant-map FILE: which Slurm account is which tenant');
      const parse: SacctParseOptions = {
        clusterId: opts.clusterId,
        accountTenants: readTenantMap(opts.tenantMapFile),
        gresSkus: skus.gresSkus,
        partitionSkus: skus.partitionSkus,
        cpuSku: skus.cpuSku,
        partitionJobTypes: skus.partitionJobTypes,
        defaultJobType: skus.defaultJobType,
        utcOffsetMinutes: opts.utcOffsetMinutes ?? 0,
      };
      return parseSacct(readText(opts.file, 'sacct output'), parse);
    }
    const parse: PodFeedParseOptions = {
      clusterId: opts.clusterId,
      resourceSkus: skus.resourceSkus,
      gpuProductSkus: skus.gpuProductSkus,
      cpuSku: skus.cpuSku,
      defaultJobType: skus.defaultJobType,
    };
    const feed = readJson(opts.file, 'Kubernetes feed');
    const tenants = opts.tenantMapFile === undefined ? undefined : readTenantMap(opts.tenantMapFile);
    return parsePodUsageFeed(tenants === undefined ? feed : withTenantLabels(feed, tenants, 'park.io/tenant'), parse);
  } catch (e) {
    if (e instanceof UsageSourceFormatError) throw usageError(`${opts.file}: ${e.message}`);
    throw e;
  }
}

/** Describes the jobs the parser left out: routine ones counted, the others one line each. */
export function describeSkipped(skipped: readonly SkippedJob[]): string[] {
  const lines: string[] = [];
  const routine = new Map<string, number>();
  for (const s of skipped) {
    if (ROUTINE_SKIPS.has(s.reason)) routine.set(s.reason, (routine.get(s.reason) ?? 0) + 1);
    else
      lines.push(
        `skipped job ${s.jobId || '?'} (entry ${s.position}): ` +
          `${s.reason}${s.detail === undefined ? '' : ` (${s.detail})`}`,
      );
  }
  if (routine.size > 0)
    lines.push(`not billed yet or not jobs: ${[...routine].map(([reason, n]) => `${n} ${reason}`).join(', ')}`);
  return lines;
}
