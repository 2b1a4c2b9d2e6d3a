import { Kafka, logLevel, type Admin } from 'kafkajs';
import type { AppConfig } from '@park/config';
import { topicSpecs } from './topics';

/** Where kafkajs's warnings and errors go (a pino logger or Nest's Logger both fit). */
export interface KafkaLogSink {
  error(message: string, context?: string): void;
  warn(message: string, context?: string): void;
}

export function createKafka(config: AppConfig['kafka'], logger?: KafkaLogSink, clientSuffix = ''): Kafka {
  return new Kafka({
    clientId: `${config.clientId}${clientSuffix}`,
    brokers: config.brokers,
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5_000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => {
      const { message, timestamp: _t, logger: _l, ...extra } = entry.log;
      const text = `${entry.namespace}: ${message} ${JSON.stringify(extra)}`;
      if (entry.level === logLevel.ERROR) logger?.error(text, 'kafka');
      else if (entry.level === logLevel.WARN) logger?.warn(text, 'kafka');
    },
  });
}

/** Creates missing topics with their explicit settings. Existing topics are left as they are. */
export async function ensureTopics(admin: Admin, config: AppConfig['kafka']): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topicSpecs(config).filter((t) => !existing.has(t.name));
  if (missing.length === 0) return [];
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((t) => ({
      topic: t.name,
      numPartitions: t.partitions,
      replicationFactor: t.replicationFactor,
      configEntries: Object.entries(t.config).map(([name, value]) => ({ name, value })),
    })),
  });
  return missing.map((t) => t.name);
}
