import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type Type,
} from '@nestjs/common';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AppConfig } from '@park/config';
import type { MetricsJson } from '@park/observability';
import type { Dependency, HealthReport, ThreadState } from './health.service';

/**
 * Feature modules run on a worker thread of the app's process, as a Nest application context of their own (no HTTP)
 * built from the app's configuration: e.g. `park` gives the usage sink a core of its own beside the gateway.
 */
export interface FeatureThread {
  /** Names the thread in logs (`thread` field), /health and errors. */
  name: string;
  /** The module (path without extension) that exports the thread's `ThreadApp`; the worker loads it itself. */
  file: string;
  export: string;
}

/** What a thread runs: the stores it uses (each gets its client) and its feature modules. */
export interface ThreadApp {
  dependencies: Dependency[];
  features: Type[];
}

export interface FeatureThreadsOptions {
  app: string;
  config: AppConfig;
  threads: FeatureThread[];
}
export const FEATURE_THREADS_OPTIONS = Symbol('park:feature-threads-options');

/** What the worker receives (structured clone: plain data only). */
export interface ThreadData {
  app: string;
  config: AppConfig;
  thread: FeatureThread;
}
export type ThreadRequest = { id: number; kind: 'health' | 'metrics' | 'stop' };
export type ThreadMessage = { ready: true } | { id: number; result?: unknown; error?: string };

const REQUEST_TIMEOUT_MS = 3_000;
/** A thread's Nest app closes its Kafka consumers and ClickHouse session within this; then it is terminated. */
const STOP_TIMEOUT_MS = 20_000;
const WORKER = path.join(__dirname, 'feature-thread.worker');

function startWorker(data: ThreadData): Worker {
  if (__filename.endsWith('.js')) return new Worker(`${WORKER}.js`, { workerData: data });
  // From the TypeScript sources (the jest tests): the worker compiles what it requires with the repository's swc
  // settings.
  const register = path.join(__dirname, 'ts-source.register.js');
  return new Worker(`require(${JSON.stringify(register)}); require(${JSON.stringify(WORKER)});`, {
    eval: true,
    workerData: data,
  });
}

/** One running thread: its start, requests over its port, its stop. */
class ThreadHandle {
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private readonly pending = new Map<number, (message: { result?: unknown; error?: string }) => void>();
  private nextId = 1;
  private started = false;
  private stopping = false;
  /** Why the thread is gone, once it is. */
  gone?: Error;

  constructor(
    readonly name: string,
    data: ThreadData,
    onFailure: (error: Error) => void,
  ) {
    this.worker = startWorker(data);
    let thrown: Error | undefined;
    this.worker.on('error', (error) => (thrown = error));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (message: ThreadMessage) => {
        if ('ready' in message) {
          this.started = true;
          resolve();
        } else this.pending.get(message.id)?.(message);
      });
      this.worker.once('exit', (code) => {
        this.gone = thrown ?? new Error(`thread ${name} exited with code ${code}`);
        for (const answer of this.pending.values()) answer({ error: this.gone.message });
        reject(this.gone); // a thread that never started fails the app's start
        if (this.started && !this.stopping) onFailure(this.gone);
      });
    });
  }

  request<T>(kind: 'health' | 'metrics'): Promise<T> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, ({ result, error }) => {
        clearTimeout(timer);
        this.pending.delete(id);
        if (error === undefined) resolve(result as T);
        else reject(new Error(error));
      });
      this.worker.postMessage({ id, kind } satisfies ThreadRequest);
    });
  }

  /** Asks the thread to close its app (consumers disconnect, clients close) and waits for it to end. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.worker.postMessage({ id: 0, kind: 'stop' } satisfies ThreadRequest);
    const timer = setTimeout(() => void this.worker.terminate(), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }
}

/** A thread's line from its own report: what fails there, named with its error (a sink partition and why). */
function threadState(report: HealthReport, ms: number): ThreadState {
  if (report.status === 'ok') return { status: 'up', ms };
  const failingChecks = Object.fromEntries(
    Object.entries(report.checks ?? {}).filter(([, c]) => c.status === 'failing'),
  );
  const errors = report.failing.map((name) => {
    const line = report.dependencies[name as Dependency] ?? report.threads?.[name] ?? report.checks?.[name];
    return line?.error ? `${name}: ${line.error}` : name;
  });
  return {
    status: report.status === 'down' ? 'down' : 'degraded',
    ms,
    error: `failing: ${errors.join('; ')}`,
    ...(Object.keys(failingChecks).length > 0 ? { checks: failingChecks } : {}),
  };
}

/**
 * Starts the app's threads after its own start (migrations and topics are prepared by then), stops them before its
 * clients close.
 */
@Injectable()
export class FeatureThreads implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(FeatureThreads.name);
  private handles: ThreadHandle[] = [];
  private failureListener?: (thread: string, error: Error) => void;

  constructor(@Inject(FEATURE_THREADS_OPTIONS) private readonly options: FeatureThreadsOptions) {}

  /** Called when a started thread ends unasked (runApp stops the process: fail fast). Without one it is logged. */
  onFailure(listener: (thread: string, error: Error) => void): void {
    this.failureListener = listener;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { app, config, threads } = this.options;
    this.handles = threads.map(
      (thread) => new ThreadHandle(thread.name, { app, config, thread }, (error) => this.failed(thread.name, error)),
    );
    const started = await Promise.allSettled(this.handles.map((h) => h.ready));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) {
      await this.stopAll();
      throw failed.reason;
    }
    this.logger.log(`threads started: ${threads.map((t) => t.name).join(', ')}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stopAll();
    if (this.handles.length > 0) this.logger.log('threads stopped');
  }

  /** Each thread's line in /health: up when it answers, its own dependencies are up and its checks pass. */
  async health(): Promise<Record<string, ThreadState>> {
    const lines = await Promise.all(
      this.handles.map(async (h) => {
        const started = Date.now();
        try {
          return [h.name, threadState(await h.request<HealthReport>('health'), Date.now() - started)] as const;
        } catch (error) {
          return [
            h.name,
            { status: 'down', ms: Date.now() - started, error: (error as Error).message } satisfies ThreadState,
          ] as const;
        }
      }),
    );
    return Object.fromEntries(lines);
  }

  /** The registries of the threads that answer (a thread that is down shows in /health, not as a failed scrape). */
  async metrics(): Promise<MetricsJson[]> {
    const answers = await Promise.allSettled(this.handles.map((h) => h.request<MetricsJson>('metrics')));
    return answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
  }

  private failed(thread: string, error: Error): void {
    if (this.failureListener) this.failureListener(thread, error);
    else this.logger.error(`thread ${thread} stopped: ${error.message}`, error.stack);
  }

  private async stopAll(): Promise<void> {
    await Promise.all(this.handles.map((h) => h.stop()));
  }
}
