import { createRemoteJWKSet, importSPKI, jwtVerify, type CryptoKey, type JWTVerifyGetKey } from 'jose';
import type { AuthMode, AuthSettings } from './auth-settings.types';
import { isTrustedKeyUrl, resolveAuthSettings, type ResolvedAuthSettings } from './auth-settings.validation';
import { AuthError, AuthUnavailableError, InvalidTokenError } from './auth.errors';
import { principalFromClaims } from './claims.mapper';
import type { Principal } from './principal.types';

/** Turns a bearer token into a Principal, or throws InvalidTokenError / AuthUnavailableError. */
export interface TokenVerifier {
  readonly mode: AuthMode;
  verify(token: string): Promise<Principal>;
}

export interface TokenVerifierOptions {
  /** Pinned clock for tests; defaults to the system clock. */
  now?: () => Date;
}

type VerifyKey = Uint8Array | CryptoKey | JWTVerifyGetKey;

const MAX_TOKEN_LENGTH = 8192;
export const LOCAL_ED25519_ALGORITHMS = ['EdDSA', 'Ed25519'];

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function field(error: unknown, name: 'claim' | 'reason'): string | undefined {
  if (typeof error !== 'object' || error === null || !(name in error)) return undefined;
  const value = (error as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** jose's errors → our reasons (by stable `code`, which also survives a second realm under jest). */
function toAuthError(error: unknown): unknown {
  if (error instanceof AuthError) return error;
  const code = errorCode(error);
  if (code === undefined || !code.startsWith('ERR_J')) return error;
  const detail = error instanceof Error ? error.message : String(error);
  const invalid = (reason: ConstructorParameters<typeof InvalidTokenError>[0]) =>
    new InvalidTokenError(reason, detail, { cause: error });
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return invalid('expired');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
      const claim = field(error, 'claim');
      if (claim === 'iss') return invalid('wrong-issuer');
      if (claim === 'aud') return invalid('wrong-audience');
      if (claim === 'nbf') return invalid('not-yet-valid');
      return invalid(field(error, 'reason') === 'missing' ? 'missing-claim' : 'invalid-claim');
    }
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return invalid('bad-signature');
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return invalid('algorithm-not-allowed');
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return invalid('unknown-key');
    default:
      return invalid('malformed');
  }
}

/** Codes that mean "this token names no usable key", as opposed to "the key set could not be fetched". */
const TOKEN_FAULT_CODES = new Set(['ERR_JWKS_NO_MATCHING_KEY', 'ERR_JWKS_MULTIPLE_MATCHING_KEYS', 'ERR_JOSE_NOT_SUPPORTED']);

function remoteKeySet(url: URL, settings: ResolvedAuthSettings): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(url, {
    timeoutDuration: settings.jwks.timeoutMs,
    cooldownDuration: settings.jwks.cooldownMs,
    cacheMaxAge: settings.jwks.cacheMaxAgeMs,
  });
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      const code = errorCode(error);
      if (code !== undefined && TOKEN_FAULT_CODES.has(code)) throw error;
      // Network error, timeout, non-200 or not a key set: the caller's token may be fine; answer 503, not 401.
      throw new AuthUnavailableError(`JWKS at ${url.href} unavailable`, { cause: error });
    }
  };
}

/** OIDC discovery: `<issuer>/.well-known/openid-configuration` → jwks_uri, checking the document names our issuer. */
async function discoverJwksUrl(issuer: string, timeoutMs: number): Promise<URL> {
  const where = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let document: unknown;
  try {
    const response = await fetch(where, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    document = await response.json();
  } catch (error) {
    throw new AuthUnavailableError(`OIDC discovery at ${where} failed`, { cause: error });
  }
  const record = typeof document === 'object' && document !== null ? (document as Record<string, unknown>) : {};
  if (record.issuer !== issuer) throw new AuthUnavailableError(`OIDC discovery at ${where} names another issuer`);
  const jwksUri = typeof record.jwks_uri === 'string' && URL.canParse(record.jwks_uri) ? new URL(record.jwks_uri) : null;
  if (!jwksUri || !isTrustedKeyUrl(jwksUri)) throw new AuthUnavailableError(`OIDC discovery at ${where}: jwks_uri missing or not https`);
  return jwksUri;
}

function productionKey(settings: ResolvedAuthSettings): JWTVerifyGetKey {
  if (settings.jwksUrl) return remoteKeySet(settings.jwksUrl, settings);
  let pending: Promise<JWTVerifyGetKey> | null = null;
  return async (header, token) => {
    pending ??= discoverJwksUrl(settings.issuer, settings.jwks.timeoutMs ?? 5000).then((url) => remoteKeySet(url, settings));
    try {
      return await (await pending)(header, token);
    } catch (error) {
      // Retry discovery on the next request rather than caching a failure.
      if (error instanceof AuthUnavailableError) pending = null;
      throw error;
    }
  };
}

/** Builds the verifier for the given settings (validated here; throws AuthSettingsError / LocalKeyInProductionError). */
export function createTokenVerifier(settings: AuthSettings, options: TokenVerifierOptions = {}): TokenVerifier {
  const resolved = resolveAuthSettings(settings);
  let algorithms: string[];
  let keyPromise: Promise<VerifyKey>;
  if (resolved.mode === 'production') {
    algorithms = resolved.algorithms;
    keyPromise = Promise.resolve(productionKey(resolved));
  } else if (resolved.local?.kind === 'hs256') {
    algorithms = ['HS256'];
    keyPromise = Promise.resolve(new TextEncoder().encode(resolved.local.secret));
  } else if (resolved.local?.kind === 'ed25519') {
    algorithms = LOCAL_ED25519_ALGORITHMS;
    keyPromise = importSPKI(resolved.local.publicKeyPem, 'EdDSA');
  } else {
    throw new Error('unreachable: resolveAuthSettings guarantees a key');
  }

  return {
    mode: resolved.mode,
    async verify(token: string): Promise<Principal> {
      if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
        throw new InvalidTokenError('malformed', 'empty or oversized token');
      }
      try {
        const key = await keyPromise;
        const verifyOptions = {
          issuer: resolved.issuer,
          audience: resolved.audience,
          algorithms,
          clockTolerance: resolved.clockToleranceSeconds,
          requiredClaims: ['exp', 'sub'],
          currentDate: options.now?.(),
        };
        // Two calls so each matches one of jose's overloads (a key, or a key-resolving function).
        const { payload } =
          typeof key === 'function' ? await jwtVerify(token, key, verifyOptions) : await jwtVerify(token, key, verifyOptions);
        return principalFromClaims(payload, resolved.claimNames);
      } catch (error) {
        throw toAuthError(error);
      }
    },
  };
}
