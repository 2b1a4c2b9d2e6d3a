/** Every role a caller can hold (DESIGN §8). A principal holds exactly one. */
export const ROLES = [
  'operator-admin',
  'operator-finance',
  'tenant-admin',
  'tenant-viewer',
  'bureau-auditor',
  'cluster-agent',
] as const;

export type Role = (typeof ROLES)[number];

/** What a scoped role is confined to. */
export type ScopeKind = 'tenant' | 'bureau' | 'cluster';

export type OperatorRole = 'operator-admin' | 'operator-finance';
export type TenantRole = 'tenant-admin' | 'tenant-viewer';
export type BureauRole = 'bureau-auditor';
export type ClusterRole = 'cluster-agent';

/** The roles confined to one scope of the given kind. */
export type RolesOfScope<S extends ScopeKind> = { tenant: TenantRole; bureau: BureauRole; cluster: ClusterRole }[S];

/** `null`: the role sees the whole park (operators). */
export const ROLE_SCOPE: Readonly<Record<Role, ScopeKind | null>> = {
  'operator-admin': null,
  'operator-finance': null,
  'tenant-admin': 'tenant',
  'tenant-viewer': 'tenant',
  'bureau-auditor': 'bureau',
  'cluster-agent': 'cluster',
};

/**
 * Who is calling. A tenant role always carries `tenantId`, the bureau auditor `bureauId`, the cluster agent
 * `clusterId`; the other two are never set for it (claims.mapper.ts builds principals that way).
 */
export interface Principal {
  subject: string;
  role: Role;
  tenantId?: string;
  bureauId?: string;
  clusterId?: string;
  name?: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The id of the one tenant / bureau / cluster the principal is confined to, or null for operators. */
export function scopeIdOf(principal: Principal): { kind: ScopeKind; id: string } | null {
  const kind = ROLE_SCOPE[principal.role];
  if (kind === null) return null;
  const id = kind === 'tenant' ? principal.tenantId : kind === 'bureau' ? principal.bureauId : principal.clusterId;
  // A scoped role without its id matches nothing (claims.mapper.ts never builds one).
  return id === undefined || id === '' ? null : { kind, id };
}
