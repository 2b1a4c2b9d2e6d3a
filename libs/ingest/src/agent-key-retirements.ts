import { Redis } from 'ioredis';
import { withDeadline } from '@park/agent-auth';
import type { ClusterDirectoryRepository } from './cluster-directory.repository';

/** The one Redis pub/sub channel on which a retired agent key is announced to every gateway instance. */
export function agentKeyRetiredChannel(queuePrefix: string): string {
  return `${queuePrefix}:agent-keys:retired`;
}

export interface RetirementLog {
  warn(message: string, context?: string): void;
}

/**
 * Retired keys are refused at once on every instance: the instance that retires a key announces it on
 * `agentKeyRetiredChannel`, and each instance's subscriber evicts it from its key cache. A message can be lost
 * while a subscriber is disconnected, so each (re)connection also clears that instance's key cache; the cache's
 * TTL (seconds) bounds what is left.
 */
export class AgentKeyRetirements {
  private subscriber?: Redis;

  constructor(
    private readonly publisher: Redis,
    private readonly channel: string,
    private readonly timeoutMs: number,
    private readonly log?: RetirementLog,
  ) {}

  /** Announces a retirement; never fails the retirement itself, which is already committed. */
  async announce(keyId: string): Promise<void> {
    try {
      await withDeadline(this.publisher.publish(this.channel, keyId), this.timeoutMs);
    } catch (error) {
      this.log?.warn(
        `retirement of ${keyId} not announced (${(error as Error).message}); ` +
          'other instances refuse it within their cache TTL',
        'agent-keys',
      );
    }
  }

  /** Subscribes this instance's directory to announcements (a connection of its own, as pub/sub requires). */
  listen(redisUrl: string, directory: ClusterDirectoryRepository): void {
    const subscriber = new Redis(redisUrl, {
      maxRetriesPerRequest: null,
      retryStrategy: (times) => Math.min(times * 200, 2_000),
    });
    subscriber.on('ready', () => {
      directory.forgetAllKeys();
      subscriber
        .subscribe(this.channel)
        .catch((error: Error) => this.log?.warn(`subscribe failed: ${error.message}`, 'agent-keys'));
    });
    subscriber.on('message', (channel: string, keyId: string) => {
      if (channel === this.channel) directory.forgetKey(keyId);
    });
    // errors are retried by ioredis; without a listener they would be reported as unhandled
    subscriber.on('error', () => undefined);
    this.subscriber = subscriber;
  }

  close(): void {
    this.subscriber?.disconnect();
    this.subscriber = undefined;
  }
}
