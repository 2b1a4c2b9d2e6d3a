import type { JobType, UsageRecordWire } from '../record/usage-record.types';
import { sanitizeText } from '../text/unicode.guard';
import { MS_PER_MINUTE, formatTimestamp } from '../time/timestamp.codec';
import { UsageSourceFormatError, eventIdPart, type AgentParseResult, type SkippedJob } from './agent-parse.types';

export interface SacctParseOptions {
  readonly clusterId: string;
  /** Slurm account → tenant id. Jobs of other accounts are skipped. */
  readonly accountTenants: Readonly<Record<string, string>>;
  /** gres "name:type" or bare "name" → sku, e.g. { "gpu:h100": "gpu.h100-80g", "npu": "gpu.ascend-910b" }. */
  readonly gresSkus: Readonly<Record<string, string>>;
  /** Non-accelerator jobs in these partitions bill per node or per CPU under the given sku (e.g. render farm nodes). */
  readonly partitionSkus?: Readonly<Record<string, { readonly sku: string; readonly per: 'node' | 'cpu' }>>;
  /** Sku for other non-accelerator jobs, per allocated CPU; null to skip them. Default "cpu.core". */
  readonly cpuSku?: string | null;
  readonly partitionJobTypes?: Readonly<Record<string, JobType>>;
  readonly defaultJobType?: JobType;
  /**
   * sacct prints Start/End in the controller's local time without an offset: minutes east of UTC
   * (Asia/Shanghai = 480). Default 0.
   */
  readonly utcOffsetMinutes?: number;
}

const REQUIRED = ['JobID', 'Account', 'AllocTRES', 'Start', 'End', 'Elapsed', 'State'] as const;
const FINISHED = new Set([
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'TIMEOUT',
  'NODE_FAIL',
  'OUT_OF_MEMORY',
  'PREEMPTED',
  'BOOT_FAIL',
  'DEADLINE',
]);
const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;
const ELAPSED = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+)$/;

function parseLocal(text: string, offsetMinutes: number): number | undefined {
  const m = LOCAL_TIME.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return Number.isFinite(ms) ? ms - offsetMinutes * MS_PER_MINUTE : undefined;
}

/** "1-02:03:04" | "02:03:04" | "03:04" → seconds. */
export function parseElapsed(text: string): number | undefined {
  const m = ELAPSED.exec(text);
  if (!m) return undefined;
  return +(m[1] ?? 0) * 86_400 + +(m[2] ?? 0) * 3_600 + +m[3] * 60 + +m[4];
}

/** "cpu=64,gres/gpu:h100=8,gres/gpu=8,node=1" → Map { cpu → 64, gres/gpu:h100 → 8, … } (integer counts only). */
export function parseTres(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of text.split(',')) {
    const eq = part.lastIndexOf('=');
    if (eq <= 0) continue;
    const n = Number(part.slice(eq + 1));
    if (Number.isSafeInteger(n)) out.set(part.slice(0, eq), n);
  }
  return out;
}

interface Billable {
  readonly sku: string;
  readonly devices: number;
}

function billables(tres: Map<string, number>, partition: string, opts: SacctParseOptions): Billable[] | string {
  // Typed entries ("gres/gpu:h100=8") win over the bare total ("gres/gpu=8") of the same gres.
  const typed = new Map<string, number>();
  const bare = new Map<string, number>();
  for (const [key, n] of tres) {
    if (!key.startsWith('gres/') || n <= 0) continue;
    const name = key.slice(5);
    const colon = name.indexOf(':');
    if (colon < 0) bare.set(name, n);
    else typed.set(name, n);
  }
  const out: Billable[] = [];
  const typedGres = new Set<string>();
  for (const [name, n] of typed) {
    const sku = opts.gresSkus[name];
    if (sku === undefined) return `no sku for gres ${name}`;
    typedGres.add(name.slice(0, name.indexOf(':')));
    out.push({ sku, devices: n });
  }
  for (const [name, n] of bare) {
    if (typedGres.has(name)) continue;
    const sku = opts.gresSkus[name];
    // Other gres (licenses, shards) are not billed resources unless mapped.
    if (sku !== undefined) out.push({ sku, devices: n });
  }
  if (out.length > 0) return out;
  const bySku = opts.partitionSkus?.[partition];
  if (bySku !== undefined) {
    const n = tres.get(bySku.per === 'node' ? 'node' : 'cpu') ?? 0;
    return n > 0 ? [{ sku: bySku.sku, devices: n }] : [];
  }
  const cpuSku = opts.cpuSku === undefined ? 'cpu.core' : opts.cpuSku;
  const cpus = tres.get('cpu') ?? 0;
  return cpuSku !== null && cpus > 0 ? [{ sku: cpuSku, devices: cpus }] : [];
}

/**
 * Turns `sacct --parsable2` output into usage records. Event ids are
 * `slurm:<cluster>:<jobid>:<start unix seconds>:<sku>`: the start time keeps a requeued or
 * wrapped-around job id from colliding with an earlier run, the sku keeps multi-gres jobs apart.
 * Quantity = devices × Elapsed (which excludes suspended time), so it never exceeds devices × (End − Start).
 */
export function parseSacct(text: string, opts: SacctParseOptions): AgentParseResult {
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) return { records: [], skipped: [] };
  const header = lines[headerAt].split('|');
  const col = new Map(header.map((h, i) => [h.trim(), i]));
  const missing = REQUIRED.filter((h) => !col.has(h));
  if (missing.length > 0)
    throw new UsageSourceFormatError(
      `sacct output lacks the column(s) ${missing.join(', ')}; run sacct --parsable2 ` +
        `--format=${REQUIRED.join(',')},JobName,Partition`,
    );
  const offset = opts.utcOffsetMinutes ?? 0;
  const records: UsageRecordWire[] = [];
  const skipped: SkippedJob[] = [];

  for (let i = headerAt + 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = lines[i].split('|');
    const get = (name: string): string => {
      const at = col.get(name);
      return at === undefined ? '' : (cells[at] ?? '').trim();
    };
    const position = i + 1;
    const jobId = get('JobID');
    const skip = (reason: SkippedJob['reason'], detail?: string): void => {
      skipped.push({ position, jobId, reason, ...(detail === undefined ? {} : { detail }) });
    };
    if (cells.length !== header.length || jobId === '') {
      skip('malformed_entry', `expected ${header.length} fields, got ${cells.length}`);
      continue;
    }
    if (jobId.includes('.')) {
      skip('job_step');
      continue;
    }
    const state = get('State').split(' ')[0];
    if (!FINISHED.has(state)) {
      skip('not_finished', state);
      continue;
    }
    const start = get('Start');
    if (start === 'Unknown' || start === 'None' || start === '') {
      skip('never_started');
      continue;
    }
    const startedAt = parseLocal(start, offset);
    const endedAt = parseLocal(get('End'), offset);
    const elapsed = parseElapsed(get('Elapsed'));
    if (startedAt === undefined || endedAt === undefined || elapsed === undefined || endedAt < startedAt) {
      skip('malformed_entry', 'unreadable Start, End or Elapsed');
      continue;
    }
    const account = get('Account');
    const tenantId = opts.accountTenants[account];
    if (tenantId === undefined) {
      skip('unmapped_tenant', `account ${account}`);
      continue;
    }
    const partition = get('Partition');
    const found = billables(parseTres(get('AllocTRES')), partition, opts);
    if (typeof found === 'string') {
      skip('unknown_resource', found);
      continue;
    }
    if (found.length === 0) {
      skip('no_billable_resource');
      continue;
    }
    const seconds = Math.min(elapsed, Math.floor((endedAt - startedAt) / 1000));
    if (seconds <= 0) {
      skip('zero_usage');
      continue;
    }
    const attributes: Record<string, string> = { slurm_job_id: jobId, slurm_account: account, state };
    if (partition !== '') attributes.partition = partition;
    const jobName = sanitizeText(get('JobName'), 256);
    if (jobName !== '') attributes.job_name = jobName;
    const clusterPart = eventIdPart(opts.clusterId);
    for (const b of found) {
      // "+" (heterogeneous job component) becomes "_"; a job id is either an array or a het job, so no clash.
      const startSeconds = Math.floor(startedAt / 1000);
      const eventId = `slurm:${clusterPart}:${eventIdPart(jobId)}:${startSeconds}:${eventIdPart(b.sku)}`;
      if (eventId.length > 128) {
        skip('event_id_too_long');
        continue;
      }
      records.push({
        event_id: eventId,
        cluster_id: opts.clusterId,
        tenant_id: tenantId,
        job_id: jobId,
        job_type: opts.partitionJobTypes?.[partition] ?? opts.defaultJobType ?? 'other',
        sku: b.sku,
        quantity: String(BigInt(b.devices) * BigInt(seconds)),
        device_count: b.devices,
        started_at: formatTimestamp(startedAt),
        ended_at: formatTimestamp(endedAt),
        attributes: { ...attributes },
      });
    }
  }
  return { records, skipped };
}
