import * as fs from 'node:fs';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createLocalTokenMinter, mintDemoTokens, ROLES } from '@park/auth';
import type { AppConfig } from '@park/config';
import { PrismaService } from '@park/db';
import { authSettingsOf } from '@park/platform';

const TTL_SECONDS = 12 * 3600;
export const DEMO_TOKENS_FILE = 'demo-tokens.txt';

/**
 * Local runs only (never in production, where no local key exists): a bearer token per demo user, scoped to the
 * first demo tenant, bureau and cluster, so the API can be tried with `curl -H "authorization: Bearer …"`.
 * The tokens go to `<PARK_LOCAL_DIR>/demo-tokens.txt`, readable by its owner only (0600), not to stdout: boot
 * output ends up in logs and terminals other people read. Returns the file, or null when none was written.
 */
export async function writeDemoTokens(
  app: INestApplication,
  config: AppConfig,
  out: (text: string) => void,
): Promise<string | null> {
  if (!config.demo || config.mode === 'production' || config.auth.kind !== 'local') return null;
  const prisma = app.get(PrismaService).client;
  const [tenant, bureau, cluster] = await Promise.all([
    prisma.tenant.findFirst({ where: { isDemo: true }, orderBy: { id: 'asc' }, select: { id: true } }),
    prisma.bureau.findFirst({ orderBy: { id: 'asc' }, select: { id: true } }),
    prisma.cluster.findFirst({ orderBy: { id: 'asc' }, select: { id: true } }),
  ]);
  if (!tenant || !bureau || !cluster) return null;
  const scope = { tenantId: tenant.id, bureauId: bureau.id, clusterId: cluster.id };
  const minter = createLocalTokenMinter(authSettingsOf(config));
  const ttlSeconds = Math.min(TTL_SECONDS, config.auth.maxTokenLifetimeSeconds);
  const tokens = await mintDemoTokens(minter, scope, { ttlSeconds });
  const expires = new Date(Date.now() + ttlSeconds * 1000).toISOString();
  const lines = [`# demo users, local key, valid until ${expires}; tenant ${scope.tenantId}, bureau ${scope.bureauId}`];
  // the cluster agent authenticates with its Ed25519 key (npm run agent), not with a bearer token
  for (const role of ROLES) if (role !== 'cluster-agent') lines.push(`${role.padEnd(16)} ${tokens[role]}`);
  const file = path.join(config.localDir, DEMO_TOKENS_FILE);
  writeOwnerOnly(file, `${lines.join('\n')}\n`);
  const shown = path.relative(process.cwd(), file) || file;
  out(`\ndemo users: bearer tokens (valid ${ttlSeconds / 3600} h) in ${shown} (mode 0600)\n`);
  return file;
}

/** Created afresh with mode 0600, so an older file's wider mode never carries over. */
function writeOwnerOnly(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.rmSync(file, { force: true });
  fs.writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
}
