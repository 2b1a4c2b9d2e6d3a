import type { AppConfig } from '@park/config';

/** Every topic the product uses, in one place (CONVENTIONS.md). Names are prefixed per deployment/test run. */
export const TOPICS = {
  usageRecords: 'usage.records.v1',
  usageRejected: 'usage.rejected.v1',
} as const;

export type TopicKey = keyof typeof TOPICS;

export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
  config: Record<string, string>;
}

export function topicName(config: AppConfig['kafka'], key: TopicKey): string {
  return `${config.topicPrefix}${TOPICS[key]}`;
}

/** Every consumer group, in one place: tools and tests read their committed offsets. Prefixed like the topics. */
export const CONSUMER_GROUPS = {
  usageSink: 'usage-sink',
  rejectedSink: 'usage-rejected-sink',
} as const;

/**
 * Group membership timings of the sinks' consumers. A sink that died is noticed within 10 s, and a rebalance waits
 * at most 15 s for members to rejoin. kafkajs's default rebalance timeout is 60 s, and the coordinator waits that
 * long for a member that was killed without leaving: a restarted sink could sit a minute before consuming. A live
 * member rejoins as soon as its current batch is stored (about a second).
 */
export const SINK_MEMBERSHIP = { sessionTimeout: 10_000, heartbeatInterval: 1_000, rebalanceTimeout: 15_000 } as const;

export function consumerGroup(config: AppConfig['kafka'], key: keyof typeof CONSUMER_GROUPS): string {
  return `${config.topicPrefix}${CONSUMER_GROUPS[key]}`;
}

/** Explicit partitions and retention for each topic; the broker never creates topics on its own. */
export function topicSpecs(config: AppConfig['kafka']): TopicSpec[] {
  const retentionMs = String(config.retentionHours * 3_600_000);
  const minInsync = String(Math.min(2, config.replicationFactor));
  return [
    {
      // key = tenant, so a tenant's records stay in order and duplicates meet in the same sink instance
      name: topicName(config, 'usageRecords'),
      partitions: config.usagePartitions,
      replicationFactor: config.replicationFactor,
      config: { 'retention.ms': retentionMs, 'min.insync.replicas': minInsync, 'compression.type': 'producer' },
    },
    {
      name: topicName(config, 'usageRejected'),
      partitions: Math.max(1, Math.ceil(config.usagePartitions / 3)),
      replicationFactor: config.replicationFactor,
      config: { 'retention.ms': retentionMs, 'min.insync.replicas': minInsync },
    },
  ];
}
