import type { Admin, Consumer, Producer } from 'kafkajs';
import { createKafka, ensureTopics, topicName, topicSpecs } from '@park/kafka';
import { testConfig, uniqueId } from '../support/test-config';

describe('Kafka (local KRaft broker)', () => {
  const config = testConfig();
  const kafka = createKafka(config.kafka);
  let admin: Admin;
  let producer: Producer;
  let consumer: Consumer;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await admin.deleteTopics({ topics: topicSpecs(config.kafka).map((t) => t.name) }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates the project topics with explicit partitions and retention', async () => {
    const created = await ensureTopics(admin, config.kafka);
    expect(created).toEqual(topicSpecs(config.kafka).map((t) => t.name));
    const name = topicName(config.kafka, 'usageRecords');
    const meta = await admin.fetchTopicMetadata({ topics: [name] });
    expect(meta.topics[0].partitions).toHaveLength(config.kafka.usagePartitions);
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2, name, configNames: ['retention.ms'] }],
    });
    expect(described.resources[0].configEntries[0].configValue).toBe(String(config.kafka.retentionHours * 3_600_000));
    expect(await ensureTopics(admin, config.kafka)).toEqual([]);
  });

  it('round-trips a message through produce and consume', async () => {
    const topic = topicName(config.kafka, 'usageRecords');
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
    const marker = uniqueId('m');
    await producer.send({ topic, acks: -1, messages: [{ key: 'tenant-a', value: JSON.stringify({ marker }) }] });

    consumer = kafka.consumer({ groupId: uniqueId('g') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no message within 20 s')), 20_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          clearTimeout(timer);
          resolve(String(message.value));
        },
      });
    });
    expect(JSON.parse(received)).toEqual({ marker });
  });
});
