import { z } from 'zod';

const bool = (fallback: boolean) =>
  z
    .enum(['0', '1', 'true', 'false', 'yes', 'no'], { message: 'must be 0/1, true/false or yes/no' })
    .optional()
    .transform((v) => (v === undefined ? fallback : ['1', 'true', 'yes'].includes(v)));

// 0 asks the OS for a free port (tests).
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

// 5 fields (minute … weekday) or 6 (seconds first, for tests), read in Asia/Shanghai by BullMQ's job schedulers
const cron = (fallback: string) =>
  z
    .string()
    .trim()
    .regex(/^[\d*/,\-A-Za-z?LW#]+( +[\d*/,\-A-Za-z?LW#]+){4,5}$/, {
      message: 'must be a cron expression of 5 fields (minute hour day month weekday) or 6 (seconds first)',
    })
    .default(fallback);

/** Every variable any app reads. Each app validates all of it once at boot (libs/config/README.md). */
export const environmentSchema = z.object({
  PARK_MODE: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port(3000),
  /** Unset: 127.0.0.1 in development and test, 0.0.0.0 in production. */
  HOST: z.string().min(1).optional(),
  /** The ingest gateway's gRPC listener (agents); 0 picks a free port. */
  GRPC_PORT: port(50051),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PARK_DEMO: bool(true),
  PARK_LOCAL_DIR: z.string().min(1).default('.local'),

  DATABASE_URL: url(['postgresql:', 'postgres:']).default('postgresql://postgres@127.0.0.1:5432/park'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),

  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379/0'),
  /** Prefix for BullMQ keys, so tests and the demo never share queues on one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_:-]+$/, 'letters, digits, _ : - only')
    .default('park'),
  /** How long a request waits on Redis (enqueueing a close, short-lived state) before it answers 503. */
  REDIS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),

  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((v) =>
      v
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    )
    .refine((list) => list.length > 0 && list.every((b) => /^[^:\s]+:\d{1,5}$/.test(b)), {
      message: 'must be a comma-separated list of host:port',
    }),
  KAFKA_CLIENT_ID: z.string().min(1).default('park'),
  /** Prefix for topic names, so a test run gets topics of its own. */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, 'letters, digits, . _ - only')
    .default(''),
  KAFKA_USAGE_PARTITIONS: z.coerce.number().int().min(1).max(1024).default(6),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(7).default(1),
  KAFKA_RETENTION_HOURS: z.coerce.number().int().min(1).default(168),
  /**
   * How long the sink may spend storing one batch (its recovery included) before /health names the partition as
   * stalled and the sink logs it: a store normally takes about a second; a recovery after a consumer-group reset
   * re-reads the partition's whole history and may pass this while it works.
   */
  SINK_STORE_STALL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(300_000),
  /**
   * How long a stall may last before the sink exits (code 75) for its supervisor to start it again: a store that
   * never returns cannot be ended from inside, and a new process replays the batch exactly once. 0: never exit.
   */
  SINK_STALL_EXIT_MS: z.coerce.number().int().min(0).max(86_400_000).default(1_800_000),
  /** How long an agent's push waits for Kafka or Redis before it answers 503 with a reason code. */
  INGEST_DEPENDENCY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(8_000),

  /**
   * Unset: the embedded engine (chDB) on CLICKHOUSE_DATA_DIR. Set: a ClickHouse server, e.g.
   * http://user:pass@host:8123.
   */
  CLICKHOUSE_URL: url(['http:', 'https:']).optional(),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier')
    .default('park'),
  CLICKHOUSE_DATA_DIR: z.string().min(1).optional(),
  /** Set on a ClickHouse cluster: DDL runs ON CLUSTER and tables become Replicated* (deploy/README.md). */
  CLICKHOUSE_CLUSTER: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional(),

  /** Bearer tokens (libs/auth). Production: the OIDC issuer (required) and optionally its JWKS URL. */
  AUTH_ISSUER: url(['http:', 'https:']).optional(),
  AUTH_AUDIENCE: z.string().min(1).default('park-api'),
  /** Unset: discovered from <issuer>/.well-known/openid-configuration. */
  AUTH_JWKS_URL: url(['http:', 'https:']).optional(),
  /** Local runs and tests only (HS256, ≥ 32 bytes); production refuses it. Unset: the documented development key. */
  AUTH_LOCAL_SECRET: z.string().min(32, 'must be at least 32 bytes').optional(),
  /**
   * AES-256-GCM key for secrets stored in PostgreSQL (webhook signing secrets): 32 bytes, base64. Required in
   * production; elsewhere unset means the published development key.
   */
  PARK_SECRETS_KEY: z
    .string()
    .refine((v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32, {
      message: 'must be 32 bytes in base64 (openssl rand -base64 32)',
    })
    .optional(),
  /** Failed webhook attempts in a row after which an endpoint is suspended (its deliveries parked until resumed). */
  WEBHOOK_SUSPEND_AFTER_FAILURES: z.coerce.number().int().min(1).max(1_000).default(10),
  /** Longest accepted bearer-token lifetime (exp − iat), seconds. */
  AUTH_MAX_TOKEN_LIFETIME_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .default(43_200),
  /** While the OIDC issuer is unreachable, its last good key set is trusted until this old (seconds). */
  AUTH_JWKS_STALE_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(600)
    .max(30 * 86_400)
    .default(86_400),

  /** Production normally refuses the embedded ClickHouse engine (one process, local disk); 1 allows it. */
  CLICKHOUSE_EMBEDDED_IN_PRODUCTION: bool(false),

  /** Request bodies of routes that are not agent routes (agent routes keep 8 MiB), parsed before authentication. */
  HTTP_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .max(8 * 1024 * 1024)
    .default(1024 * 1024),

  /** Both or neither: HTTPS on PORT and gRPC over TLS on GRPC_PORT from these PEM files. */
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),

  /** Redis-backed rate limits (libs/platform rate-limit): per cluster on the agent API, per principal on REST. */
  RATE_LIMIT_ENABLED: bool(true),
  RATE_LIMIT_INGEST_RECORDS_PER_SECOND: z.coerce.number().int().min(5_000).default(50_000),
  RATE_LIMIT_INGEST_BYTES_PER_SECOND: z.coerce
    .number()
    .int()
    .min(8 * 1024 * 1024)
    .default(64 * 1024 * 1024),
  RATE_LIMIT_REST_REQUESTS_PER_SECOND: z.coerce.number().int().min(1).default(50),

  /**
   * Schedules (issue 14 item 2), BullMQ job schedulers of the reconciliation worker, in Asia/Shanghai time.
   * SCHEDULES_ENABLED defaults to on, except with PARK_MODE=test (a test turns them on itself).
   */
  SCHEDULES_ENABLED: z.enum(['0', '1', 'true', 'false', 'yes', 'no']).optional(),
  /** The reconciliation of the last whole UTC day; 09:30 in Shanghai is 01:30 UTC, so that day is yesterday. */
  SCHEDULE_DAILY_RECONCILIATION_CRON: cron('30 9 * * *'),
  /** How often the monthly close looks whether the previous period may close (watermark or grace passed). */
  SCHEDULE_MONTHLY_CLOSE_CRON: cron('15 * * * *'),
  /** Days after a period's end (Asia/Shanghai) that its close waits for missing manifests before closing anyway. */
  CLOSE_GRACE_DAYS: z.coerce.number().int().min(0).max(28).default(3),
  /** Parks the schedules cover, comma-separated; unset: every park. */
  SCHEDULE_PARK_IDS: z
    .string()
    .regex(/^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$/, { message: 'must be park ids separated by commas' })
    .optional(),

  /** The web console's OIDC client (authorization code + PKCE), handed to the browser in /console/config.json. */
  CONSOLE_OIDC_CLIENT_ID: z.string().min(1).default('park-console'),
});

export type Environment = z.infer<typeof environmentSchema>;
