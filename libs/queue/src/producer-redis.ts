import type { AppConfig } from '@park/config';
import { Redis, type RedisOptions } from 'ioredis';
import { bullConnection } from './queues';

/** Redis did not answer within the bound (REDIS_TIMEOUT_MS), or refused the command because it is disconnected. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}

/**
 * A Redis client for code that enqueues while a caller waits (BullMQ `Queue`, not `Worker`): commands fail at once
 * while Redis is away instead of waiting in the offline queue, and each command is bounded by REDIS_TIMEOUT_MS.
 * It keeps reconnecting in the background; its 'ready' event marks every (re)connection.
 */
export function producerRedis(redis: AppConfig['redis']): Redis {
  const options: RedisOptions = {
    ...(bullConnection(redis) as RedisOptions),
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    commandTimeout: redis.timeoutMs,
    connectTimeout: Math.min(3_000, redis.timeoutMs),
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  };
  return new Redis(options);
}

/** Resolves when `client` is connected, or rejects with RedisUnavailableError after `ms`. */
export async function whenReady(client: Redis, ms: number): Promise<void> {
  if (client.status === 'ready') return;
  let onReady: (() => void) | undefined;
  try {
    const connected = new Promise<void>((resolve) => client.once('ready', (onReady = resolve)));
    await withinBound(connected, ms, 'connecting to Redis');
  } finally {
    if (onReady) client.removeListener('ready', onReady); // callers that gave up leave no listener behind
  }
}

/** `work`, or RedisUnavailableError once `ms` have passed (the work itself is not cancelled). */
export async function withinBound<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisUnavailableError(`${what}: no answer from Redis within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (error) {
    if (error instanceof RedisUnavailableError) throw error;
    throw new RedisUnavailableError(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** What closeWithin closes: a BullMQ Worker or Queue. */
export interface Closable {
  close(force?: boolean): Promise<void>;
  disconnect(): unknown;
}

/**
 * Closes a BullMQ worker (or queue) within `ms`; past that it is let go without waiting, since one that never
 * reached Redis waits for it even when forced. A Redis that is away does not hold an app's shutdown.
 */
export async function closeWithin(closable: Closable, ms: number): Promise<void> {
  await withinBound(closable.close(), ms, 'close').catch(() => {
    void closable.close(true).catch(() => undefined);
    void Promise.resolve(closable.disconnect()).catch(() => undefined);
  });
}
