import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { RedisUnavailableError, closeWithin, whenReady, withinBound } from './producer-redis';

describe('bounded waits on Redis', () => {
  it('passes the answer through when it comes in time', async () => {
    await expect(withinBound(Promise.resolve(42), 1_000, 'answer')).resolves.toBe(42);
  });

  it('gives up after the bound with RedisUnavailableError naming the operation', async () => {
    const never = new Promise<never>(() => undefined);
    const started = Date.now();
    const expected = /enqueue close jobs: no answer from Redis within 50 ms/;
    await expect(withinBound(never, 50, 'enqueue close jobs')).rejects.toThrow(expected);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('reports a refused command as RedisUnavailableError', async () => {
    const refused = Promise.reject(new Error("Stream isn't writeable and enableOfflineQueue options is false"));
    await expect(withinBound(refused, 1_000, 'ping')).rejects.toBeInstanceOf(RedisUnavailableError);
  });

  it('lets a worker that never reached Redis go after the bound, forcing it without waiting', async () => {
    const calls: string[] = [];
    const stuck = {
      close: (force?: boolean) => (calls.push(force ? 'close(force)' : 'close'), new Promise<void>(() => undefined)),
      disconnect: () => calls.push('disconnect'),
    };
    await closeWithin(stuck, 30);
    expect(calls).toEqual(['close', 'close(force)', 'disconnect']);
  });

  it('waits for the connection within the bound and leaves no listener behind when it gives up', async () => {
    const client = Object.assign(new EventEmitter(), { status: 'reconnecting' }) as unknown as Redis;
    await expect(whenReady(client, 20)).rejects.toBeInstanceOf(RedisUnavailableError);
    expect(client.listenerCount('ready')).toBe(0);
    const ready = whenReady(client, 1_000);
    client.emit('ready');
    await expect(ready).resolves.toBeUndefined();
  });
});
