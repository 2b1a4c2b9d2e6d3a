import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { loadConfig, type AppConfig } from '@park/config';

const ROOT = path.resolve(__dirname, '..', '..');

/** A short unique id, so every test makes its own tenants, topics, queues and ClickHouse databases. */
export function uniqueId(prefix = 't'): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/**
 * Configuration for a test: the test database (never the demo's), and a topic prefix, queue prefix and
 * ClickHouse database of its own. The embedded ClickHouse data directory is shared by the whole test process
 * (chDB binds one directory per process).
 */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  const id = uniqueId();
  return loadConfig({
    PARK_MODE: 'test',
    LOG_LEVEL: 'silent',
    PARK_DEMO: '0',
    PORT: '0',
    DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/park_test',
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0',
    KAFKA_BROKERS: process.env.TEST_KAFKA_BROKERS ?? '127.0.0.1:9092',
    QUEUE_PREFIX: `test-${id}`,
    KAFKA_TOPIC_PREFIX: `test-${id}.`,
    KAFKA_USAGE_PARTITIONS: '3',
    // tests drive one principal far faster than a person would; the limiter still runs
    // (rate-limits.test.ts sets low limits)
    RATE_LIMIT_REST_REQUESTS_PER_SECOND: '100000',
    CLICKHOUSE_DATA_DIR: process.env.TEST_CLICKHOUSE_DATA_DIR ?? path.join(ROOT, '.local', 'test-clickhouse'),
    CLICKHOUSE_DATABASE: `test_${id}`,
    ...(process.env.TEST_CLICKHOUSE_URL ? { CLICKHOUSE_URL: process.env.TEST_CLICKHOUSE_URL } : {}),
    ...overrides,
  });
}
