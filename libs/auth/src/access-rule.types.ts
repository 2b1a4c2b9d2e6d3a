import type { OperatorRole, Principal, RolesOfScope, ScopeKind } from './principal.types';

/** Where the id of the resource's tenant / bureau / cluster comes from. Exactly one. */
export type ScopeSource =
  /** A route parameter (HTTP `:name`), or a string field of the message (gRPC). */
  | { param: string; resolver?: never; own?: never }
  /** A resolver the app registers by this name in AuthModule options (e.g. programme id → bureau id). */
  | { resolver: string; param?: never; own?: never }
  /**
   * No resource id in the request: the handler works only on the principal's own scope
   * (e.g. an agent pushing usage for its cluster). The handler must read the id from the principal.
   */
  | { own: true; param?: never; resolver?: never };

/** Operators see the whole park: no scope. */
export interface UnscopedRule {
  roles: readonly OperatorRole[];
  scope?: never;
  param?: never;
  resolver?: never;
  own?: never;
}

/** Scoped roles, only for resources of their own tenant / bureau / cluster. Roles must match the scope kind. */
export type ScopedRule = {
  [S in ScopeKind]: { roles: readonly RolesOfScope<S>[]; scope: S } & ScopeSource;
}[ScopeKind];

/** One line of a route's policy. A route allows a caller when any of its rules does. */
export type AllowRule = UnscopedRule | ScopedRule;

/**
 * What a route declares. A route with none is refused (deny by default).
 * `signed`: the route authenticates its caller itself by a cluster agent's Ed25519 request signature (the
 * ingestion credentials, not a bearer token); the AuthGuard lets the call through to that check.
 */
export type AccessDeclaration =
  { kind: 'public' } | { kind: 'signed'; by: 'cluster-agent' } | { kind: 'allow'; rules: readonly AllowRule[] };

/** What a resolver gets; it answers the owning tenant / bureau / cluster id, or null when there is no such resource. */
export interface ScopeResolverContext {
  transport: 'http' | 'rpc';
  principal: Principal;
  /** HTTP route params; for gRPC the string fields of the message. */
  params: Readonly<Record<string, string>>;
  query: Readonly<Record<string, unknown>>;
  /** HTTP body or gRPC message. */
  body: unknown;
}

export type ScopeResolver = (
  context: ScopeResolverContext,
) => Promise<string | null | undefined> | string | null | undefined;
