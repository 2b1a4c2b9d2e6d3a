import type { Redis } from 'ioredis';
import type { NonceStore } from './agent-authenticator';
import { withDeadline } from './deadline';

/**
 * The nonce store did not answer in time: the request was not checked for replay, so nothing of it was accepted.
 * HTTP answers 503, gRPC UNAVAILABLE; the agent retries (with a fresh nonce, as it always does).
 */
export class NonceStoreUnavailableError extends Error {
  readonly code = 'REDIS_UNAVAILABLE';

  constructor(timeoutMs: number, cause: unknown) {
    super(
      `the replay check (Redis) did not answer within ${timeoutMs / 1000} s; ` +
        'nothing in this request was accepted, retry it',
      { cause },
    );
    this.name = 'NonceStoreUnavailableError';
  }
}

/** Nonces live in Redis for twice the replay window: short-lived state that needs no rebuild. */
export class RedisNonceStore implements NonceStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** How long a push waits for Redis before it answers 503 (INGEST_DEPENDENCY_TIMEOUT_MS). */
    private readonly timeoutMs = 10_000,
  ) {}

  async claim(clusterId: string, nonce: string, ttlMs: number): Promise<boolean> {
    let result: string | null;
    try {
      result = await withDeadline(
        this.redis.set(`${this.prefix}:nonce:${clusterId}:${nonce}`, '1', 'PX', ttlMs, 'NX'),
        this.timeoutMs,
      );
    } catch (error) {
      throw new NonceStoreUnavailableError(this.timeoutMs, error);
    }
    return result === 'OK';
  }
}
