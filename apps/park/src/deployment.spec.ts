import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '@park/config';

// docker-compose.yml cannot run here (no Docker engine); these checks keep it true to the code.
const root = path.resolve(__dirname, '..', '..', '..');
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { command?: string[]; environment?: Record<string, string> }>;
};
const nest = JSON.parse(fs.readFileSync(path.join(root, 'nest-cli.json'), 'utf8')) as {
  projects: Record<string, { type: string }>;
};
// `park` composes the others for local runs; `cluster-agent` runs on the clusters, not in the park
const deployables = Object.entries(nest.projects)
  .filter(([name, p]) => p.type === 'application' && name !== 'park' && name !== 'cluster-agent')
  .map(([name]) => name);

describe('docker-compose.yml', () => {
  it('runs every deployable app as its own service with the built entry point', () => {
    for (const app of deployables) {
      const service = compose.services[app];
      expect(service).toBeDefined();
      expect(service.command).toContain(`dist/apps/${app}/src/main.js`);
      expect(fs.existsSync(path.join(root, 'apps', app, 'src', 'main.ts'))).toBe(true);
    }
  });

  it('gives each app an environment its config accepts, pointing at a ClickHouse server', () => {
    for (const app of deployables) {
      const config = loadConfig(compose.services[app].environment);
      expect(config.mode).toBe('production');
      expect(config.demo).toBe(false);
      expect(config.clickhouse.kind).toBe('server');
    }
  });

  it('has Kafka in KRaft mode, ClickHouse, PostgreSQL and Redis', () => {
    expect(compose.services.kafka.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    for (const s of ['clickhouse', 'postgres', 'redis', 'migrate']) expect(compose.services[s]).toBeDefined();
  });
});
