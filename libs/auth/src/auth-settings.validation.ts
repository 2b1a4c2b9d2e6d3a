import type { AuthSettings, ClaimNames, JwksSettings } from './auth-settings.types';
import { DEFAULT_CLAIM_NAMES } from './auth-settings.types';
import { AuthSettingsError, LocalKeyInProductionError } from './auth.errors';

export const DEFAULT_PRODUCTION_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA', 'Ed25519'] as const;
const SYMMETRIC = /^HS/;
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Settings after validation, with defaults applied. */
export interface ResolvedAuthSettings {
  mode: AuthSettings['mode'];
  issuer: string;
  audience: string;
  jwksUrl: URL | null;
  local: { kind: 'hs256'; secret: string } | { kind: 'ed25519'; privateKeyPem: string; publicKeyPem: string } | null;
  clockToleranceSeconds: number;
  localTokenTtlSeconds: number;
  algorithms: string[];
  claimNames: ClaimNames;
  maxTokenLifetimeSeconds: number;
  jwks: Required<JwksSettings>;
}

const JWKS_DEFAULTS: Required<JwksSettings> = {
  timeoutMs: 5_000,
  cooldownMs: 30_000,
  cacheMaxAgeMs: 600_000,
  staleMaxAgeMs: 86_400_000,
};

/** https, or http on a loopback host only (tests, a local IdP). */
export function isTrustedKeyUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/**
 * Checks the whole settings object and reports every problem together.
 * Throws LocalKeyInProductionError first when production mode is given a local key: that is a deployment
 * mistake worth its own type, not one line among others.
 */
export function resolveAuthSettings(settings: AuthSettings): ResolvedAuthSettings {
  const production = settings.mode === 'production';
  if (production && (settings.localSecret !== undefined || settings.localKeyPair !== undefined)) {
    throw new LocalKeyInProductionError('a local signing key (localSecret / localKeyPair)');
  }
  const problems: string[] = [];
  if (settings.mode !== 'production' && settings.mode !== 'local')
    problems.push("mode: must be 'production' or 'local'");
  if (!settings.issuer) problems.push('issuer: required');
  if (!settings.audience) problems.push('audience: required');

  let jwksUrl: URL | null = null;
  if (production) {
    const issuerUrl = parseUrl(settings.issuer);
    if (settings.issuer && (!issuerUrl || !isTrustedKeyUrl(issuerUrl))) {
      problems.push('issuer: production needs the OIDC issuer URL (https, or http on a loopback host)');
    }
    if (settings.jwksUrl !== undefined) {
      jwksUrl = parseUrl(settings.jwksUrl);
      if (!jwksUrl || !isTrustedKeyUrl(jwksUrl))
        problems.push('jwksUrl: must be an https URL (http only on a loopback host)');
    }
  } else if (settings.jwksUrl !== undefined) {
    problems.push('jwksUrl: only used in production mode; local mode verifies with the local key');
  }

  let local: ResolvedAuthSettings['local'] = null;
  if (!production) {
    const { localSecret, localKeyPair } = settings;
    if (localSecret !== undefined && localKeyPair !== undefined) {
      problems.push('localSecret / localKeyPair: give one, not both');
    } else if (localSecret !== undefined) {
      if (Buffer.byteLength(localSecret, 'utf8') < 32) problems.push('localSecret: at least 32 bytes');
      else local = { kind: 'hs256', secret: localSecret };
    } else if (localKeyPair !== undefined) {
      const pemProblems = [
        !localKeyPair.privateKeyPem.includes('BEGIN PRIVATE KEY')
          ? 'localKeyPair.privateKeyPem: PKCS#8 PEM expected'
          : null,
        !localKeyPair.publicKeyPem.includes('BEGIN PUBLIC KEY') ? 'localKeyPair.publicKeyPem: SPKI PEM expected' : null,
      ].filter((p): p is string => p !== null);
      problems.push(...pemProblems);
      if (pemProblems.length === 0) local = { kind: 'ed25519', ...localKeyPair };
    } else {
      problems.push('localSecret or localKeyPair: local mode needs a signing key');
    }
  }

  const clockToleranceSeconds = settings.clockToleranceSeconds ?? 30;
  if (!Number.isInteger(clockToleranceSeconds) || clockToleranceSeconds < 0 || clockToleranceSeconds > 300) {
    problems.push('clockToleranceSeconds: an integer from 0 to 300');
  }
  const localTokenTtlSeconds = settings.localTokenTtlSeconds ?? 3600;
  if (!Number.isInteger(localTokenTtlSeconds) || localTokenTtlSeconds < 1) {
    problems.push('localTokenTtlSeconds: a positive integer');
  }
  const algorithms = [...(settings.algorithms ?? DEFAULT_PRODUCTION_ALGORITHMS)];
  if (algorithms.length === 0) problems.push('algorithms: at least one');
  if (algorithms.some((a) => SYMMETRIC.test(a) || a === 'none')) {
    problems.push('algorithms: production accepts asymmetric algorithms only (no HS*, no none)');
  }
  const claimNames: ClaimNames = { ...DEFAULT_CLAIM_NAMES, ...settings.claimNames };
  for (const [key, value] of Object.entries(claimNames)) {
    if (typeof value !== 'string' || value === '') problems.push(`claimNames.${key}: a non-empty string`);
  }
  if (new Set(Object.values(claimNames)).size !== Object.keys(claimNames).length) {
    problems.push('claimNames: each claim needs its own name');
  }
  const maxTokenLifetimeSeconds = settings.maxTokenLifetimeSeconds ?? 43_200;
  if (!Number.isInteger(maxTokenLifetimeSeconds) || maxTokenLifetimeSeconds < 60) {
    problems.push('maxTokenLifetimeSeconds: an integer of at least 60');
  } else if (localTokenTtlSeconds > maxTokenLifetimeSeconds) {
    problems.push('localTokenTtlSeconds: longer than maxTokenLifetimeSeconds, so minted tokens would be refused');
  }
  for (const [key, value] of Object.entries(settings.jwks ?? {})) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0))
      problems.push(`jwks.${key}: a non-negative integer`);
  }
  const jwks = { ...JWKS_DEFAULTS, ...definedOnly(settings.jwks ?? {}) };
  if (jwks.staleMaxAgeMs < jwks.cacheMaxAgeMs) problems.push('jwks.staleMaxAgeMs: at least jwks.cacheMaxAgeMs');

  if (problems.length > 0) throw new AuthSettingsError(problems);
  return {
    mode: settings.mode,
    issuer: settings.issuer,
    audience: settings.audience,
    jwksUrl,
    local,
    clockToleranceSeconds,
    localTokenTtlSeconds,
    algorithms,
    claimNames,
    maxTokenLifetimeSeconds,
    jwks,
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
