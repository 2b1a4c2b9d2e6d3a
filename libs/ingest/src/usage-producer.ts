import { Partitioners, type Kafka, type Message, type Producer, type TopicMessages } from 'kafkajs';
import type { AppConfig } from '@park/config';
import { topicName } from '@park/kafka';
import { withDeadline } from '@park/agent-auth';

/**
 * Produces to usage.records.v1 (key = tenant) and usage.rejected.v1 with an idempotent producer and acks from all
 * in-sync replicas: when `send` resolves, every message is durably in Kafka, and a producer retry adds no copy.
 */
export class UsageProducer {
  private producer?: Producer;
  private connecting?: Promise<Producer>;

  constructor(
    private readonly kafka: Kafka,
    private readonly config: AppConfig['kafka'],
    /**
     * How long `send` waits, connecting included (INGEST_DEPENDENCY_TIMEOUT_MS). kafkajs alone retries for about
     * 41 s with the broker down, longer than an agent waits; past this bound the push is answered 503 instead.
     */
    private readonly timeoutMs = 10_000,
  ) {}

  private connected(): Promise<Producer> {
    if (this.producer) return Promise.resolve(this.producer);
    this.connecting ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // murmur2 on the key, as Java clients do: a tenant always maps to the same partition
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      this.producer = producer;
      return producer;
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  async send(accepted: Message[], rejected: Message[]): Promise<void> {
    const topicMessages: TopicMessages[] = [];
    if (accepted.length > 0) topicMessages.push({ topic: topicName(this.config, 'usageRecords'), messages: accepted });
    if (rejected.length > 0) topicMessages.push({ topic: topicName(this.config, 'usageRejected'), messages: rejected });
    if (topicMessages.length === 0) return;
    await withDeadline(
      this.connected().then((producer) => producer.sendBatch({ topicMessages, acks: -1, timeout: this.timeoutMs })),
      this.timeoutMs,
    );
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
    this.producer = undefined;
  }
}
