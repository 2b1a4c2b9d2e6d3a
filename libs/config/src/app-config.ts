import * as path from 'node:path';
import { environmentSchema, type Environment } from './config.schema';

/** The typed configuration every app receives. Nothing outside libs/config reads process.env. */
export interface AppConfig {
  mode: Environment['PARK_MODE'];
  http: { host: string; port: number };
  grpc: { host: string; port: number };
  logLevel: Environment['LOG_LEVEL'];
  demo: boolean;
  localDir: string;
  postgres: { url: string; poolSize: number };
  redis: { url: string; queuePrefix: string };
  kafka: {
    brokers: string[];
    clientId: string;
    topicPrefix: string;
    usagePartitions: number;
    replicationFactor: number;
    retentionHours: number;
  };
  clickhouse:
    | { kind: 'embedded'; dataDir: string; database: string; cluster?: undefined }
    | { kind: 'server'; url: string; database: string; cluster?: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the whole environment at once and reports every bad variable together. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = environmentSchema.safeParse(blanksRemoved);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`));
  }
  const e = parsed.data;
  if (e.PARK_MODE === 'production' && e.PARK_DEMO && env.PARK_DEMO !== undefined) {
    throw new ConfigError(['PARK_DEMO: demo data is never seeded in production mode; unset it or set PARK_DEMO=0']);
  }
  const localDir = path.resolve(e.PARK_LOCAL_DIR);
  return {
    mode: e.PARK_MODE,
    http: { host: e.HOST, port: e.PORT },
    grpc: { host: e.HOST, port: e.GRPC_PORT },
    logLevel: e.LOG_LEVEL,
    demo: e.PARK_MODE !== 'production' && e.PARK_DEMO,
    localDir,
    postgres: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE },
    redis: { url: e.REDIS_URL, queuePrefix: e.QUEUE_PREFIX },
    kafka: {
      brokers: e.KAFKA_BROKERS,
      clientId: e.KAFKA_CLIENT_ID,
      topicPrefix: e.KAFKA_TOPIC_PREFIX,
      usagePartitions: e.KAFKA_USAGE_PARTITIONS,
      replicationFactor: e.KAFKA_REPLICATION_FACTOR,
      retentionHours: e.KAFKA_RETENTION_HOURS,
    },
    clickhouse: e.CLICKHOUSE_URL
      ? { kind: 'server', url: e.CLICKHOUSE_URL, database: e.CLICKHOUSE_DATABASE, cluster: e.CLICKHOUSE_CLUSTER }
      : {
          kind: 'embedded',
          dataDir: path.resolve(e.CLICKHOUSE_DATA_DIR ?? path.join(localDir, 'clickhouse')),
          database: e.CLICKHOUSE_DATABASE,
        },
  };
}
