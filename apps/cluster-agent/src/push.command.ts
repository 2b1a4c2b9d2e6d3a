import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { PARK_CATALOGUE, totals, validateBatch, type UsageRecordWire } from '@park/usage-domain';
import { AgentError, EXIT, usageError, type ExitCode } from './agent.errors';
import { describeRefusal, type GatewayClient } from './gateway.client';
import { describeSkipped, loadRecords, type SourceKind } from './sources';

export const MAX_BATCH_RECORDS = 5_000;
/** The gateway's limit is 4 MiB per body; keep a margin for the envelope. */
const MAX_BATCH_BYTES = 4 * 1024 * 1024 - 16 * 1024;

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export interface PushTally {
  pushed: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  batches: number;
  retries: number;
}

interface RecordAnswer {
  index: number;
  event_id?: string;
  status: 'accepted' | 'duplicate' | 'rejected';
  reason_code?: string;
  message?: string;
}

export function emptyTally(): PushTally {
  return { pushed: 0, accepted: 0, duplicates: 0, rejected: 0, batches: 0, retries: 0 };
}

export function summaryLine(t: PushTally): string {
  return (
    `pushed ${t.pushed} records: ${t.accepted} accepted, ${t.duplicates} duplicates, ${t.rejected} rejected, ` +
    `in ${t.batches} batches, ${t.retries} retries`
  );
}

/** Cuts records into batches of at most `size` records and the gateway's body limit, keeping their order. */
export function cutBatches(records: readonly UsageRecordWire[], size: number): UsageRecordWire[][] {
  const batches: UsageRecordWire[][] = [];
  let current: UsageRecordWire[] = [];
  let bytes = 0;
  for (const r of records) {
    const n = Buffer.byteLength(JSON.stringify(r)) + 1;
    if (current.length > 0 && (current.length >= size || bytes + n > MAX_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += n;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Same records → same batch id, so the gateway's logs tie a retried batch to its first attempt. */
function batchId(clusterId: string, records: readonly UsageRecordWire[]): string {
  const h = createHash('sha256');
  for (const r of records) h.update(`${String(r.event_id)}\n`);
  return `${clusterId.slice(0, 60)}-${h.digest('hex').slice(0, 32)}`;
}

/**
 * Pushes one cluster's batches in order. Per-record rejections are reported and counted; a request refused as a
 * whole (400, 401, other 4xx) stops the push with exit code 3, since the next batch would fail the same way.
 */
export async function pushBatches(
  client: GatewayClient,
  clusterId: string,
  batches: readonly UsageRecordWire[][],
  tally: PushTally,
  io: Output,
): Promise<void> {
  for (const records of batches) {
    const answer = await client.send('POST', '/v1/usage/batches', { batch_id: batchId(clusterId, records), records });
    tally.retries += answer.retries;
    if (answer.status !== 200) {
      throw new AgentError(
        `gateway refused batch ${tally.batches + 1} (HTTP ${answer.status}) ` +
          `${describeRefusal(answer.status, answer.body)}`,
        EXIT.refused,
      );
    }
    const body = answer.body as { results?: RecordAnswer[] } | undefined;
    const results = Array.isArray(body?.results) ? body.results : [];
    if (results.length !== records.length) {
      throw new AgentError(
        `gateway answered ${results.length} results for ${records.length} records in batch ${tally.batches + 1}`,
        EXIT.unavailable,
      );
    }
    const offset = tally.pushed;
    tally.batches++;
    tally.pushed += records.length;
    for (const r of results) {
      if (r.status === 'accepted') tally.accepted++;
      else if (r.status === 'duplicate') tally.duplicates++;
      else {
        tally.rejected++;
        io.err(
          `rejected record ${offset + r.index} event_id=${r.event_id || '?'} ${r.reason_code ?? '?'}: ` +
            `${r.message ?? ''}`,
        );
      }
    }
  }
}

export interface PushArgs {
  readonly clusterId: string;
  readonly source: { readonly kind: SourceKind; readonly file: string };
  readonly tenantMapFile?: string;
  readonly skuMapFile?: string;
  readonly utcOffsetMinutes?: number;
  readonly batchSize: number;
  readonly dryRun: boolean;
  /** --dry-run: where to write the records as JSON lines (re-usable with --records). */
  readonly outFile?: string;
  /** Built lazily: a dry run needs no key or gateway. */
  readonly client: () => GatewayClient;
}

export async function runPush(args: PushArgs, io: Output): Promise<ExitCode> {
  const { records, skipped } = loadRecords({
    clusterId: args.clusterId,
    kind: args.source.kind,
    file: args.source.file,
    tenantMapFile: args.tenantMapFile,
    skuMapFile: args.skuMapFile,
    utcOffsetMinutes: args.utcOffsetMinutes,
  });
  for (const line of describeSkipped(skipped)) io.err(line);
  const batches = cutBatches(records, args.batchSize);
  if (args.dryRun) return dryRun(args, records, batches, io);

  const client = args.client();
  const tally = emptyTally();
  try {
    await pushBatches(client, args.clusterId, batches, tally, io);
  } finally {
    io.out(summaryLine(tally));
  }
  return tally.rejected > 0 ? EXIT.recordsRejected : EXIT.ok;
}

/** Validates locally as the gateway would, except tenant bindings, which only the park knows. */
function dryRun(args: PushArgs, records: UsageRecordWire[], batches: UsageRecordWire[][], io: Output): ExitCode {
  const now = Date.now();
  let valid = 0;
  let duplicates = 0;
  let invalid = 0;
  let offset = 0;
  const good: UsageRecordWire[] = [];
  for (const batch of batches) {
    const v = validateBatch(
      { records: batch },
      { clusterId: args.clusterId, boundTenants: 'unchecked', catalogue: PARK_CATALOGUE, now },
    );
    if (!v.ok) throw usageError(`batch would be refused: ${v.issues.map((i) => i.message).join('; ')}`);
    valid += v.counts.accepted;
    duplicates += v.counts.duplicate;
    invalid += v.counts.rejected;
    for (const r of v.results) {
      if (r.status === 'rejected')
        io.err(`invalid record ${offset + r.index} event_id=${r.eventId ?? '?'} ${r.reason}: ${r.message}`);
      else good.push(batch[r.index]);
    }
    offset += batch.length;
  }
  // What would be counted, per tenant × SKU: each (cluster, event id) once, invalid records left out.
  const t = totals(good);
  for (const line of t.lines)
    io.out(`  ${line.tenantId}  ${line.sku}  ${line.count} records  quantity ${line.quantity}`);
  if (args.outFile !== undefined) {
    try {
      writeFileSync(args.outFile, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    } catch (e) {
      throw usageError(`cannot write ${args.outFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  io.out(
    `dry run: would push ${records.length} records for cluster ${args.clusterId} in ${batches.length} batches: ` +
      `${valid} valid, ${duplicates} duplicates, ${invalid} invalid`,
  );
  return invalid > 0 ? EXIT.recordsRejected : EXIT.ok;
}
