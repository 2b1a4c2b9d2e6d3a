import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ConfigError,
  DEVELOPMENT_AUTH_SECRET,
  DEVELOPMENT_SECRETS_KEY,
  LOCAL_AUTH_ISSUER,
  loadConfig,
} from './app-config';

const PRODUCTION = {
  PARK_MODE: 'production',
  AUTH_ISSUER: 'https://idp.example.org',
  CLICKHOUSE_URL: 'http://park:secret@ch:8123',
  PARK_SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('gives working local defaults', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.clickhouse.kind).toBe('embedded');
    expect(config.demo).toBe(true);
    expect(config.redis.timeoutMs).toBe(5_000);
  });

  it('takes the secrets key as 32 bytes of base64, required in production, the published one elsewhere', () => {
    expect(loadConfig({}).secrets).toEqual({ key: Buffer.from(DEVELOPMENT_SECRETS_KEY, 'base64'), development: true });
    expect(loadConfig({}).secrets.key).toHaveLength(32);
    expect(loadConfig(PRODUCTION).secrets).toEqual({ key: Buffer.alloc(32, 7), development: false });
    const { PARK_SECRETS_KEY: _, ...withoutKey } = PRODUCTION;
    expect(problemsOf(withoutKey)).toEqual([expect.stringMatching(/^PARK_SECRETS_KEY: production encrypts/)]);
    expect(problemsOf({ ...PRODUCTION, PARK_SECRETS_KEY: DEVELOPMENT_SECRETS_KEY })).toEqual([
      expect.stringMatching(/^PARK_SECRETS_KEY: the published development key is refused/),
    ]);
    for (const bad of [Buffer.alloc(16).toString('base64'), 'not base64!', 'x'.repeat(44)])
      expect(problemsOf({ PARK_SECRETS_KEY: bad })).toEqual([expect.stringMatching(/^PARK_SECRETS_KEY: must be 32/)]);
  });

  it('suspends a webhook endpoint after 10 failed attempts in a row unless told otherwise', () => {
    expect(loadConfig({}).webhooks).toEqual({ suspendAfterFailures: 10 });
    expect(loadConfig({ WEBHOOK_SUSPEND_AFTER_FAILURES: '3' }).webhooks).toEqual({ suspendAfterFailures: 3 });
    expect(() => loadConfig({ WEBHOOK_SUSPEND_AFTER_FAILURES: '0' })).toThrow(/WEBHOOK_SUSPEND_AFTER_FAILURES/);
  });

  it('bounds the wait on Redis between 100 ms and 60 s', () => {
    expect(loadConfig({ REDIS_TIMEOUT_MS: '2000' }).redis.timeoutMs).toBe(2_000);
    expect(() => loadConfig({ REDIS_TIMEOUT_MS: '0' })).toThrow(/REDIS_TIMEOUT_MS/);
    expect(() => loadConfig({ REDIS_TIMEOUT_MS: 'soon' })).toThrow(/REDIS_TIMEOUT_MS/);
  });

  it('reports every bad variable together', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', KAFKA_BROKERS: 'nohostport', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'KAFKA_BROKERS', 'DATABASE_URL', 'LOG_LEVEL']) expect(problems).toContain(name);
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it('bounds how long a push waits for Kafka or Redis (≤ 10 s by default)', () => {
    expect(loadConfig({}).ingest.dependencyTimeoutMs).toBeLessThanOrEqual(10_000);
    expect(loadConfig({ INGEST_DEPENDENCY_TIMEOUT_MS: '2500' }).ingest.dependencyTimeoutMs).toBe(2500);
    for (const bad of ['0', 'soon', '600000']) {
      expect(() => loadConfig({ INGEST_DEPENDENCY_TIMEOUT_MS: bad })).toThrow(/INGEST_DEPENDENCY_TIMEOUT_MS/);
    }
  });

  it('points ClickHouse at a server when CLICKHOUSE_URL is set', () => {
    const config = loadConfig({
      CLICKHOUSE_URL: 'http://park:secret@ch:8123',
      CLICKHOUSE_DATABASE: 'billing',
      CLICKHOUSE_CLUSTER: 'main',
    });
    expect(config.clickhouse).toEqual({
      kind: 'server',
      url: 'http://park:secret@ch:8123',
      database: 'billing',
      cluster: 'main',
    });
  });

  it('never seeds demo data in production', () => {
    expect(loadConfig(PRODUCTION).demo).toBe(false);
    expect(() => loadConfig({ ...PRODUCTION, PARK_DEMO: '1' })).toThrow(/PARK_DEMO/);
  });

  describe('bearer tokens', () => {
    it('uses the documented development key and the local issuer outside production', () => {
      const config = loadConfig({});
      expect(config.auth).toEqual({
        kind: 'local',
        issuer: LOCAL_AUTH_ISSUER,
        audience: 'park-api',
        localSecret: DEVELOPMENT_AUTH_SECRET,
        maxTokenLifetimeSeconds: 43_200,
      });
      expect(loadConfig({ AUTH_LOCAL_SECRET: 'x'.repeat(32) }).auth).toMatchObject({
        kind: 'local',
        localSecret: 'x'.repeat(32),
      });
      expect(() => loadConfig({ AUTH_LOCAL_SECRET: 'short' })).toThrow(/AUTH_LOCAL_SECRET/);
    });

    it('requires an OIDC issuer in production and refuses a local key there', () => {
      expect(() => loadConfig({ PARK_MODE: 'production' })).toThrow(/AUTH_ISSUER/);
      expect(() => loadConfig({ ...PRODUCTION, AUTH_LOCAL_SECRET: 'x'.repeat(32) })).toThrow(/AUTH_LOCAL_SECRET/);
      expect(loadConfig({ ...PRODUCTION, AUTH_JWKS_URL: 'https://idp.example.org/jwks' }).auth).toEqual({
        kind: 'oidc',
        issuer: 'https://idp.example.org',
        audience: 'park-api',
        jwksUrl: 'https://idp.example.org/jwks',
        jwksStaleMaxAgeSeconds: 86_400,
        maxTokenLifetimeSeconds: 43_200,
      });
    });
  });

  describe('safe defaults (issue 11 item 7)', () => {
    it('listens on loopback outside production unless HOST says otherwise, on every interface in production', () => {
      expect(loadConfig({}).http.host).toBe('127.0.0.1');
      expect(loadConfig({ PARK_MODE: 'test' }).grpc.host).toBe('127.0.0.1');
      expect(loadConfig(PRODUCTION).http.host).toBe('0.0.0.0');
      expect(loadConfig({ HOST: '0.0.0.0', AUTH_LOCAL_SECRET: 'y'.repeat(32) }).http.host).toBe('0.0.0.0');
    });

    it('refuses the published development key on an interface other than loopback', () => {
      const refused = expect.stringMatching(/^AUTH_LOCAL_SECRET: the published development key/);
      expect(problemsOf({ HOST: '0.0.0.0' })).toEqual([refused]);
      expect(problemsOf({ HOST: '10.1.2.3', AUTH_LOCAL_SECRET: DEVELOPMENT_AUTH_SECRET })).toHaveLength(1);
      for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1']) expect(problemsOf({ HOST: host })).toEqual([]);
    });

    it('refuses the embedded ClickHouse engine in production unless opted in', () => {
      const { CLICKHOUSE_URL: _, ...withoutServer } = PRODUCTION;
      const refused = expect.stringMatching(/^CLICKHOUSE_URL: production needs a ClickHouse server/);
      expect(problemsOf(withoutServer)).toEqual([refused]);
      expect(loadConfig({ ...withoutServer, CLICKHOUSE_EMBEDDED_IN_PRODUCTION: '1' }).clickhouse.kind).toBe('embedded');
    });

    it('reports every production problem together', () => {
      const problems = problemsOf({
        PARK_MODE: 'production',
        AUTH_LOCAL_SECRET: 'x'.repeat(32),
        PARK_DEMO: '1',
        TLS_CERT_FILE: '/nowhere.pem',
      });
      expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(
        [
          'AUTH_ISSUER',
          'AUTH_LOCAL_SECRET',
          'CLICKHOUSE_URL',
          'PARK_DEMO',
          'PARK_SECRETS_KEY',
          'TLS_CERT_FILE',
          'TLS_KEY_FILE',
        ].sort(),
      );
    });

    it('takes a TLS certificate and key as a pair of existing files', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-tls-'));
      const [cert, key] = ['cert.pem', 'key.pem'].map((f) => path.join(dir, f));
      fs.writeFileSync(cert, 'c');
      fs.writeFileSync(key, 'k');
      expect(loadConfig({ TLS_CERT_FILE: cert, TLS_KEY_FILE: key }).tls).toEqual({ certFile: cert, keyFile: key });
      expect(loadConfig({}).tls).toBeNull();
      expect(problemsOf({ TLS_KEY_FILE: key })).toEqual([expect.stringMatching(/^TLS_CERT_FILE: TLS needs both/)]);
      fs.rmSync(dir, { recursive: true });
    });

    it('bounds token lifetimes, REST bodies and rates, with defaults', () => {
      const config = loadConfig({});
      expect(config.http.bodyLimitBytes).toBe(1024 * 1024);
      expect(config.rateLimit).toEqual({
        enabled: true,
        ingestRecordsPerSecond: 50_000,
        ingestBytesPerSecond: 64 * 1024 * 1024,
        restRequestsPerSecond: 50,
      });
      const tooSmall = { AUTH_MAX_TOKEN_LIFETIME_SECONDS: '10', RATE_LIMIT_INGEST_RECORDS_PER_SECOND: '100' };
      expect(problemsOf(tooSmall)).toHaveLength(2);
    });
  });

  describe('schedules (issue 14 item 2)', () => {
    it('are on by default, in Asia/Shanghai, with a 3-day grace, and off with PARK_MODE=test unless turned on', () => {
      expect(loadConfig({}).schedules).toEqual({
        enabled: true,
        timezone: 'Asia/Shanghai',
        dailyReconciliationCron: '30 9 * * *',
        monthlyCloseCron: '15 * * * *',
        closeGraceDays: 3,
        parkIds: null,
      });
      expect(loadConfig({ PARK_MODE: 'test' }).schedules.enabled).toBe(false);
      const on = loadConfig({ PARK_MODE: 'test', SCHEDULES_ENABLED: '1', SCHEDULE_PARK_IDS: 'main,east' });
      expect(on.schedules).toMatchObject({ enabled: true, parkIds: ['main', 'east'] });
    });

    it('names each bad schedule variable', () => {
      const bad = {
        SCHEDULE_DAILY_RECONCILIATION_CRON: 'daily',
        CLOSE_GRACE_DAYS: '-1',
        SCHEDULE_PARK_IDS: 'main,,east',
        SCHEDULES_ENABLED: 'maybe',
      };
      const names = problemsOf(bad).map((p) => p.split(':')[0]);
      expect(names.sort()).toEqual(Object.keys(bad).sort());
      expect(loadConfig({ SCHEDULE_MONTHLY_CLOSE_CRON: '*/2 * * * * *' }).schedules.monthlyCloseCron).toBe(
        '*/2 * * * * *',
      );
    });
  });
});
