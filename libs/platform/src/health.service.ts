import { Inject, Injectable, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ClickHouseService } from '@park/clickhouse';
import { PrismaService } from '@park/db';
import { KafkaService } from '@park/kafka';
import { RedisService } from '@park/queue';
import { FeatureThreads } from './feature-thread';

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

export interface HealthReport {
  status: 'ok' | 'down';
  /** The dependencies and threads that are down. */
  failing: string[];
  dependencies: Partial<Record<Dependency, DependencyState>>;
  /** The app's feature threads (FeatureThread), when it runs some. */
  threads?: Record<string, DependencyState>;
}

const TIMEOUT_MS = 3_000;

/** Pings each dependency the app uses, in parallel, each within a time limit. */
@Injectable()
export class HealthService {
  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(HEALTH_DEPENDENCIES) private readonly dependencies: Dependency[],
    @Optional() private readonly featureThreads?: FeatureThreads,
  ) {}

  async check(): Promise<HealthReport> {
    const [entries, threads] = await Promise.all([
      Promise.all(this.dependencies.map(async (name) => [name, await this.ping(name)] as const)),
      this.featureThreads?.health(),
    ]);
    const dependencies = Object.fromEntries(entries) as HealthReport['dependencies'];
    const failing = [...entries, ...Object.entries(threads ?? {})].filter(([, s]) => s.status === 'down').map(([n]) => n);
    return { status: failing.length === 0 ? 'ok' : 'down', failing, dependencies, ...(threads ? { threads } : {}) };
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
      return { status: 'down', ms: Date.now() - started, error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}
