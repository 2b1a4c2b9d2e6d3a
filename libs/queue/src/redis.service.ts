import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@park/config';

/** A plain Redis connection for health checks and short-lived state (replay nonces, rate limits). */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  readonly redis: Redis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = new Redis(config.redis.url, {
      lazyConnect: true,
      connectTimeout: 3_000,
      // every command answers or fails within the bound, also while Redis is away (REDIS_TIMEOUT_MS)
      commandTimeout: config.redis.timeoutMs,
      maxRetriesPerRequest: 1,
      retryStrategy: (times) => Math.min(times * 200, 2_000),
    });
  }

  async ping(): Promise<void> {
    if (this.redis.status === 'wait') await this.redis.connect();
    await this.redis.ping();
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }
}
