import { setBearer } from '../api/client';

export type PersonRole = 'operator-admin' | 'operator-finance' | 'tenant-admin' | 'tenant-viewer' | 'bureau-auditor';

export interface SessionUser {
  token: string;
  role: PersonRole;
  name: string;
  tenantId?: string;
  bureauId?: string;
}

const KEY = 'park.console.session';
const ROLES: readonly string[] = [
  'operator-admin',
  'operator-finance',
  'tenant-admin',
  'tenant-viewer',
  'bureau-auditor',
];

/** The user a token names, read from its claims (libs/auth DEFAULT_CLAIM_NAMES); the API verifies it, not us. */
export function userFromToken(token: string): SessionUser {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<
    string,
    unknown
  >;
  const role = String(claims.park_role ?? '');
  if (!ROLES.includes(role)) throw new Error(`this token's role (${role || 'none'}) has no console`);
  return {
    token,
    role: role as PersonRole,
    name: String(claims.name ?? claims.sub ?? ''),
    ...(typeof claims.park_tenant === 'string' ? { tenantId: claims.park_tenant } : {}),
    ...(typeof claims.park_bureau === 'string' ? { bureauId: claims.park_bureau } : {}),
  };
}

export function saveSession(user: SessionUser | null): void {
  if (user) sessionStorage.setItem(KEY, JSON.stringify(user));
  else sessionStorage.removeItem(KEY);
  setBearer(user?.token ?? null);
}

export function loadSession(): SessionUser | null {
  const text = sessionStorage.getItem(KEY);
  if (!text) return null;
  const user = JSON.parse(text) as SessionUser;
  setBearer(user.token);
  return user;
}

export const isOperator = (role: PersonRole) => role === 'operator-admin' || role === 'operator-finance';
export const isTenant = (role: PersonRole) => role === 'tenant-admin' || role === 'tenant-viewer';
