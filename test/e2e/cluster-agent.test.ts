import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { signedHeaders, type AgentCredential } from '@park/agent-auth';
import { PrismaService } from '@park/db';
import { createLogger } from '@park/logging';
import { seedSimulatedPark } from '@park/park-seed';
import { createApp } from '@park/platform';
import { createPark } from '@park/usage-domain';
import { credentialsJson } from '../../apps/cluster-agent/src/write-credentials';
import { PARK_APP } from '../../apps/park/src/park.app';
import { waitFor } from '../support/agent-client';
import { testConfig, uniqueId } from '../support/test-config';

const ROOT = path.resolve(__dirname, '..', '..');
const AGENT = path.join(ROOT, 'dist/apps/cluster-agent/src/main.js');
const SHANGHAI_MS = 8 * 3_600_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built agent as a cluster administrator would. Async: the gateway answering it lives in this process. */
function agent(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [AGENT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A finished Slurm job as `sacct --parsable2` prints it (local time of a controller in Asia/Shanghai). */
interface Job {
  id: string;
  account: string;
  partition: string;
  tres: string;
  endMinutesAgo: number;
  seconds: number;
  state: string;
  /** The record's sku when the agent bills the job; undefined when it must skip it. */
  sku?: string;
}

const local = (ms: number) => new Date(ms + SHANGHAI_MS).toISOString().slice(0, 19);
const elapsed = (s: number) =>
  [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((n) => String(n).padStart(2, '0')).join(':');

describe('cluster agent CLI against the real gateway, Kafka, sink and ClickHouse', () => {
  let app: INestApplication;
  let gateway: string;
  let clusterId: string;
  let credential: AgentCredential;
  let parkPrefix: string;
  let expectedEventIds: string[];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'park-agent-'));
  const file = (name: string) => path.join(dir, name);
  const now = Math.floor(Date.now() / 1000) * 1000;

  const jobs: Job[] = [
    {
      id: '9001',
      account: 'acct-a',
      partition: 'h100',
      tres: 'billing=64,cpu=64,gres/gpu:h100=8,gres/gpu=8,mem=1000G,node=1',
      endMinutesAgo: 30,
      seconds: 7_200,
      state: 'COMPLETED',
      sku: 'gpu.h100-80g',
    },
    {
      id: '9001.batch',
      account: 'acct-a',
      partition: '',
      tres: 'cpu=64,gres/gpu:h100=8,gres/gpu=8,node=1',
      endMinutesAgo: 30,
      seconds: 7_200,
      state: 'COMPLETED',
    },
    {
      id: '9002',
      account: 'acct-b',
      partition: 'a800',
      tres: 'billing=32,cpu=32,gres/gpu:a800=4,gres/gpu=4,node=1',
      endMinutesAgo: 50,
      seconds: 1_800,
      state: 'FAILED',
      sku: 'gpu.a800-80g',
    },
    {
      id: '9003',
      account: 'acct-a',
      partition: 'cpu',
      tres: 'billing=32,cpu=32,mem=128G,node=1',
      endMinutesAgo: 70,
      seconds: 5_400,
      state: 'COMPLETED',
      sku: 'cpu.core',
    },
    {
      id: '9004_2',
      account: 'acct-b',
      partition: 'h100',
      tres: 'billing=8,cpu=8,gres/gpu:h100=1,gres/gpu=1,node=1',
      endMinutesAgo: 90,
      seconds: 137,
      state: 'COMPLETED',
      sku: 'gpu.h100-80g',
    },
    {
      id: '9005',
      account: 'acct-a',
      partition: 'h100',
      tres: 'billing=8,cpu=8,gres/gpu:h100=2,gres/gpu=2,node=1',
      endMinutesAgo: 100,
      seconds: 3_600,
      state: 'TIMEOUT',
      sku: 'gpu.h100-80g',
    },
  ];

  const marker: Job = {
    id: '9100',
    account: 'acct-a',
    partition: 'h100',
    tres: 'cpu=8,gres/gpu:h100=1,node=1',
    endMinutesAgo: 5,
    seconds: 60,
    state: 'COMPLETED',
    sku: 'gpu.h100-80g',
  };
  const sacct = (lines: string[]) =>
    `${['JobID|JobName|Account|Partition|AllocTRES|Start|End|Elapsed|State|NNodes', ...lines].join('\n')}\n`;
  const sacctLine = (j: Job) => {
    const end = now - j.endMinutesAgo * 60_000;
    return [
      j.id,
      `job-${j.id}`,
      j.account,
      j.partition,
      j.tres,
      local(end - j.seconds * 1000),
      local(end),
      elapsed(j.seconds),
      j.state,
      '1',
    ].join('|');
  };
  /** What the agent must make, independently of its code: slurm:<cluster>:<job id>:<start unix s>:<sku>. */
  const eventId = (j: Job) => {
    const startSeconds = (now - j.endMinutesAgo * 60_000 - j.seconds * 1000) / 1000;
    return `slurm:${clusterId}:${j.id.replace(/[^A-Za-z0-9._:-]/g, '_')}:${startSeconds}:${j.sku}`;
  };
  const lookup = async (ids: string[]) => {
    const res = await signed('POST', '/v1/usage/lookup', { event_ids: ids });
    return ((res.body as { stored?: string[] }).stored ?? []).slice().sort();
  };

  /** GET/POST to the gateway signed with the cluster's key, as the agent does. */
  async function signed(
    method: 'GET' | 'POST',
    pathAndQuery: string,
    payload?: unknown,
  ): Promise<{ status: number; body: unknown }> {
    const body = payload === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(payload));
    const headers = signedHeaders(credential.privateKeyPem, {
      method,
      path: pathAndQuery,
      body,
      clusterId,
      keyId: credential.keyId,
    });
    const res = await fetch(`${gateway}${pathAndQuery}`, {
      method,
      headers: { ...headers, 'content-type': 'application/json' },
      body: payload === undefined ? undefined : body,
    });
    return { status: res.status, body: await res.json() };
  }

  const pushArgs = (overrides: { keyId?: string; tenantMap?: string; sacct?: string } = {}) => [
    'push',
    '--gateway',
    gateway,
    '--cluster',
    clusterId,
    '--key-id',
    overrides.keyId ?? credential.keyId,
    '--key-file',
    file('agent.pem'),
    '--sacct',
    overrides.sacct ?? file('sacct.txt'),
    '--tenant-map',
    overrides.tenantMap ?? file('tenants.json'),
    '--utc-offset',
    '480',
    '--max-attempts',
    '2',
  ];

  beforeAll(async () => {
    if (!fs.existsSync(AGENT)) throw new Error(`${AGENT} is missing: run \`npm run build\` first (npm test does)`);
    app = await createApp(testConfig(), createLogger({ app: 'test', level: 'silent' }), PARK_APP);
    await app.listen(0, '127.0.0.1');
    gateway = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

    const park = createPark(5, { tenants: 4, prefix: uniqueId('agent') });
    const seeded = await seedSimulatedPark(app.get(PrismaService).client, park);
    parkPrefix = park.prefix;
    fs.writeFileSync(file('credentials.json'), credentialsJson(seeded.credentials), { mode: 0o600 });
    const cluster = park.clusters.find((c) => c.kind === 'gpu-training')!;
    clusterId = cluster.id;
    credential = seeded.credentials.get(clusterId)!;
    const bound = [...(park.bindings.get(clusterId) ?? [])];
    expect(bound.length).toBeGreaterThan(0);

    fs.writeFileSync(file('agent.pem'), credential.privateKeyPem, { mode: 0o600 });
    // One tenant for both accounts: its records share a Kafka partition (key = tenant), which the sink handles in
    // order, so once a later marker record is stored every copy pushed before it has been through the sink.
    fs.writeFileSync(file('tenants.json'), JSON.stringify({ 'acct-a': bound[0], 'acct-b': bound[0] }));
    const running =
      '9006|still-running|acct-a|h100|billing=8,cpu=8,gres/gpu:h100=1,node=1|' +
      `${local(now - 600_000)}|Unknown|00:10:00|RUNNING|1`;
    fs.writeFileSync(file('sacct.txt'), sacct([...jobs.map(sacctLine), running]));
    fs.writeFileSync(file('sacct-marker.txt'), sacct([sacctLine(marker)]));
    expectedEventIds = jobs
      .filter((j) => j.sku !== undefined)
      .map(eventId)
      .sort();
  });

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pushes sacct output, and a second run of the same file counts each job once', async () => {
    const first = await agent(pushArgs());
    expect({ code: first.code, stderr: first.stderr }).toEqual({
      code: 0,
      stderr: expect.stringContaining('1 job_step, 1 not_finished'),
    });
    // (retries would be legitimate if Kafka hiccupped; what matters is the count of records and their answers)
    expect(first.stdout).toMatch(
      /^pushed 5 records: 5 accepted, 0 duplicates, 0 rejected, in 1 batches, \d+ retries$/m,
    );

    // cron runs it again over an overlapping window: the same event ids, in other batches
    const again = await agent([...pushArgs(), '--batch-size', '2']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /^pushed 5 records: 5 accepted, 0 duplicates, 0 rejected, in 3 batches, \d+ retries$/m,
    );

    const last = await agent(pushArgs({ sacct: file('sacct-marker.txt') }));
    expect(last.stdout).toContain('pushed 1 records: 1 accepted');
    await waitFor(
      'the marker job in ClickHouse',
      () => lookup([eventId(marker)]),
      (ids) => ids.length === 1,
    );
    expect(await lookup(expectedEventIds)).toEqual(expectedEventIds);

    // counted once: this (fresh) cluster's de-duplicated counts add up to the six jobs, not the eleven records sent
    const status = await signed('GET', '/v1/ingestion/status');
    expect(status.status).toBe(200);
    const days = (status.body as { days: { counted_records: number }[] }).days;
    expect(days.reduce((sum, d) => sum + d.counted_records, 0)).toBe(6);

    const table = await agent([
      'status',
      '--gateway',
      gateway,
      '--cluster',
      clusterId,
      '--key-id',
      credential.keyId,
      '--key-file',
      file('agent.pem'),
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^total\s+6\s+0$/m);
  });

  it('prints and counts per-record rejections, and exits 1', async () => {
    fs.writeFileSync(
      file('tenants-wrong.json'),
      JSON.stringify({ 'acct-a': 'tenant-not-bound-here', 'acct-b': 'tenant-not-bound-here' }),
    );
    const run = await agent(pushArgs({ tenantMap: file('tenants-wrong.json') }));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^pushed 5 records: 0 accepted, 0 duplicates, 5 rejected, in 1 batches, \d+ retries$/m);
    expect(run.stderr).toMatch(/^rejected record 0 event_id=slurm:\S+:9001:\d+:gpu\.h100-80g TENANT_NOT_BOUND: /m);
  });

  it('stops at once, naming UNKNOWN_KEY, when the key id is wrong', async () => {
    const run = await agent(pushArgs({ keyId: 'ak_000000000000000000000000' }));
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('UNKNOWN_KEY');
    expect(run.stderr).not.toContain('retrying');
    expect(run.stdout).toContain('pushed 0 records: 0 accepted, 0 duplicates, 0 rejected, in 0 batches, 0 retries');
  });

  it('simulates the seeded park and pushes it paced, each cluster with its own key', async () => {
    const run = await agent([
      'simulate',
      '--gateway',
      gateway,
      '--credentials',
      file('credentials.json'),
      '--seed',
      '5',
      '--tenants',
      '4',
      '--prefix',
      parkPrefix,
      '--rate',
      '60',
      '--duration',
      '2',
      '--retry-rate',
      '0.1',
      '--batch-size',
      '50',
    ]);
    expect({ code: run.code, rejections: run.stderr.match(/^rejected .*$/gm) }).toEqual({ code: 0, rejections: null });
    const summary =
      /^pushed 132 records: (\d+) accepted, (\d+) duplicates, 0 rejected, in \d+ batches, \d+ retries$/m.exec(
        run.stdout,
      );
    expect(summary).not.toBeNull();
    // copies that land in the same batch come back as duplicates, the others as accepted again (the sink drops them)
    expect(Number(summary![1]) + Number(summary![2])).toBe(132);
    expect(run.stdout).toContain('simulated 120 distinct records and 12 re-sent copies');
  });

  it('refuses a credentials file that does not match the park, naming the missing clusters', async () => {
    const run = await agent([
      'simulate',
      '--gateway',
      gateway,
      '--credentials',
      file('credentials.json'),
      '--seed',
      '5',
      '--tenants',
      '4',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/has no key for cluster\(s\) sim5-gpu-1, /);
  });
});
