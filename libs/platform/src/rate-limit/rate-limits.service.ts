import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { metrics } from '@park/observability';

export type RateLimitName = 'records' | 'bytes' | 'requests';

export type RateDecision = { allowed: true } | { allowed: false; limit: RateLimitName; retryAfterSeconds: number };

/** A limit kept in Redis (shared by every instance), with a per-process twin that decides while Redis cannot. */
class SharedLimit {
  private readonly shared: RateLimiterRedis;
  private readonly fallback: RateLimiterMemory;

  constructor(
    readonly name: RateLimitName,
    options: { redis: Redis; keyPrefix: string; perSecond: number },
    private readonly onStoreError: (error: unknown) => void,
  ) {
    const { redis, keyPrefix, perSecond } = options;
    this.shared = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix,
      points: perSecond,
      duration: 1,
      rejectIfRedisNotReady: true,
    });
    this.fallback = new RateLimiterMemory({ keyPrefix, points: perSecond, duration: 1 });
  }

  /** Milliseconds to wait when `points` more would exceed the limit for `key`, else 0. */
  async consume(key: string, points: number): Promise<number> {
    if (points <= 0) return 0;
    try {
      await this.shared.consume(key, points);
      return 0;
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) return Math.max(outcome.msBeforeNext, 1);
      this.onStoreError(outcome);
      return this.consumeFallback(this.fallback, key, points);
    }
  }

  private async consumeFallback(limiter: RateLimiterAbstract, key: string, points: number): Promise<number> {
    try {
      await limiter.consume(key, points);
      return 0;
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) return Math.max(outcome.msBeforeNext, 1);
      throw outcome;
    }
  }
}

/**
 * Rate limits (issue 11): per cluster on the agent API (records/s and bytes/s), per principal on the REST API
 * (requests/s), fixed one-second windows counted in Redis so every instance of an app shares them.
 *
 * Redis down: each instance falls back to counting in its own memory with the same limits, and counts the fallback
 * in park_rate_limit_store_errors_total. Neither 5xx nor "no limits at all": the counters are short-lived state
 * that Redis only shares, and a REST read that needs no Redis should not fail because the limiter's store did.
 * The client never queues commands while disconnected and gives up on one after 250 ms, so a check stays fast.
 */
@Injectable()
export class RateLimits implements OnApplicationShutdown {
  private readonly logger = new Logger('RateLimits');
  private readonly redis: Redis;
  private readonly ingest: SharedLimit[];
  private readonly rest: SharedLimit;
  private storeDown = false;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = new Redis(config.redis.url, {
      connectTimeout: 2_000,
      commandTimeout: 250,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (times) => Math.min(times * 200, 2_000),
    });
    this.redis.on('error', () => undefined); // reported per failed check (onStoreError), not per reconnect attempt
    this.redis.on('ready', () => {
      if (this.storeDown) this.logger.log('Redis is back: rate limits are shared again');
      this.storeDown = false;
    });
    const prefix = `${config.redis.queuePrefix}:ratelimit`;
    const onStoreError = (error: unknown) => this.onStoreError(error);
    const limit = (name: RateLimitName, api: string, perSecond: number) =>
      new SharedLimit(name, { redis: this.redis, keyPrefix: `${prefix}:${api}:${name}`, perSecond }, onStoreError);
    this.ingest = [
      limit('records', 'ingest', config.rateLimit.ingestRecordsPerSecond),
      limit('bytes', 'ingest', config.rateLimit.ingestBytesPerSecond),
    ];
    this.rest = limit('requests', 'rest', config.rateLimit.restRequestsPerSecond);
  }

  /** An agent request of `clusterId` carrying `records` usage records in `bytes` bytes. */
  async consumeIngest(clusterId: string, usage: { records: number; bytes: number }): Promise<RateDecision> {
    const [records, bytes] = this.ingest;
    const waits = await Promise.all([records.consume(clusterId, usage.records), bytes.consume(clusterId, usage.bytes)]);
    return this.decide('ingest', this.ingest, waits);
  }

  /** One REST request of a principal (`role:subject`). */
  async consumeRest(principalKey: string): Promise<RateDecision> {
    return this.decide('rest', [this.rest], [await this.rest.consume(principalKey, 1)]);
  }

  private decide(api: string, limits: SharedLimit[], waits: number[]): RateDecision {
    const index = waits.findIndex((ms) => ms > 0);
    if (index < 0) return { allowed: true };
    const name = limits[index].name;
    metrics.rateLimited.inc({ api, limit: name });
    return { allowed: false, limit: name, retryAfterSeconds: Math.ceil(Math.max(...waits) / 1000) };
  }

  private onStoreError(error: unknown): void {
    metrics.rateLimitStoreErrors.inc();
    if (!this.storeDown) {
      this.storeDown = true;
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Redis unavailable for rate limits (${reason}): each instance limits alone until it is back`);
    }
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
