/**
 * `npm run bench:ingest`: the whole ingestion pipeline on this machine. A driver process (this one) pushes signed
 * batches over HTTP to `park` (gateway + sink + embedded ClickHouse, as `npm start` runs it) through the local
 * Kafka broker, and measures:
 *   - end-to-end throughput: N records from the first push until all N are counted in ClickHouse;
 *   - p99 push-to-queryable latency at half that rate: from sending a batch until a record of it is found stored;
 *   - Kafka's own producer ceiling against the same broker (ProducerPerformance, acks=all, idempotent).
 * Environment: BENCH_RECORDS (default 600000), BENCH_BATCH (2000), BENCH_CONCURRENCY (6), BENCH_LATENCY_SECONDS (20),
 * BENCH_EVENT_IDS (`sequential`, the simulator's ids, default; or `uuid`: random ids, as Kubernetes pod UIDs are).
 */
import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { PrismaClient } from '@prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
import { signedHeaders, type AgentCredential } from '@park/agent-auth';
import { CONSUMER_GROUPS, TOPICS } from '@park/kafka';
import { seedSimulatedPark } from '@park/park-seed';
import { createPark, recordStream, type UsageRecordWire } from '@park/usage-domain';
import {
  freePort,
  kafkaProducerCeiling,
  localBrokerPid,
  percentile,
  processCpuSeconds,
  ROOT,
  sleep,
  startApp,
  stopApp,
} from './bench-support';

const N = Number(process.env.BENCH_RECORDS ?? 600_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 6);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 20);
/** Random ids spread every sink look-up over the whole key range: its cost then grows with the table (README). */
const RANDOM_EVENT_IDS = (process.env.BENCH_EVENT_IDS ?? 'sequential') === 'uuid';
// a database of its own: the close benchmark recreates park_bench
const DATABASE_URL = process.env.BENCH_INGEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/park_bench_ingest';
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';

interface Batch {
  clusterId: string;
  /** The request body, encoded once: an agent builds its body once too, whatever it costs the driver. */
  body: Buffer;
  lastEventId: string;
  records: number;
}

async function main(): Promise<void> {
  const id = `b${Date.now().toString(36)}`;
  const log = (m: string) => process.stdout.write(`${m}\n`);
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: DATABASE_URL }) });
  const park = createPark(2026, { tenants: 40, clusters: 5, prefix: id });
  const { credentials } = await seedSimulatedPark(prisma, park);
  await prisma.$disconnect();

  const [port, grpcPort] = [await freePort(), await freePort()];
  const dataDir = path.join(ROOT, '.local', `bench-clickhouse-${id}`);
  const env = {
    ...process.env,
    PARK_MODE: 'test',
    PARK_DEMO: '0',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    GRPC_PORT: String(grpcPort),
    HOST: '127.0.0.1',
    DATABASE_URL,
    KAFKA_BROKERS: BROKERS,
    KAFKA_TOPIC_PREFIX: `${id}.`,
    CLICKHOUSE_DATA_DIR: dataDir,
    QUEUE_PREFIX: id,
  };
  log(
    `bench: ${N} records in batches of ${BATCH}, ${CONCURRENCY} pushes in flight, ` +
      `${RANDOM_EVENT_IDS ? 'random (UUID)' : "the simulator's sequential"} event ids; park on :${port}`,
  );
  const app = await startApp('park', env, port);
  const base = `http://127.0.0.1:${port}`;

  try {
    // 1. the broker's own ceiling, measured before the pipeline runs so neither slows the other
    // the perf tool's record size: one usage record as the gateway writes it into Kafka
    const sample = JSON.stringify(
      recordStream(park, { from: Date.now() - 86_400_000, to: Date.now() - 60_000, count: 1 }).next().value,
    );
    const perfTopic = `${id}.perf`;
    const kafka = new Kafka({ clientId: 'bench', brokers: BROKERS.split(',') });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: perfTopic, numPartitions: 6, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    const ceiling = kafkaProducerCeiling({
      topic: perfTopic,
      records: 1_000_000,
      recordSize: Buffer.byteLength(sample),
      brokers: BROKERS,
    });
    await admin.deleteTopics({ topics: [perfTopic] }).catch(() => undefined);
    await admin.disconnect();
    log(
      `kafka producer ceiling: ${Math.round(ceiling)} records/s (${Buffer.byteLength(sample)}-byte records, ` +
        `acks=all, idempotent)`,
    );

    // 2. end-to-end throughput: bodies prepared up front, so the driver spends its CPU on sending
    const now = Date.now();
    const batches = prepareBatches(
      recordStream(park, { from: now - 3 * 86_400_000, to: now - 120_000, count: N, seed: 7 }),
      BATCH,
    );
    const brokerPid = localBrokerPid();
    const cpuBefore = {
      park: processCpuSeconds(app.pid),
      broker: processCpuSeconds(brokerPid),
      driver: driverCpuSeconds(),
    };
    const started = Date.now();
    await pushAll(base, batches, credentials, CONCURRENCY);
    const pushedAt = Date.now();
    await waitSinkCaughtUp(kafka, `${id}.${TOPICS.usageRecords}`, `${id}.${CONSUMER_GROUPS.usageSink}`);
    const seconds = (Date.now() - started) / 1000;
    const rate = N / seconds;
    // the sink commits a batch only after ClickHouse stored it, so all N are queryable now: prove they count N
    const counted = await countedRecords(
      base,
      credentials,
      park.clusters.map((c) => c.id),
    );
    if (counted !== N) throw new Error(`the sink caught up but ClickHouse counts ${counted} records, not ${N}`);
    log(
      `throughput: ${N} records pushed in ${((pushedAt - started) / 1000).toFixed(1)} s, all counted after ` +
        `${seconds.toFixed(1)} s`,
    );
    // what the machine's cores went to: with 2 cores, the sum bounds throughput at 2,000,000 µs/s ÷ the total
    const perRecord = (before: number | undefined, after: number | undefined) =>
      before === undefined || after === undefined ? 'n/a' : `${(((after - before) * 1e6) / N).toFixed(1)} µs`;
    log(`sink: ${await sinkRuns(base)}`);
    log(
      `cpu per record: park ${perRecord(cpuBefore.park, processCpuSeconds(app.pid))}, driver ` +
        `${perRecord(cpuBefore.driver, driverCpuSeconds())}, broker ` +
        `${perRecord(cpuBefore.broker, processCpuSeconds(brokerPid))}`,
    );

    // 3. latency at half that rate: paced pushes, one sampled record per batch looked up until stored
    const latencies = await latencyAtRate(base, park, credentials, rate / 2, LATENCY_SECONDS);
    const p99 = percentile(latencies, 99);
    log(
      `latency at ${Math.round(rate / 2)} records/s: ${latencies.length} samples, p50 ${percentile(latencies, 50)} ` +
        `ms, p99 ${p99} ms`,
    );
    log(
      `ingest: ${Math.round(rate)} records/s end-to-end, p99 push-to-queryable ${p99} ms, kafka producer ceiling ` +
        `${Math.round(ceiling)} records/s, ratio ${(rate / ceiling).toFixed(2)}`,
    );
  } finally {
    await stopApp(app);
    fs.rmSync(dataDir, { recursive: true, force: true });
    await deleteRunTopics(id);
  }
}

/** The run's topics go with it: a broker that piles up hundreds of them restarts slower for everyone after. */
async function deleteRunTopics(prefix: string): Promise<void> {
  const admin = new Kafka({ clientId: 'bench', brokers: BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    await admin.deleteGroups(Object.values(CONSUMER_GROUPS).map((g) => `${prefix}.${g}`)).catch(() => undefined);
  } catch (error) {
    process.stderr.write(`bench: could not delete the run's topics (${String(error)}); they are prefixed ${prefix}.\n`);
  } finally {
    await admin.disconnect();
  }
}

/** How the sink stored them: each run is one key look-up and one INSERT, whose fixed costs its records share. */
async function sinkRuns(base: string): Promise<string> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const value = (name: string) =>
    Number(
      text
        .split('\n')
        .find((line) => line.startsWith(`${name} `))
        ?.split(' ')[1] ?? NaN,
    );
  const runs = value('park_sink_run_records_count');
  const records = value('park_sink_run_records_sum');
  return `${runs} runs (look-up + INSERT), ${Math.round(records / runs)} records per run on average`;
}

function driverCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function prepareBatches(stream: Iterable<UsageRecordWire>, size: number): Batch[] {
  const open = new Map<string, UsageRecordWire[]>();
  const batches: Batch[] = [];
  const close = (clusterId: string, records: UsageRecordWire[]) =>
    batches.push({
      clusterId,
      body: Buffer.from(JSON.stringify({ records })),
      lastEventId: records[records.length - 1].event_id,
      records: records.length,
    });
  for (const r of stream) {
    if (RANDOM_EVENT_IDS) r.event_id = randomUUID();
    const list = open.get(r.cluster_id) ?? [];
    list.push(r);
    if (list.length === size) {
      close(r.cluster_id, list);
      open.delete(r.cluster_id);
    } else open.set(r.cluster_id, list);
  }
  for (const [clusterId, list] of open) close(clusterId, list);
  return batches;
}

/** Each agent parses its key once, as the reference agent does (apps/cluster-agent), not on every request. */
const privateKeys = new Map<string, KeyObject>();
function privateKeyOf(credential: AgentCredential): KeyObject {
  let key = privateKeys.get(credential.keyId);
  if (!key) privateKeys.set(credential.keyId, (key = createPrivateKey(credential.privateKeyPem)));
  return key;
}

async function send(
  base: string,
  pathName: string,
  clusterId: string,
  credential: AgentCredential,
  body: string | Buffer,
  method = 'POST',
): Promise<Response> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const headers = signedHeaders(privateKeyOf(credential), {
    method,
    path: pathName,
    body: method === 'GET' ? Buffer.alloc(0) : bytes,
    clusterId,
    keyId: credential.keyId,
  });
  return fetch(`${base}${pathName}`, {
    method,
    headers: { ...headers, 'content-type': 'application/json' },
    body: method === 'GET' ? undefined : bytes,
  });
}

async function pushAll(
  base: string,
  batches: Batch[],
  credentials: Map<string, AgentCredential>,
  concurrency: number,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const b = batches[next++];
      for (;;) {
        const res = await send(base, '/v1/usage/batches', b.clusterId, credentials.get(b.clusterId)!, b.body);
        if (res.status === 200) {
          await res.arrayBuffer();
          break;
        }
        process.stderr.write(`push answered ${res.status}: ${(await res.text()).slice(0, 200)}; retrying\n`);
        await sleep(200);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * Until the sink has committed every message of the topic. Watched in Kafka (cheap), not by asking ClickHouse over
 * and over: on 2 cores, counting polls would take CPU from the pipeline they measure.
 */
async function waitSinkCaughtUp(kafka: Kafka, topic: string, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + 600_000;
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
    for (;;) {
      const [group] = await admin.fetchOffsets({ groupId, topics: [topic] });
      // a partition nothing was written to has no committed offset (-1) and nothing to wait for
      if (
        group.partitions.every(
          (p) => (ends.get(p.partition) ?? 0n) === 0n || BigInt(p.offset) >= (ends.get(p.partition) ?? 0n),
        )
      )
        return;
      if (Date.now() > deadline) throw new Error('the sink did not catch up within 10 minutes');
      await sleep(50);
    }
  } finally {
    await admin.disconnect();
  }
}

/** Records ClickHouse counts (de-duplicated) for these clusters, from the agents' status endpoint. */
async function countedRecords(
  base: string,
  credentials: Map<string, AgentCredential>,
  clusters: string[],
): Promise<number> {
  const from = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
  let counted = 0;
  for (const c of clusters) {
    const res = await send(base, `/v1/ingestion/status?from_day=${from}`, c, credentials.get(c)!, '', 'GET');
    const body = (await res.json()) as { days: { counted_records: number }[] };
    counted += body.days.reduce((s, d) => s + d.counted_records, 0);
  }
  return counted;
}

async function latencyAtRate(
  base: string,
  park: ReturnType<typeof createPark>,
  credentials: Map<string, AgentCredential>,
  rate: number,
  seconds: number,
): Promise<number[]> {
  const perBatch = 500;
  const now = Date.now();
  const batches = prepareBatches(
    recordStream(park, { from: now - 86_400_000, to: now - 120_000, count: Math.ceil(rate * seconds), seed: 8 }),
    perBatch,
  );
  const intervalMs = (perBatch / rate) * 1000;
  const latencies: number[] = [];
  // sampled records waiting to be seen, per cluster: one lookup per cluster every 25 ms asks for all of them,
  // so measuring adds little load of its own
  const pending = new Map<string, Map<string, number>>();
  let pushing = true;
  const poller = (async () => {
    while (pushing || [...pending.values()].some((m) => m.size > 0)) {
      await sleep(25);
      await Promise.all(
        [...pending]
          .filter(([, m]) => m.size > 0)
          .map(async ([clusterId, waiting]) => {
            const ids = [...waiting.keys()];
            const res = await send(
              base,
              '/v1/usage/lookup',
              clusterId,
              credentials.get(clusterId)!,
              JSON.stringify({ event_ids: ids }),
            );
            const { stored } = (await res.json()) as { stored: string[] };
            const seenAt = Date.now();
            for (const id of stored) {
              latencies.push(seenAt - waiting.get(id)!);
              waiting.delete(id);
            }
          }),
      );
    }
  })();
  const pushes: Promise<void>[] = [];
  const started = Date.now();
  for (let i = 0; i < batches.length; i++) {
    const due = started + i * intervalMs;
    if (due > Date.now()) await sleep(due - Date.now());
    const b = batches[i];
    const sentAt = Date.now();
    pushes.push(
      (async () => {
        const res = await send(base, '/v1/usage/batches', b.clusterId, credentials.get(b.clusterId)!, b.body);
        await res.arrayBuffer();
        const waiting = pending.get(b.clusterId) ?? new Map<string, number>();
        waiting.set(b.lastEventId, sentAt);
        pending.set(b.clusterId, waiting);
      })(),
    );
  }
  await Promise.all(pushes);
  pushing = false;
  await poller;
  return latencies.sort((a, b) => a - b);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:ingest failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
