import type { Redis } from 'ioredis';
import type { NonceStore } from './agent-authenticator';

/** Nonces live in Redis for twice the replay window: short-lived state that needs no rebuild. */
export class RedisNonceStore implements NonceStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async claim(clusterId: string, nonce: string, ttlMs: number): Promise<boolean> {
    const result = await this.redis.set(`${this.prefix}:nonce:${clusterId}:${nonce}`, '1', 'PX', ttlMs, 'NX');
    return result === 'OK';
  }
}
