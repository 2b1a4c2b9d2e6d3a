import { spawn } from 'node:child_process';
import * as path from 'node:path';

const DIST_LIBS = path.resolve(__dirname, '..', '..', 'dist', 'libs');

/**
 * Work on the embedded ClickHouse directory of a built app while that app is stopped: chDB lets one process open a
 * data directory at a time, and the test process holds a directory of its own. Each script runs in a short-lived
 * child (`node -e`, the built libs, the app's env: `loadConfig()` reads it), reads its input on stdin and prints
 * its answer as JSON.
 */
const PRELUDE = `
const lib = (name) => require(${JSON.stringify(DIST_LIBS)} + '/' + name + '/src');
const { loadConfig } = lib('config');
const { connectClickHouse, migrateClickHouse } = lib('clickhouse');
const usage = lib('usage-pipeline');
const config = loadConfig();
const ch = connectClickHouse(config.clickhouse);
const input = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const done = (answer) => ch.client.close().then(() => process.stdout.write(JSON.stringify(answer)));
`;

/** Migrates the directory and inserts the records (UsageRecordsRepository's input) in one batch. */
const INSERT_RECORDS = `${PRELUDE}
(async () => {
  await migrateClickHouse(ch.client, { database: config.clickhouse.database, cluster: config.clickhouse.cluster });
  await new usage.UsageRecordsRepository(ch, config.clickhouse.database).insertRecords(input.records);
  await done({ inserted: input.records.length });
})().catch((e) => { console.error(e); process.exit(1); });`;

/** Reconciliation kinds c, d and e (BillingReconciliations) of one park over a window. */
const RECONCILE = `${PRELUDE}
(async () => {
  const { createPrismaClient } = lib('db');
  const { BillingReconciliations } = lib('reconciliation');
  const prisma = createPrismaClient(config.postgres);
  const rollup = new usage.UsageRollupQueries(ch.client, config.clickhouse.database);
  const kinds = new BillingReconciliations(prisma, rollup);
  const outcomes = [
    await kinds.statements(input.parkId, input.window),
    await kinds.ledger(input.parkId),
    await kinds.claims(input.parkId),
  ];
  await prisma.$disconnect();
  await done(outcomes);
})().catch((e) => { console.error(e); process.exit(1); });`;

function runScript<T>(script: string, env: NodeJS.ProcessEnv, input: unknown): Promise<T> {
  // the input goes on stdin: 1,000 records are more than one command-line argument may hold
  const child = spawn(process.execPath, ['-e', script], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.end(JSON.stringify(input));
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as T) : reject(new Error(`ClickHouse script exited with ${code}`)),
    ),
  );
}

export interface UsageRecordInput {
  record: Record<string, unknown>;
  partition: number;
  offset: string;
}

export interface KindOutcomeJson {
  kind: string;
  matched: number;
  findings: unknown[];
}

export const workerClickHouse = {
  insertRecords: (env: NodeJS.ProcessEnv, records: UsageRecordInput[]) =>
    runScript<{ inserted: number }>(INSERT_RECORDS, env, { records }),
  reconcile: (env: NodeJS.ProcessEnv, parkId: string, window: { from: number; to: number }) =>
    runScript<KindOutcomeJson[]>(RECONCILE, env, { parkId, window }),
};
