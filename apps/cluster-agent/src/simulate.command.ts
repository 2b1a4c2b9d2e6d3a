import { createPark, generateRecords, totals, withRetries, type UsageRecordWire } from '@park/usage-domain';
import { EXIT, usageError, type ExitCode } from './agent.errors';
import { loadPrivateKey, type AgentIdentity, type GatewayClient } from './gateway.client';
import { cutBatches, emptyTally, pushBatches, summaryLine, type Output } from './push.command';
import { readJson } from './sources';

export interface SimulateArgs {
  readonly seed: number;
  readonly tenants: number;
  readonly clusters: number;
  readonly prefix?: string;
  /** Distinct records per second. */
  readonly rate: number;
  readonly durationS: number;
  /** Share of records sent a second time (agent retries), within and across batches. */
  readonly retryRate: number;
  readonly batchSize: number;
  readonly credentialsFile: string;
  readonly clientFor: (identity: AgentIdentity) => GatewayClient;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * `{ "<cluster id>": { "keyId": "ak_…", "privateKeyPem": "-----BEGIN PRIVATE KEY-----…" } }`, as write-credentials
 * writes.
 */
export function loadCredentials(file: string): Map<string, AgentIdentity> {
  const json = readJson(file, 'credentials file');
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw usageError(`credentials file ${file} must be a JSON object: cluster id → { keyId, privateKeyPem }`);
  const out = new Map<string, AgentIdentity>();
  for (const [clusterId, v] of Object.entries(json)) {
    const c = v as { keyId?: unknown; privateKeyPem?: unknown } | null;
    if (typeof c?.keyId !== 'string' || typeof c.privateKeyPem !== 'string')
      throw usageError(`credentials file ${file}: cluster ${clusterId} needs string keyId and privateKeyPem`);
    out.set(clusterId, {
      clusterId,
      keyId: c.keyId,
      privateKey: loadPrivateKey(c.privateKeyPem, `credentials file ${file}, cluster ${clusterId}`),
    });
  }
  return out;
}

function byCluster(records: readonly UsageRecordWire[]): Map<string, UsageRecordWire[]> {
  const out = new Map<string, UsageRecordWire[]>();
  for (const r of records) {
    const list = out.get(r.cluster_id);
    if (list) list.push(r);
    else out.set(r.cluster_id, [r]);
  }
  return out;
}

/**
 * Generates a deterministic park's usage (ended within the last `duration` seconds) with the usage-domain simulator,
 * adds re-sent copies, and pushes it in `duration` one-second ticks, each cluster signing with its own key.
 */
export async function runSimulate(args: SimulateArgs, io: Output): Promise<ExitCode> {
  const park = createPark(args.seed, {
    tenants: args.tenants,
    clusters: args.clusters,
    ...(args.prefix === undefined ? {} : { prefix: args.prefix }),
  });
  const credentials = loadCredentials(args.credentialsFile);
  const missing = park.clusters.map((c) => c.id).filter((id) => !credentials.has(id));
  if (missing.length > 0) {
    throw usageError(
      `credentials file ${args.credentialsFile} has no key for cluster(s) ${missing.join(', ')}; ` +
        `use the same --seed, --tenants, --clusters and --prefix as the park was seeded with (it has ` +
        `${[...credentials.keys()].slice(0, 5).join(', ') || 'no clusters'})`,
    );
  }
  const clients = new Map(park.clusters.map((c) => [c.id, args.clientFor(credentials.get(c.id)!)]));
  const sleep = args.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  const started = Date.now();
  const count = Math.max(1, Math.round(args.rate * args.durationS));
  const records = generateRecords(park, { from: started - args.durationS * 1000, to: started, count, seed: args.seed });
  const stream = withRetries(records, { rate: args.retryRate, seed: args.seed });
  const expected = totals(stream);
  io.out(
    `simulating park ${park.prefix} (seed ${args.seed}): ${records.length} records + ` +
      `${stream.length - records.length} re-sends over ${args.durationS} s for ${park.clusters.length} clusters`,
  );

  const perTick = Math.ceil(stream.length / args.durationS);
  const tally = emptyTally();
  try {
    for (let tick = 0, at = 0; at < stream.length; tick++, at += perTick) {
      for (const [clusterId, list] of byCluster(stream.slice(at, at + perTick))) {
        await pushBatches(clients.get(clusterId)!, clusterId, cutBatches(list, args.batchSize), tally, io);
      }
      const wait = started + (tick + 1) * 1000 - Date.now();
      if (wait > 0 && at + perTick < stream.length) await sleep(wait);
    }
  } finally {
    io.out(summaryLine(tally));
  }
  io.out(
    `simulated ${expected.count} distinct records and ${expected.duplicates} re-sent copies in ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return tally.rejected > 0 ? EXIT.recordsRejected : EXIT.ok;
}
