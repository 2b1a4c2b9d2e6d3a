import type { ClaimNames } from './auth-settings.types';
import { InvalidTokenError } from './auth.errors';
import { ROLES, ROLE_SCOPE, isRole, type Principal, type ScopeKind } from './principal.types';

type Claims = Readonly<Record<string, unknown>>;

// Ids end up in SQL parameters, log lines and URLs; keep them boring.
const ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

function stringClaim(claims: Claims, name: string, required: boolean): string | undefined {
  const value = claims[name];
  if (value === undefined || value === null) {
    if (required) throw new InvalidTokenError('missing-claim', `"${name}" is required`);
    return undefined;
  }
  if (typeof value !== 'string' || value === '')
    throw new InvalidTokenError('invalid-claim', `"${name}" must be a non-empty string`);
  return value;
}

function idClaim(claims: Claims, name: string): string {
  const value = stringClaim(claims, name, true) as string;
  if (!ID.test(value)) throw new InvalidTokenError('invalid-claim', `"${name}" is not a valid id`);
  return value;
}

/**
 * Verified claims → Principal. The scope claim of the role is required; scope claims of other kinds are
 * ignored (an IdP may send them for every user) and never copied onto the principal.
 */
export function principalFromClaims(claims: Claims, names: ClaimNames): Principal {
  const subject = stringClaim(claims, 'sub', true) as string;
  const roleValue = stringClaim(claims, names.role, true);
  if (!isRole(roleValue)) {
    throw new InvalidTokenError('invalid-claim', `"${names.role}" must be one of ${ROLES.join(', ')}`);
  }
  const principal: Principal = { subject, role: roleValue };
  const scopeClaim: Record<ScopeKind, string> = { tenant: names.tenant, bureau: names.bureau, cluster: names.cluster };
  const kind = ROLE_SCOPE[roleValue];
  if (kind === 'tenant') principal.tenantId = idClaim(claims, scopeClaim.tenant);
  if (kind === 'bureau') principal.bureauId = idClaim(claims, scopeClaim.bureau);
  if (kind === 'cluster') principal.clusterId = idClaim(claims, scopeClaim.cluster);
  const name = claims[names.name];
  if (typeof name === 'string' && name !== '') principal.name = name;
  return principal;
}

/** Principal → the claims a local token carries (the inverse of principalFromClaims). */
export function claimsFromPrincipal(principal: Principal, names: ClaimNames): Record<string, string> {
  const claims: Record<string, string> = { [names.role]: principal.role };
  if (principal.tenantId !== undefined) claims[names.tenant] = principal.tenantId;
  if (principal.bureauId !== undefined) claims[names.bureau] = principal.bureauId;
  if (principal.clusterId !== undefined) claims[names.cluster] = principal.clusterId;
  if (principal.name !== undefined) claims[names.name] = principal.name;
  return claims;
}
