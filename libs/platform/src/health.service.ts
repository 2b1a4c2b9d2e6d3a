import { Inject, Injectable, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ClickHouseService } from '@park/clickhouse';
import { PrismaService } from '@park/db';
import { KafkaService } from '@park/kafka';
import { RedisService } from '@park/queue';
import { FeatureThreads } from './feature-thread';
import { HealthChecks, type CheckState } from './health-checks';

export type Dependency = 'postgres' | 'redis' | 'kafka' | 'clickhouse';
export const HEALTH_DEPENDENCIES = Symbol('HEALTH_DEPENDENCIES');

const PINGERS: Record<Dependency, new (...args: never[]) => { ping(): Promise<void> }> = {
  postgres: PrismaService,
  redis: RedisService,
  kafka: KafkaService,
  clickhouse: ClickHouseService,
};

export interface DependencyState {
  status: 'up' | 'down';
  ms: number;
  error?: string;
}

/**
 * A feature thread's line: down when it does not answer or a dependency of its is down; degraded by a failing check.
 */
export interface ThreadState {
  status: 'up' | 'degraded' | 'down';
  ms: number;
  error?: string;
  /** The thread's own failing checks, as its /health shows them. */
  checks?: Record<string, CheckState>;
}

/**
 * `ok` (200) when everything answers and no check fails; otherwise 503 with `down` when a dependency or thread is
 * down, `degraded` when they all answer but a check fails (e.g. a sink partition that keeps failing). `failing`
 * names each of them.
 */
export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  /** The dependencies and threads that are down or degraded, and the checks that fail. */
  failing: string[];
  dependencies: Partial<Record<Dependency, DependencyState>>;
  /** The app's own checks (HealthChecks), when it registers some. */
  checks?: Record<string, CheckState>;
  /** The app's feature threads (FeatureThread), when it runs some. */
  threads?: Record<string, ThreadState>;
}

const TIMEOUT_MS = 3_000;

/** Pings each dependency the app uses, in parallel, each within a time limit. */
@Injectable()
export class HealthService {
  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(HEALTH_DEPENDENCIES) private readonly dependencies: Dependency[],
    @Optional() private readonly featureThreads?: FeatureThreads,
    @Optional() private readonly healthChecks?: HealthChecks,
  ) {}

  async check(): Promise<HealthReport> {
    // the app's own checks as they are when asked: a ping may wait behind the very work a check reports (a stalled
    // store holds the embedded ClickHouse), and must not hide it by ending it first
    const checks = this.healthChecks?.states() ?? {};
    const [entries, threads] = await Promise.all([
      Promise.all(this.dependencies.map(async (name) => [name, await this.ping(name)] as const)),
      this.featureThreads?.health(),
    ]);
    const dependencies = Object.fromEntries(entries) as HealthReport['dependencies'];
    const down = [...entries, ...Object.entries(threads ?? {})].filter(([, s]) => s.status === 'down').map(([n]) => n);
    const degraded = [
      ...Object.entries(threads ?? {}).filter(([, s]) => s.status === 'degraded'),
      ...Object.entries(checks).filter(([, s]) => s.status === 'failing'),
    ].map(([n]) => n);
    const status = down.length > 0 ? 'down' : degraded.length > 0 ? 'degraded' : 'ok';
    return {
      status,
      failing: [...down, ...degraded],
      dependencies,
      ...(Object.keys(checks).length > 0 ? { checks } : {}),
      ...(threads ? { threads } : {}),
    };
  }

  private async ping(name: Dependency): Promise<DependencyState> {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const service = this.moduleRef.get(PINGERS[name], { strict: false });
      await Promise.race([
        service.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
        }),
      ]);
      return { status: 'up', ms: Date.now() - started };
    } catch (error) {
      return {
        status: 'down',
        ms: Date.now() - started,
        error: error instanceof Error ? error.message : String(error),
      };
    } finally {
      clearTimeout(timer);
    }
  }
}
