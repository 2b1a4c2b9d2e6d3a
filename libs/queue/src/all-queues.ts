import { Queue } from 'bullmq';
import type { AppConfig } from '@park/config';
import { closeWithin, producerRedis } from './producer-redis';
import { QUEUES } from './queues';

/** Every queue of QUEUES, for reading and inspecting them (the dashboard, queue depth in /metrics). */
export interface AllQueues {
  readonly queues: readonly Queue[];
  /** Bounded by REDIS_TIMEOUT_MS: a Redis that is away does not hold the shutdown. */
  close(): Promise<void>;
}

/**
 * One `Queue` per name of QUEUES on one fail-fast client (producerRedis): with Redis away a read fails at once
 * instead of waiting, and the client keeps reconnecting in the background.
 */
export function openAllQueues(redis: AppConfig['redis']): AllQueues {
  const client = producerRedis(redis);
  client.on('error', () => undefined); // reported by the calls that fail
  const queues = Object.values(QUEUES).map((name) => {
    const queue = new Queue(name, { connection: client, prefix: redis.queuePrefix });
    queue.on('error', () => undefined);
    return queue;
  });
  return {
    queues,
    close: async () => {
      await Promise.all(queues.map((queue) => closeWithin(queue, redis.timeoutMs)));
      client.disconnect();
    },
  };
}
