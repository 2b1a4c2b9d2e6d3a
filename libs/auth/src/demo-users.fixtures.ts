import type { LocalTokenMinter, MintOptions } from './local-token.minter';
import type { Principal, Role } from './principal.types';

/** The ids the seeded demo data uses; the seeding code owns them and passes them in. */
export interface DemoScope {
  tenantId: string;
  bureauId: string;
  clusterId: string;
}

/** One demo user per role, scoped to the given tenant / bureau / cluster (local runs and tests only). */
export function demoUsers(scope: DemoScope): Record<Role, Principal> {
  return {
    'operator-admin': { subject: 'demo-operator-admin', role: 'operator-admin', name: '园区管理员 (demo)' },
    'operator-finance': { subject: 'demo-operator-finance', role: 'operator-finance', name: '园区财务 (demo)' },
    'tenant-admin': {
      subject: `demo-tenant-admin@${scope.tenantId}`,
      role: 'tenant-admin',
      tenantId: scope.tenantId,
      name: '企业管理员 (demo)',
    },
    'tenant-viewer': {
      subject: `demo-tenant-viewer@${scope.tenantId}`,
      role: 'tenant-viewer',
      tenantId: scope.tenantId,
      name: '企业查看者 (demo)',
    },
    'bureau-auditor': {
      subject: `demo-bureau-auditor@${scope.bureauId}`,
      role: 'bureau-auditor',
      bureauId: scope.bureauId,
      name: '大数据局审计 (demo)',
    },
    'cluster-agent': {
      subject: `demo-cluster-agent@${scope.clusterId}`,
      role: 'cluster-agent',
      clusterId: scope.clusterId,
      name: '集群采集代理 (demo)',
    },
  };
}

/** A bearer token for each demo user (the minter refuses to exist in production, so this does too). */
export async function mintDemoTokens(
  minter: LocalTokenMinter,
  scope: DemoScope,
  options?: MintOptions,
): Promise<Record<Role, string>> {
  const users = demoUsers(scope);
  const entries = await Promise.all(
    (Object.keys(users) as Role[]).map(async (role) => [role, await minter.mint(users[role], options)] as const),
  );
  return Object.fromEntries(entries) as Record<Role, string>;
}
