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
  /** The ingest gateway: a push waits at most `dependencyTimeoutMs` for Kafka, and as long for Redis (nonces). */
  ingest: { dependencyTimeoutMs: number };
  /**
   * Bearer tokens. Production: the OIDC issuer's keys (JWKS), no local secret. Development / test: tokens signed
   * with `localSecret` (AUTH_LOCAL_SECRET, else DEVELOPMENT_AUTH_SECRET), issuer LOCAL_AUTH_ISSUER by default.
   */
  auth:
    | { kind: 'oidc'; issuer: string; audience: string; jwksUrl?: string }
    | { kind: 'local'; issuer: string; audience: string; localSecret: string };
  clickhouse:
    | { kind: 'embedded'; dataDir: string; database: string; cluster?: undefined }
    | { kind: 'server'; url: string; database: string; cluster?: string };
}

/** The issuer of locally signed tokens (development and test). */
export const LOCAL_AUTH_ISSUER = 'urn:park:local';
/**
 * The well-known signing key of local runs when AUTH_LOCAL_SECRET is unset. Public on purpose (it is in the
 * repository): production mode refuses any local key, this one included.
 */
export const DEVELOPMENT_AUTH_SECRET = 'park-development-only-secret-never-in-production';

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
  if (e.PARK_MODE === 'production') {
    const problems: string[] = [];
    if (!e.AUTH_ISSUER) problems.push('AUTH_ISSUER: production mode verifies tokens against an OIDC issuer; set its URL');
    if (env.AUTH_LOCAL_SECRET) problems.push('AUTH_LOCAL_SECRET: local signing keys are refused in production mode; unset it');
    if (problems.length > 0) throw new ConfigError(problems);
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
    ingest: { dependencyTimeoutMs: e.INGEST_DEPENDENCY_TIMEOUT_MS },
    auth:
      e.PARK_MODE === 'production'
        ? { kind: 'oidc', issuer: e.AUTH_ISSUER ?? '', audience: e.AUTH_AUDIENCE, ...(e.AUTH_JWKS_URL ? { jwksUrl: e.AUTH_JWKS_URL } : {}) }
        : {
            kind: 'local',
            issuer: e.AUTH_ISSUER ?? LOCAL_AUTH_ISSUER,
            audience: e.AUTH_AUDIENCE,
            localSecret: e.AUTH_LOCAL_SECRET ?? DEVELOPMENT_AUTH_SECRET,
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
