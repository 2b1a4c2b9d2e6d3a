import type { INestApplication } from '@nestjs/common';
import { createLocalTokenMinter, mintDemoTokens, ROLES } from '@park/auth';
import type { AppConfig } from '@park/config';
import { PrismaService } from '@park/db';
import { authSettingsOf } from '@park/platform';

const TTL_SECONDS = 12 * 3600;

/**
 * Local runs only (never in production, where no local key exists): a bearer token per demo user, scoped to the
 * first demo tenant, bureau and cluster, so the API can be tried with `curl -H "authorization: Bearer …"`.
 */
export async function printDemoTokens(app: INestApplication, config: AppConfig, out: (text: string) => void): Promise<void> {
  if (!config.demo || config.mode === 'production' || config.auth.kind !== 'local') return;
  const prisma = app.get(PrismaService).client;
  const [tenant, bureau, cluster] = await Promise.all([
    prisma.tenant.findFirst({ where: { isDemo: true }, orderBy: { id: 'asc' }, select: { id: true } }),
    prisma.bureau.findFirst({ orderBy: { id: 'asc' }, select: { id: true } }),
    prisma.cluster.findFirst({ orderBy: { id: 'asc' }, select: { id: true } }),
  ]);
  if (!tenant || !bureau || !cluster) return;
  const scope = { tenantId: tenant.id, bureauId: bureau.id, clusterId: cluster.id };
  const tokens = await mintDemoTokens(createLocalTokenMinter(authSettingsOf(config)), scope, { ttlSeconds: TTL_SECONDS });
  out(`\ndemo users (local key, valid ${TTL_SECONDS / 3600} h; tenant ${scope.tenantId}, bureau ${scope.bureauId}): Authorization: Bearer <token>\n`);
  for (const role of ROLES) {
    // the cluster agent authenticates with its Ed25519 key (npm run agent), not with a bearer token
    if (role !== 'cluster-agent') out(`  ${role.padEnd(16)} ${tokens[role]}\n`);
  }
}
