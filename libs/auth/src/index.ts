export {
  ROLES,
  ROLE_SCOPE,
  isRole,
  scopeIdOf,
  type Role,
  type ScopeKind,
  type OperatorRole,
  type TenantRole,
  type BureauRole,
  type ClusterRole,
  type RolesOfScope,
  type Principal,
} from './principal.types';
export {
  DEFAULT_CLAIM_NAMES,
  type AuthMode,
  type AuthSettings,
  type ClaimNames,
  type JwksSettings,
  type LocalKeyPair,
} from './auth-settings.types';
export { DEFAULT_PRODUCTION_ALGORITHMS } from './auth-settings.validation';
export {
  AuthError,
  InvalidTokenError,
  AuthUnavailableError,
  LocalKeyInProductionError,
  AuthSettingsError,
  PolicyDeclarationError,
  type InvalidTokenReason,
} from './auth.errors';
export { principalFromClaims, claimsFromPrincipal } from './claims.mapper';
export { createTokenVerifier, type TokenVerifier, type TokenVerifierOptions } from './token.verifier';
export {
  createLocalTokenMinter,
  generateLocalKeyPair,
  type LocalTokenMinter,
  type MintOptions,
} from './local-token.minter';
export { demoUsers, mintDemoTokens, type DemoScope } from './demo-users.fixtures';
export type {
  AllowRule,
  UnscopedRule,
  ScopedRule,
  ScopeSource,
  AccessDeclaration,
  ScopeResolver,
  ScopeResolverContext,
} from './access-rule.types';
export { decideAccess, type AccessDecision, type ScopeLookup } from './access.policy';
export {
  Allow,
  Public,
  SignedByClusterAgent,
  CurrentPrincipal,
  accessDeclarationOf,
  ACCESS_METADATA,
} from './access.decorators';
export { principalOf, type AuthenticatedRequest } from './request-principal';
export {
  AUTH_OPTIONS,
  TOKEN_VERIFIER,
  UNAUTHENTICATED_BODY,
  FORBIDDEN_BODY,
  NOT_FOUND_BODY,
  AUTH_UNAVAILABLE_BODY,
  GRPC_STATUS,
} from './auth.constants';
export { AuthGuard } from './auth.guard';
export { AuthModule } from './auth.module';
export type { AuthModuleOptions, AuthModuleAsyncOptions } from './auth-module.options';
export {
  listRoutes,
  inspectRoutes,
  routeDeclarationProblems,
  type RouteDeclaration,
  type ListRoutesOptions,
} from './route-table.inspector';
