import { ConfigError, loadConfig } from './app-config';

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

  it('points ClickHouse at a server when CLICKHOUSE_URL is set', () => {
    const config = loadConfig({ CLICKHOUSE_URL: 'http://park:secret@ch:8123', CLICKHOUSE_DATABASE: 'billing', CLICKHOUSE_CLUSTER: 'main' });
    expect(config.clickhouse).toEqual({ kind: 'server', url: 'http://park:secret@ch:8123', database: 'billing', cluster: 'main' });
  });

  it('never seeds demo data in production', () => {
    expect(loadConfig({ PARK_MODE: 'production' }).demo).toBe(false);
    expect(() => loadConfig({ PARK_MODE: 'production', PARK_DEMO: '1' })).toThrow(/PARK_DEMO/);
  });
});
