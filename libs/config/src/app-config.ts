import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { environmentSchema, type Environment } from './config.schema';

/** The typed configuration every app receives. Nothing outside libs/config reads process.env. */
export interface AppConfig {
  mode: Environment['PARK_MODE'];
  /** bodyLimitBytes: request bodies of the routes that are not agent routes (HTTP_BODY_LIMIT_BYTES). */
  http: { host: string; port: number; bodyLimitBytes: number };
  /** HTTPS on PORT and gRPC over TLS on GRPC_PORT (TLS_CERT_FILE, TLS_KEY_FILE: PEM), or null for plain text. */
  tls: { certFile: string; keyFile: string } | null;
  /** Redis-backed limits; `enabled: false` turns them off (RATE_LIMIT_*). */
  rateLimit: {
    enabled: boolean;
    ingestRecordsPerSecond: number;
    ingestBytesPerSecond: number;
    restRequestsPerSecond: number;
  };
  grpc: { host: string; port: number };
  logLevel: Environment['LOG_LEVEL'];
  demo: boolean;
  localDir: string;
  postgres: { url: string; poolSize: number };
  /** `timeoutMs`: the bound on a request's wait for Redis (REDIS_TIMEOUT_MS). */
  redis: { url: string; queuePrefix: string; timeoutMs: number };
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
  /** The usage sink: a stall (store or partition) is reported after `storeStallMs`, exits after `stallExitMs`. */
  sink: { storeStallMs: number; stallExitMs: number };
  /**
   * Bearer tokens. Production: the OIDC issuer's keys (JWKS), no local secret. Development / test: tokens signed
   * with `localSecret` (AUTH_LOCAL_SECRET, else DEVELOPMENT_AUTH_SECRET), issuer LOCAL_AUTH_ISSUER by default.
   */
  auth: (
    | { kind: 'oidc'; issuer: string; audience: string; jwksUrl?: string; jwksStaleMaxAgeSeconds: number }
    | { kind: 'local'; issuer: string; audience: string; localSecret: string }
  ) & { maxTokenLifetimeSeconds: number };
  /** BullMQ job schedulers (cron in `timezone`); `parkIds` null: every park. Off in tests unless turned on. */
  schedules: {
    enabled: boolean;
    timezone: 'Asia/Shanghai';
    dailyReconciliationCron: string;
    monthlyCloseCron: string;
    closeGraceDays: number;
    parkIds: string[] | null;
  };
  /**
   * The key secrets stored in PostgreSQL are encrypted under (AES-256-GCM, 32 bytes): PARK_SECRETS_KEY, required in
   * production; elsewhere unset means DEVELOPMENT_SECRETS_KEY (`development: true`).
   */
  secrets: { key: Buffer; development: boolean };
  /** Webhooks: an endpoint failing this many attempts in a row is suspended (WEBHOOK_SUSPEND_AFTER_FAILURES). */
  webhooks: { suspendAfterFailures: number };
  /** The web console (apps/console): its OIDC client id in production. */
  console: { oidcClientId: string };
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
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ` +
        `${problems.join('\n  - ')}`,
    );
    this.name = 'ConfigError';
  }
}

/**
 * The published key of local runs when PARK_SECRETS_KEY is unset (SHA-256 of a string in the repository, base64):
 * it keeps nothing secret from a reader of the code, so production mode refuses it and requires a key of its own.
 */
export const DEVELOPMENT_SECRETS_KEY = createHash('sha256')
  .update('park-development-only-secrets-key-never-in-production')
  .digest('base64');

const LOOPBACK_HOSTS = new Set(['localhost', '::1', '[::1]']);

/** 127.0.0.0/8, ::1 or localhost: reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Rules across variables (production safety); each problem names its variable. */
function crossChecks(e: Environment, env: NodeJS.ProcessEnv, host: string): string[] {
  const problems: string[] = [];
  if (e.PARK_MODE === 'production') {
    if (e.PARK_DEMO && env.PARK_DEMO !== undefined) {
      problems.push('PARK_DEMO: demo data is never seeded in production mode; unset it or set PARK_DEMO=0');
    }
    if (!e.AUTH_ISSUER) {
      problems.push('AUTH_ISSUER: production mode verifies tokens against an OIDC issuer; set its URL');
    }
    if (!e.PARK_SECRETS_KEY) {
      problems.push(
        'PARK_SECRETS_KEY: production encrypts stored secrets (webhook signing secrets) under a key of its own; ' +
          'set it to 32 random bytes in base64 (openssl rand -base64 32)',
      );
    } else if (e.PARK_SECRETS_KEY === DEVELOPMENT_SECRETS_KEY) {
      problems.push('PARK_SECRETS_KEY: the published development key is refused in production mode; set your own');
    }
    if (env.AUTH_LOCAL_SECRET) {
      problems.push('AUTH_LOCAL_SECRET: local signing keys are refused in production mode; unset it');
    }
    if (!e.CLICKHOUSE_URL && !e.CLICKHOUSE_EMBEDDED_IN_PRODUCTION) {
      problems.push(
        'CLICKHOUSE_URL: production needs a ClickHouse server (the embedded engine is for local runs); ' +
          'set it, or CLICKHOUSE_EMBEDDED_IN_PRODUCTION=1 to accept the embedded engine',
      );
    }
  } else if ((e.AUTH_LOCAL_SECRET ?? DEVELOPMENT_AUTH_SECRET) === DEVELOPMENT_AUTH_SECRET && !isLoopbackHost(host)) {
    // the development key is published: anyone reaching the port could mint an operator-admin token
    problems.push(
      `AUTH_LOCAL_SECRET: the published development key is refused when listening on HOST=${host}; ` +
        'set AUTH_LOCAL_SECRET to a secret of your own (≥ 32 bytes) or listen on 127.0.0.1',
    );
  }
  if ((e.TLS_CERT_FILE === undefined) !== (e.TLS_KEY_FILE === undefined)) {
    const missing = e.TLS_CERT_FILE === undefined ? 'TLS_CERT_FILE' : 'TLS_KEY_FILE';
    problems.push(`${missing}: TLS needs both a certificate and a key`);
  }
  for (const name of ['TLS_CERT_FILE', 'TLS_KEY_FILE'] as const) {
    const file = e[name];
    if (file !== undefined && !fs.existsSync(file)) problems.push(`${name}: no file at ${file}`);
  }
  return problems;
}

/** Validates the whole environment at once and reports every bad variable together. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = environmentSchema.safeParse(blanksRemoved);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`));
  }
  const e = parsed.data;
  const host = e.HOST ?? (e.PARK_MODE === 'production' ? '0.0.0.0' : '127.0.0.1');
  const problems = crossChecks(e, blanksRemoved, host);
  if (problems.length > 0) throw new ConfigError(problems);
  const localDir = path.resolve(e.PARK_LOCAL_DIR);
  return {
    mode: e.PARK_MODE,
    http: { host, port: e.PORT, bodyLimitBytes: e.HTTP_BODY_LIMIT_BYTES },
    grpc: { host, port: e.GRPC_PORT },
    tls:
      e.TLS_CERT_FILE && e.TLS_KEY_FILE
        ? { certFile: path.resolve(e.TLS_CERT_FILE), keyFile: path.resolve(e.TLS_KEY_FILE) }
        : null,
    rateLimit: {
      enabled: e.RATE_LIMIT_ENABLED,
      ingestRecordsPerSecond: e.RATE_LIMIT_INGEST_RECORDS_PER_SECOND,
      ingestBytesPerSecond: e.RATE_LIMIT_INGEST_BYTES_PER_SECOND,
      restRequestsPerSecond: e.RATE_LIMIT_REST_REQUESTS_PER_SECOND,
    },
    logLevel: e.LOG_LEVEL,
    demo: e.PARK_MODE !== 'production' && e.PARK_DEMO,
    localDir,
    postgres: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE },
    redis: { url: e.REDIS_URL, queuePrefix: e.QUEUE_PREFIX, timeoutMs: e.REDIS_TIMEOUT_MS },
    kafka: {
      brokers: e.KAFKA_BROKERS,
      clientId: e.KAFKA_CLIENT_ID,
      topicPrefix: e.KAFKA_TOPIC_PREFIX,
      usagePartitions: e.KAFKA_USAGE_PARTITIONS,
      replicationFactor: e.KAFKA_REPLICATION_FACTOR,
      retentionHours: e.KAFKA_RETENTION_HOURS,
    },
    ingest: { dependencyTimeoutMs: e.INGEST_DEPENDENCY_TIMEOUT_MS },
    sink: { storeStallMs: e.SINK_STORE_STALL_MS, stallExitMs: e.SINK_STALL_EXIT_MS },
    auth:
      e.PARK_MODE === 'production'
        ? {
            kind: 'oidc',
            issuer: e.AUTH_ISSUER ?? '',
            audience: e.AUTH_AUDIENCE,
            ...(e.AUTH_JWKS_URL ? { jwksUrl: e.AUTH_JWKS_URL } : {}),
            jwksStaleMaxAgeSeconds: e.AUTH_JWKS_STALE_MAX_AGE_SECONDS,
            maxTokenLifetimeSeconds: e.AUTH_MAX_TOKEN_LIFETIME_SECONDS,
          }
        : {
            kind: 'local',
            issuer: e.AUTH_ISSUER ?? LOCAL_AUTH_ISSUER,
            audience: e.AUTH_AUDIENCE,
            localSecret: e.AUTH_LOCAL_SECRET ?? DEVELOPMENT_AUTH_SECRET,
            maxTokenLifetimeSeconds: e.AUTH_MAX_TOKEN_LIFETIME_SECONDS,
          },
    schedules: {
      enabled: e.SCHEDULES_ENABLED ? ['1', 'true', 'yes'].includes(e.SCHEDULES_ENABLED) : e.PARK_MODE !== 'test',
      timezone: 'Asia/Shanghai',
      dailyReconciliationCron: e.SCHEDULE_DAILY_RECONCILIATION_CRON,
      monthlyCloseCron: e.SCHEDULE_MONTHLY_CLOSE_CRON,
      closeGraceDays: e.CLOSE_GRACE_DAYS,
      parkIds: e.SCHEDULE_PARK_IDS ? e.SCHEDULE_PARK_IDS.split(',') : null,
    },
    secrets: {
      key: Buffer.from(e.PARK_SECRETS_KEY ?? DEVELOPMENT_SECRETS_KEY, 'base64'),
      development: e.PARK_SECRETS_KEY === undefined,
    },
    webhooks: { suspendAfterFailures: e.WEBHOOK_SUSPEND_AFTER_FAILURES },
    console: { oidcClientId: e.CONSOLE_OIDC_CLIENT_ID },
    clickhouse: e.CLICKHOUSE_URL
      ? { kind: 'server', url: e.CLICKHOUSE_URL, database: e.CLICKHOUSE_DATABASE, cluster: e.CLICKHOUSE_CLUSTER }
      : {
          kind: 'embedded',
          dataDir: path.resolve(e.CLICKHOUSE_DATA_DIR ?? path.join(localDir, 'clickhouse')),
          database: e.CLICKHOUSE_DATABASE,
        },
  };
}
