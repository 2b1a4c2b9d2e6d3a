import type { AccessDeclaration, AllowRule } from './access-rule.types';
import { ROLE_SCOPE, ROLES, isRole, scopeIdOf, type Principal } from './principal.types';

/**
 * The outcome for one request. `not-found` is what a scoped caller gets for a resource outside its scope:
 * the same answer as for a resource that does not exist, so ids of other tenants / bureaus / clusters can
 * neither be read nor probed for existence.
 */
export type AccessDecision =
  | { outcome: 'allow'; rule: AllowRule | null }
  | { outcome: 'unauthenticated' }
  | { outcome: 'forbidden'; why: 'undeclared' | 'role' }
  | { outcome: 'not-found'; why: 'other-scope' | 'no-such-resource' | 'missing-param' | 'unknown-resolver' };

/** How the policy reads the request; the guard implements it per transport, tests can too. */
export interface ScopeLookup {
  param(name: string): string | undefined;
  /** undefined: no resolver of that name is registered. */
  resolve(resolver: string): Promise<string | null | undefined> | undefined;
}

/**
 * Deny by default: no declaration → forbidden; public → allow; otherwise a principal is needed, its role must
 * be named by a rule, and for a scoped rule the resource must belong to the principal's tenant / bureau / cluster.
 */
export async function decideAccess(
  declaration: AccessDeclaration | undefined,
  principal: Principal | null,
  lookup: ScopeLookup,
): Promise<AccessDecision> {
  if (declaration === undefined) return { outcome: 'forbidden', why: 'undeclared' };
  if (declaration.kind === 'public') return { outcome: 'allow', rule: null };
  // Authenticated by the route's own agent-signature check, not by a bearer token.
  if (declaration.kind === 'signed') return { outcome: 'allow', rule: null };
  if (principal === null) return { outcome: 'unauthenticated' };
  const candidates = declaration.rules.filter((rule) => (rule.roles as readonly string[]).includes(principal.role));
  if (candidates.length === 0) return { outcome: 'forbidden', why: 'role' };

  let miss: Extract<AccessDecision, { outcome: 'not-found' }>['why'] = 'other-scope';
  for (const rule of candidates) {
    if (rule.scope === undefined) {
      // Only operator roles type-check here; a scoped role slipped in through a cast must not pass unscoped.
      if (ROLE_SCOPE[principal.role] === null) return { outcome: 'allow', rule };
      continue;
    }
    const own = scopeIdOf(principal);
    if (own === null || own.kind !== rule.scope) continue;
    if (rule.own === true) return { outcome: 'allow', rule };
    let resourceScope: string | null | undefined;
    if (rule.param !== undefined) {
      resourceScope = lookup.param(rule.param);
      if (resourceScope === undefined || resourceScope === '') {
        miss = 'missing-param';
        continue;
      }
    } else if (rule.resolver !== undefined) {
      const pending = lookup.resolve(rule.resolver);
      if (pending === undefined) {
        miss = 'unknown-resolver';
        continue;
      }
      resourceScope = await pending;
      if (resourceScope === null || resourceScope === undefined) {
        miss = 'no-such-resource';
        continue;
      }
    } else {
      continue;
    }
    if (resourceScope === own.id) return { outcome: 'allow', rule };
  }
  return { outcome: 'not-found', why: miss };
}

/** Problems with a list of rules (the decorator throws them; types catch most at compile time already). */
export function ruleProblems(rules: readonly AllowRule[]): string[] {
  const problems: string[] = [];
  if (rules.length === 0) problems.push('Allow() needs at least one rule');
  rules.forEach((rule, index) => {
    const at = `rule ${index + 1}`;
    if (!Array.isArray(rule.roles) || rule.roles.length === 0) {
      problems.push(`${at}: roles must be a non-empty list`);
      return;
    }
    for (const role of rule.roles as readonly unknown[]) {
      if (!isRole(role)) {
        problems.push(`${at}: unknown role ${JSON.stringify(role)} (known: ${ROLES.join(', ')})`);
      } else if (ROLE_SCOPE[role] !== (rule.scope ?? null)) {
        problems.push(
          ROLE_SCOPE[role] === null
            ? `${at}: ${role} sees the whole park; put it in a rule without scope`
            : `${at}: ${role} is confined to one ${ROLE_SCOPE[role]}; its rule needs scope '${ROLE_SCOPE[role]}'`,
        );
      }
    }
    const sources = [rule.param !== undefined, rule.resolver !== undefined, rule.own === true].filter(Boolean).length;
    if (rule.scope === undefined && sources > 0) problems.push(`${at}: param / resolver / own only go with a scope`);
    if (rule.scope !== undefined && sources !== 1)
      problems.push(`${at}: scope '${rule.scope}' needs exactly one of param, resolver, own`);
    if (rule.param !== undefined && (typeof rule.param !== 'string' || rule.param === ''))
      problems.push(`${at}: param must be a name`);
    if (rule.resolver !== undefined && (typeof rule.resolver !== 'string' || rule.resolver === ''))
      problems.push(`${at}: resolver must be a name`);
  });
  return problems;
}
