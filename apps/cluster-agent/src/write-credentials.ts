import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { AgentCredential } from '@park/agent-auth';
import { loadConfig } from '@park/config';
import { createPrismaClient } from '@park/db';
import { seedSimulatedPark } from '@park/park-seed';
import { createPark } from '@park/usage-domain';

/** The credentials file `agent simulate --credentials` reads: cluster id → { keyId, privateKeyPem }. */
export function credentialsJson(credentials: ReadonlyMap<string, AgentCredential>): string {
  const byCluster = [...credentials].map(([clusterId, c]) => [
    clusterId,
    { keyId: c.keyId, privateKeyPem: c.privateKeyPem },
  ]);
  return `${JSON.stringify(Object.fromEntries(byCluster), null, 2)}\n`;
}

/**
 * `node dist/apps/cluster-agent/src/write-credentials.js --out FILE [--seed N] [--tenants N] [--clusters N]
 * [--prefix P]`:
 * seeds the simulated park (libs/park-seed) into the configured PostgreSQL (DATABASE_URL) and writes one new agent key
 * per cluster, private halves included, for `agent simulate`. Development and tests only: production clusters get their
 * key from the operator, and the park never holds a private key.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      seed: { type: 'string' },
      tenants: { type: 'string' },
      clusters: { type: 'string' },
      prefix: { type: 'string' },
    },
    strict: true,
  });
  if (values.out === undefined) throw new Error('missing --out FILE');
  const config = loadConfig();
  if (config.mode === 'production')
    throw new Error('refused: PARK_MODE=production; simulated parks and their keys are for development and tests');
  const seed = Number(values.seed ?? 1);
  const park = createPark(seed, {
    tenants: Number(values.tenants ?? 12),
    clusters: Number(values.clusters ?? 5),
    ...(values.prefix === undefined ? {} : { prefix: values.prefix }),
  });
  const prisma = createPrismaClient(config.postgres);
  try {
    const { credentials } = await seedSimulatedPark(prisma, park);
    writeFileSync(values.out, credentialsJson(credentials), { mode: 0o600 });
    process.stdout.write(
      `seeded park ${park.prefix} (${park.tenants.length} tenants, ${park.clusters.length} clusters); keys written ` +
        `to ${values.out}\n`,
    );
  } finally {
    await prisma.$disconnect();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`write-credentials: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  });
}
