import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@park/config';
import { AppRootModule, describeApi } from '@park/platform';
import { PARK_APP } from './park.app';

/**
 * Writes park's OpenAPI document (every /v1 route of every app) without connecting to anything: the Nest
 * application is built, never initialised. The console's typed client is generated from it
 * (`npm run console:api`; test/integration/console-api-types.test.ts keeps both up to date).
 * Usage: node dist/apps/park/src/openapi.cli.js <out.json>
 */
export async function parkApiDocument(): Promise<object> {
  // addresses nothing listens on: clients are made, never used; a server URL keeps chDB from opening a data directory
  const config = loadConfig({
    PARK_MODE: 'development',
    PARK_DEMO: '0',
    LOG_LEVEL: 'silent',
    DATABASE_URL: 'postgresql://nobody@127.0.0.1:9/none',
    REDIS_URL: 'redis://127.0.0.1:9/0',
    KAFKA_BROKERS: '127.0.0.1:9',
    CLICKHOUSE_URL: 'http://127.0.0.1:9',
  });

  const app = await NestFactory.create(
    AppRootModule.create({
      config,
      dependencies: PARK_APP.dependencies,
      features: PARK_APP.features,
    }),
    { logger: false, abortOnError: false },
  );
  try {
    // stable output: keys in a fixed order whatever the module scan order was
    return sortKeys(describeApi(app, 'park'));
  } finally {
    await app.close();
  }
}

function sortKeys(value: unknown): never {
  if (Array.isArray(value)) return value.map(sortKeys) as never;
  if (value === null || typeof value !== 'object') return value as never;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)])) as never;
}

if (require.main === module) {
  const out = process.argv[2];
  if (!out) {
    process.stderr.write('usage: openapi.cli.js <out.json>\n');
    process.exit(64);
  }
  void parkApiDocument().then((doc) => {
    fs.writeFileSync(path.resolve(out), `${JSON.stringify(doc, null, 2)}\n`);
    process.stdout.write(`openapi: ${Object.keys((doc as { paths: object }).paths).length} paths → ${out}\n`);
    process.exit(0);
  });
}
