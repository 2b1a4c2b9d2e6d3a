/**
 * `production`: tokens come only from the OIDC issuer (its JWKS); local keys and minting are refused.
 * `local`: development and tests; tokens are signed with a key from config and minted for demo users.
 * The lead maps PARK_MODE=production to 'production' and every other mode to 'local'.
 */
export type AuthMode = 'production' | 'local';

/** Names of the claims a principal is read from; the IdP may namespace them (e.g. `https://park.example/role`). */
export interface ClaimNames {
  /** One of ROLES, a string. Default `park_role`. */
  role: string;
  /** Tenant id, required for tenant-admin / tenant-viewer. Default `park_tenant`. */
  tenant: string;
  /** Bureau id, required for bureau-auditor. Default `park_bureau`. */
  bureau: string;
  /** Cluster id, required for cluster-agent. Default `park_cluster`. */
  cluster: string;
  /** Display name, optional. Default `name` (the OIDC standard claim). */
  name: string;
}

export const DEFAULT_CLAIM_NAMES: Readonly<ClaimNames> = {
  role: 'park_role',
  tenant: 'park_tenant',
  bureau: 'park_bureau',
  cluster: 'park_cluster',
  name: 'name',
};

/** An Ed25519 key pair in PEM (PKCS#8 private, SPKI public), e.g. from `generateLocalKeyPair()`. */
export interface LocalKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** Filled by the app from its validated config; this lib never reads the environment. */
export interface AuthSettings {
  mode: AuthMode;
  /** Expected `iss`. Production: the OIDC issuer URL. Local: any name, e.g. `park-local`. */
  issuer: string;
  /** Expected `aud` (the token must name it). */
  audience: string;
  /**
   * Production: the issuer's JWKS URL. When absent it is read from `<issuer>/.well-known/openid-configuration`.
   * https only, except on a loopback host (127.0.0.1, ::1, localhost).
   */
  jwksUrl?: string;
  /** Local: HS256 secret, at least 32 bytes. Refused in production. */
  localSecret?: string;
  /** Local: Ed25519 key pair (instead of localSecret). Refused in production. */
  localKeyPair?: LocalKeyPair;
  /** Clock skew allowed on exp / nbf / iat. Default 30. */
  clockToleranceSeconds?: number;
  /** Lifetime of a minted local token. Default 3600. */
  localTokenTtlSeconds?: number;
  /** Accepted production algorithms (asymmetric only). Default RS256, PS256, ES256, ES384, EdDSA, Ed25519. */
  algorithms?: readonly string[];
  /** Override some claim names; the rest keep DEFAULT_CLAIM_NAMES. */
  claimNames?: Partial<ClaimNames>;
  /**
   * Longest accepted token lifetime (`exp − iat`), and the oldest accepted `iat`. Default 43200 (12 h). Tokens
   * must carry `iat`, not later than now + clockToleranceSeconds.
   */
  maxTokenLifetimeSeconds?: number;
  /** Issuer key set (production), see JwksKeyStore. */
  jwks?: JwksSettings;
}

export interface JwksSettings {
  /** Per fetch. Default 5000. */
  timeoutMs?: number;
  /** At most one refresh per this interval for unknown key ids, and none this soon after a failure. Default 30000. */
  cooldownMs?: number;
  /** The key set is refreshed once this old. Default 600000 (10 min). */
  cacheMaxAgeMs?: number;
  /** While the issuer cannot be reached, the last good key set is used until this old. Default 86400000 (24 h). */
  staleMaxAgeMs?: number;
}
