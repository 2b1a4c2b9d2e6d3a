import { ConfigError, DEVELOPMENT_AUTH_SECRET, LOCAL_AUTH_ISSUER, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives working local defaults', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.clickhouse.kind).toBe('embedded');
    expect(config.demo).toBe(true);
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
    const config = loadConfig({ CLICKHOUSE_URL: 'http://park:secret@ch:8123', CLICKHOUSE_DATABASE: 'billing', CLICKHOUSE_CLUSTER: 'main' });
    expect(config.clickhouse).toEqual({ kind: 'server', url: 'http://park:secret@ch:8123', database: 'billing', cluster: 'main' });
  });

  it('never seeds demo data in production', () => {
    expect(loadConfig({ PARK_MODE: 'production', AUTH_ISSUER: 'https://idp.example.org' }).demo).toBe(false);
    expect(() => loadConfig({ PARK_MODE: 'production', AUTH_ISSUER: 'https://idp.example.org', PARK_DEMO: '1' })).toThrow(/PARK_DEMO/);
  });

  describe('bearer tokens', () => {
    it('uses the documented development key and the local issuer outside production', () => {
      const config = loadConfig({});
      expect(config.auth).toEqual({ kind: 'local', issuer: LOCAL_AUTH_ISSUER, audience: 'park-api', localSecret: DEVELOPMENT_AUTH_SECRET });
      expect(loadConfig({ AUTH_LOCAL_SECRET: 'x'.repeat(32) }).auth).toMatchObject({ kind: 'local', localSecret: 'x'.repeat(32) });
      expect(() => loadConfig({ AUTH_LOCAL_SECRET: 'short' })).toThrow(/AUTH_LOCAL_SECRET/);
    });

    it('requires an OIDC issuer in production and refuses a local key there', () => {
      expect(() => loadConfig({ PARK_MODE: 'production' })).toThrow(/AUTH_ISSUER/);
      expect(() => loadConfig({ PARK_MODE: 'production', AUTH_ISSUER: 'https://idp.example.org', AUTH_LOCAL_SECRET: 'x'.repeat(32) })).toThrow(
        /AUTH_LOCAL_SECRET/,
      );
      expect(loadConfig({ PARK_MODE: 'production', AUTH_ISSUER: 'https://idp.example.org', AUTH_JWKS_URL: 'https://idp.example.org/jwks' }).auth).toEqual({
        kind: 'oidc',
        issuer: 'https://idp.example.org',
        audience: 'park-api',
        jwksUrl: 'https://idp.example.org/jwks',
      });
    });
  });
});
