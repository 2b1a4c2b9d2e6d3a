import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { uniqueId } from '../../support/test-config';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const PARK_MAIN = path.join(ROOT, 'dist/apps/park/src/main.js');
const START_TIMEOUT_MS = 180_000;

/** A built `park` with the demo park seeded and closed, as `npm start` runs it, in a database of its own. */
export interface DemoPark {
  url: string;
  /** The period the demo billed (last month, Asia/Shanghai). */
  period: string;
  /** Its own database: for set-ups the API cannot make (a programme's first rules version). */
  databaseUrl: string;
  output(): string;
  /** Stops it and drops its database and files. */
  stop(): Promise<void>;
  /**
   * Stops the process and starts it again on the same database and ClickHouse files with these settings changed
   * (an undefined value removes the variable), on new ports: `url` changes.
   */
  restart(env: NodeJS.ProcessEnv): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Starts the built park (run `npm run build` first) on free ports against a fresh database, a private embedded
 * ClickHouse directory and its own Kafka topic and queue prefixes; the demo runs because the database is empty.
 */
export async function startDemoPark(): Promise<DemoPark> {
  if (!fs.existsSync(PARK_MAIN)) throw new Error(`${PARK_MAIN} is missing: run npm run build first`);
  if (!fs.existsSync(path.join(ROOT, 'dist/console/index.html')))
    throw new Error('dist/console is missing: run npm run build');
  const id = uniqueId('b');
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/park_test';
  const database = `park_browser_${id}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const databaseUrl = withDatabase(adminUrl, database);
  execFileSync(path.join(ROOT, 'node_modules/.bin/prisma'), ['migrate', 'deploy'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: 'ignore',
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'park-browser-'));
  const settings: NodeJS.ProcessEnv = {
    ...process.env,
    PARK_MODE: 'development',
    PARK_DEMO: '1',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0',
    KAFKA_BROKERS: process.env.TEST_KAFKA_BROKERS ?? '127.0.0.1:9092',
    QUEUE_PREFIX: `test-${id}`,
    KAFKA_TOPIC_PREFIX: `test-${id}.`,
    KAFKA_USAGE_PARTITIONS: '3',
    CLICKHOUSE_DATA_DIR: path.join(dir, 'clickhouse'),
    CLICKHOUSE_DATABASE: `test_${id}`,
  };
  let running = await bootPark(dir, settings);
  const dropAll = async () => {
    await running.stop();
    const cleanup = new Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await cleanup.end();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  if (running.failure) {
    await dropAll();
    throw new Error(running.failure);
  }
  const period = /billing (\d{4}-\d{2}) \(Asia\/Shanghai\)/.exec(running.output())?.[1];
  if (!period) {
    const out = running.output();
    await dropAll();
    throw new Error(`the demo did not run:\n${out.slice(-4000)}`);
  }
  const park: DemoPark = {
    url: running.url,
    period,
    databaseUrl,
    output: () => running.output(),
    stop: dropAll,
    async restart(env) {
      await running.stop();
      running = await bootPark(dir, { ...settings, ...env });
      if (running.failure) throw new Error(running.failure);
      park.url = running.url;
    },
  };
  return park;
}

interface RunningPark {
  url: string;
  output(): string;
  stop(): Promise<void>;
  /** Why it did not come up, when it did not. */
  failure?: string;
}

/** Spawns the built park on free ports and waits for "park is up". */
async function bootPark(dir: string, settings: NodeJS.ProcessEnv): Promise<RunningPark> {
  const [port, grpcPort] = [await freePort(), await freePort()];
  const env = Object.fromEntries(
    Object.entries({ ...settings, PORT: String(port), GRPC_PORT: String(grpcPort) }).filter(([, v]) => v !== undefined),
  );
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', PARK_MAIN], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  const running: RunningPark = { url: `http://127.0.0.1:${port}`, output: () => out, stop };
  const started = Date.now();
  while (!/park is up/.test(out)) {
    if (child.exitCode !== null || Date.now() - started > START_TIMEOUT_MS) {
      await stop();
      return { ...running, failure: `park did not come up (exit ${child.exitCode}):\n${out.slice(-4000)}` };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return running;
}
