import { isJobType, type JobType, type UsageRecordWire } from '../record/usage-record.types';
import { fromMicros } from '../quantity/quantity.codec';
import { sanitizeText } from '../text/unicode.guard';
import { formatTimestamp, parseTimestamp } from '../time/timestamp.codec';
import { UsageSourceFormatError, eventIdPart, type AgentParseResult, type SkippedJob } from './agent-parse.types';

/**
 * The feed a GPU-operator-style exporter writes: finished pods with their accelerator requests.
 * Tenancy comes from the *namespace* label, which only cluster admins set; a pod cannot pick its tenant.
 */
export interface PodUsageFeed {
  readonly apiVersion: 'metering.park.io/v1';
  readonly kind: 'PodUsageFeed';
  readonly cluster: string;
  readonly generatedAt: string;
  readonly namespaces: readonly { readonly name: string; readonly labels: Readonly<Record<string, string>> }[];
  readonly pods: readonly PodUsage[];
}

export interface PodUsage {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Owning workload, e.g. { kind: "Job", name: "qwen-sft" }. */
  readonly owner?: { readonly kind: string; readonly name: string };
  readonly nodeName?: string;
  /** Labels of the node, e.g. "nvidia.com/gpu.product": "NVIDIA-H100-80GB-HBM3". */
  readonly nodeLabels?: Readonly<Record<string, string>>;
  /** Pending | Running | Succeeded | Failed | Unknown. */
  readonly phase: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** Requests summed over containers: "nvidia.com/gpu": "8", "huawei.com/Ascend910": 8, "cpu": "1500m". */
  readonly resources: Readonly<Record<string, string | number>>;
}

export interface PodFeedParseOptions {
  readonly clusterId: string;
  /** Namespace label naming the tenant. Default "park.io/tenant". */
  readonly tenantLabel?: string;
  /** Pod label naming the job type. Default "park.io/job-type". */
  readonly jobTypeLabel?: string;
  readonly defaultJobType?: JobType;
  /** Extended resource → sku, e.g. { "huawei.com/Ascend910": "gpu.ascend-910b", "nvidia.com/gpu": "gpu.a800-80g" }. */
  readonly resourceSkus: Readonly<Record<string, string>>;
  /** For "nvidia.com/gpu": node label value of nvidia.com/gpu.product → sku; wins over resourceSkus. */
  readonly gpuProductSkus?: Readonly<Record<string, string>>;
  /** Sku for pods without accelerators, per requested core; null (default) skips them. */
  readonly cpuSku?: string | null;
}

const GPU_PRODUCT_LABEL = 'nvidia.com/gpu.product';
const CPU = /^(\d+)(?:\.(\d{1,3}))?(m?)$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringMap(v: unknown): Record<string, string> {
  if (!isRecord(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** "1500m" | "1.5" | 2 → millicores. */
function millicores(v: string | number): number | undefined {
  const m = CPU.exec(String(v));
  if (!m) return undefined;
  if (m[3] === 'm') return m[2] === undefined ? Number(m[1]) : undefined;
  return Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
}

function count(v: string | number | undefined): number | undefined {
  const n = typeof v === 'number' ? v : v === undefined || !/^\d+$/.test(v) ? NaN : Number(v);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Turns a pod usage feed into records: one per accelerator resource of each finished pod, or one
 * per CPU pod when cpuSku is set. Event ids are `k8s:<cluster>:<pod uid>:<sku>`.
 */
export function parsePodUsageFeed(input: unknown, opts: PodFeedParseOptions): AgentParseResult {
  if (!isRecord(input) || input.kind !== 'PodUsageFeed' || !Array.isArray(input.pods)) {
    throw new UsageSourceFormatError('not a PodUsageFeed: expected { kind: "PodUsageFeed", pods: [...] }');
  }
  if (typeof input.cluster === 'string' && input.cluster !== opts.clusterId) {
    throw new UsageSourceFormatError(`feed is for cluster ${input.cluster}, this agent is ${opts.clusterId}`);
  }
  const tenantLabel = opts.tenantLabel ?? 'park.io/tenant';
  const jobTypeLabel = opts.jobTypeLabel ?? 'park.io/job-type';
  const tenants = new Map<string, string>();
  for (const ns of Array.isArray(input.namespaces) ? input.namespaces : []) {
    if (isRecord(ns) && typeof ns.name === 'string') {
      const t = stringMap(ns.labels)[tenantLabel];
      if (t !== undefined) tenants.set(ns.name, t);
    }
  }
  const records: UsageRecordWire[] = [];
  const skipped: SkippedJob[] = [];
  input.pods.forEach((pod: unknown, position) => {
    const jobId =
      isRecord(pod) && typeof pod.namespace === 'string' && typeof pod.name === 'string'
        ? `${pod.namespace}/${pod.name}`
        : '';
    const skip = (reason: SkippedJob['reason'], detail?: string): void => {
      skipped.push({ position, jobId, reason, ...(detail === undefined ? {} : { detail }) });
    };
    if (!isRecord(pod) || typeof pod.uid !== 'string' || pod.uid === '' || jobId === '' || !isRecord(pod.resources)) {
      skip('malformed_entry', 'uid, namespace, name and resources are required');
      return;
    }
    if (pod.phase !== 'Succeeded' && pod.phase !== 'Failed') {
      skip('not_finished', String(pod.phase));
      return;
    }
    if (typeof pod.startedAt !== 'string') {
      skip('never_started');
      return;
    }
    const start = parseTimestamp(pod.startedAt);
    const end = typeof pod.finishedAt === 'string' ? parseTimestamp(pod.finishedAt) : undefined;
    if (!start.ok || end === undefined || !end.ok || end.epochMs < start.epochMs) {
      skip('malformed_entry', 'unreadable startedAt or finishedAt');
      return;
    }
    const tenantId = tenants.get(pod.namespace as string);
    if (tenantId === undefined) {
      skip('unmapped_tenant', `namespace ${String(pod.namespace)} has no ${tenantLabel} label`);
      return;
    }
    const durationMs = end.epochMs - start.epochMs;
    const labels = stringMap(pod.labels);
    const nodeLabels = stringMap(pod.nodeLabels);
    const resources = pod.resources as Record<string, unknown>;
    const found: { sku: string; devices: number; micros: bigint }[] = [];
    for (const [resource, raw] of Object.entries(resources)) {
      if (resource === 'cpu' || resource === 'memory' || resource === 'ephemeral-storage') continue;
      const n = typeof raw === 'string' || typeof raw === 'number' ? count(raw) : undefined;
      if (n === undefined || n === 0) continue;
      const product = resource === 'nvidia.com/gpu' ? nodeLabels[GPU_PRODUCT_LABEL] : undefined;
      const sku = (product === undefined ? undefined : opts.gpuProductSkus?.[product]) ?? opts.resourceSkus[resource];
      if (sku === undefined) {
        skip('unknown_resource', product === undefined ? resource : `${resource} (${product})`);
        return;
      }
      // devices × ms × 1000 = device-seconds at scale 6.
      found.push({ sku, devices: n, micros: BigInt(n) * BigInt(durationMs) * 1000n });
    }
    if (found.length === 0 && opts.cpuSku) {
      const raw = resources.cpu;
      const mc = typeof raw === 'string' || typeof raw === 'number' ? millicores(raw) : undefined;
      // millicores × ms = micro core-seconds.
      if (mc !== undefined && mc > 0)
        found.push({ sku: opts.cpuSku, devices: Math.ceil(mc / 1000), micros: BigInt(mc) * BigInt(durationMs) });
    }
    if (found.length === 0) {
      skip('no_billable_resource');
      return;
    }
    const typeLabel = labels[jobTypeLabel];
    const jobType = typeLabel !== undefined && isJobType(typeLabel) ? typeLabel : (opts.defaultJobType ?? 'other');
    const owner = isRecord(pod.owner) && typeof pod.owner.name === 'string' ? pod.owner.name : undefined;
    const attributes: Record<string, string> = {
      namespace: pod.namespace as string,
      pod: sanitizeText(pod.name as string, 253),
    };
    if (typeof pod.nodeName === 'string') attributes.node = sanitizeText(pod.nodeName, 253);
    for (const [label, attr] of [
      ['park.io/project', 'project'],
      ['park.io/model', 'model'],
    ] as const) {
      if (labels[label] !== undefined) attributes[attr] = sanitizeText(labels[label], 256);
    }
    for (const f of found) {
      if (f.micros === 0n) {
        skip('zero_usage', f.sku);
        continue;
      }
      const eventId = `k8s:${eventIdPart(opts.clusterId)}:${eventIdPart(pod.uid as string)}:${eventIdPart(f.sku)}`;
      if (eventId.length > 128) {
        skip('event_id_too_long');
        continue;
      }
      records.push({
        event_id: eventId,
        cluster_id: opts.clusterId,
        tenant_id: tenantId,
        job_id: owner === undefined ? jobId : `${pod.namespace as string}/${owner}`,
        job_type: jobType,
        sku: f.sku,
        quantity: fromMicros(f.micros),
        device_count: f.devices,
        started_at: formatTimestamp(start.epochMs),
        ended_at: formatTimestamp(end.epochMs),
        attributes: { ...attributes },
      });
    }
  });
  return { records, skipped };
}
