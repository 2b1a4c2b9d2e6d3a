import type { Kafka } from 'kafkajs';
import type { PartitionLag } from './domain';

/** Kind f's lag: the usage sink group's committed offsets against the topic's end, per partition. */
export async function readConsumerLag(kafka: Kafka, topic: string, groupId: string): Promise<PartitionLag[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [ends, [committed]] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId, topics: [topic] }),
    ]);
    const byPartition = new Map((committed?.partitions ?? []).map((p) => [p.partition, p.offset]));
    return ends
      .map((e) => ({
        topic,
        partition: e.partition,
        end: e.high,
        committed: byPartition.get(e.partition) ?? '-1',
        start: e.low,
      }))
      .sort((a, b) => a.partition - b.partition);
  } finally {
    await admin.disconnect();
  }
}
