import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '@park/config';

// docker-compose.yml cannot run here (no Docker engine); these checks keep it true to the code.
const root = path.resolve(__dirname, '..', '..', '..');
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<
    string,
    {
      command?: string[];
      environment?: Record<string, string>;
      secrets?: string[];
      ports?: string[];
    }
  >;
  secrets?: Record<string, { file: string }>;
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
    // the certificate files exist in the containers only (compose secrets): stand-ins here, the paths checked below
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-tls-'));
    const standIns = { TLS_CERT_FILE: path.join(dir, 'cert.pem'), TLS_KEY_FILE: path.join(dir, 'key.pem') };
    for (const file of Object.values(standIns)) fs.writeFileSync(file, '');
    // the secrets key comes from the host's environment (compose refuses to start without it): a stand-in here
    const key = { PARK_SECRETS_KEY: Buffer.alloc(32, 9).toString('base64') };
    for (const app of deployables) {
      expect(compose.services[app].environment?.PARK_SECRETS_KEY).toMatch(/^\$\{PARK_SECRETS_KEY:\?/);
      const config = loadConfig({ ...compose.services[app].environment, ...standIns, ...key });
      expect(config.mode).toBe('production');
      expect(config.demo).toBe(false);
      expect(config.clickhouse.kind).toBe('server');
      expect(config.tls).not.toBeNull();
    }
    fs.rmSync(dir, { recursive: true });
  });

  it('serves TLS from compose secrets mounted where TLS_CERT_FILE and TLS_KEY_FILE point', () => {
    for (const app of deployables) {
      const { environment = {}, secrets = [] } = compose.services[app];
      for (const variable of ['TLS_CERT_FILE', 'TLS_KEY_FILE']) {
        const name = /^\/run\/secrets\/(.+)$/.exec(environment[variable] ?? '')?.[1];
        expect(name && secrets.includes(name) && compose.secrets?.[name]).toBeTruthy();
      }
    }
    expect(compose.services['ingest-gateway'].ports).toContain('50051:50051');
  });

  it('has Kafka in KRaft mode, ClickHouse, PostgreSQL and Redis', () => {
    expect(compose.services.kafka.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    for (const s of ['clickhouse', 'postgres', 'redis', 'migrate']) expect(compose.services[s]).toBeDefined();
  });
});
