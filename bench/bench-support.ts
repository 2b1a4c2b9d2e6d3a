import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';

import * as fs from 'node:fs';

/** The repository root, from bench/ (tests) or dist/bench/ (npm run bench:*). */
export const ROOT = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'nest-cli.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no nest-cli.json above ${__dirname}`);
    dir = up;
  }
  return dir;
})();

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Starts a built app (dist/apps/<name>/src/main.js) as its own process and waits for /health = 200.
 * BENCH_APP_NODE_ARGS adds node flags to the app only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it.
 */
export async function startApp(name: string, env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'dist/apps', name, 'src/main.js')], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) while starting`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.status === 200) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} did not answer /health with 200 within 120 s`);
    await sleep(250);
  }
}

export async function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
}

/** Kafka's own producer-performance tool (org.apache.kafka.tools.ProducerPerformance) against the local broker. */
export function kafkaProducerCeiling(opts: {
  topic: string;
  records: number;
  recordSize: number;
  brokers: string;
}): number {
  const out = spawnSync(
    'bash',
    [
      path.join(ROOT, 'deploy/local/kafka.sh'),
      'perf-test',
      '--topic',
      opts.topic,
      '--num-records',
      String(opts.records),
      '--record-size',
      String(opts.recordSize),
      '--throughput',
      '-1',
      '--producer-props',
      `bootstrap.servers=${opts.brokers}`,
      'acks=all',
      'enable.idempotence=true',
      'linger.ms=5',
      'batch.size=262144',
    ],
    { encoding: 'utf8' },
  );
  const line = out.stdout
    .trim()
    .split('\n')
    .filter((l) => l.includes('records/sec'))
    .pop();
  const m = line && /([\d.]+) records\/sec/.exec(line);
  if (!m)
    throw new Error(`kafka producer perf test gave no result: ${out.stdout.slice(-500)} ${out.stderr.slice(-500)}`);
  return Number(m[1]);
}

/** CPU seconds (user + system, all threads) a process has used so far, from /proc (Linux); undefined elsewhere. */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return undefined;
  }
}

/** The local broker's pid (deploy/local/kafka.sh writes it), to see what the broker costs during a benchmark. */
export function localBrokerPid(): number | undefined {
  try {
    return Number(fs.readFileSync(path.join(ROOT, '.local/kafka/kafka.pid'), 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}
