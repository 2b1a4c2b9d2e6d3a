import { importSPKI, jwtVerify, type CryptoKey, type JWTVerifyGetKey } from 'jose';
import type { AuthMode, AuthSettings } from './auth-settings.types';
import { isTrustedKeyUrl, resolveAuthSettings, type ResolvedAuthSettings } from './auth-settings.validation';
import { AuthError, AuthUnavailableError, InvalidTokenError } from './auth.errors';
import { principalFromClaims } from './claims.mapper';
import { JwksKeyStore } from './jwks-key.store';
import type { Principal } from './principal.types';

/** Turns a bearer token into a Principal, or throws InvalidTokenError / AuthUnavailableError. */
export interface TokenVerifier {
  readonly mode: AuthMode;
  verify(token: string): Promise<Principal>;
}

export interface TokenVerifierOptions {
  /** Pinned clock for tests; defaults to the system clock. */
  now?: () => Date;
  /** Told when a refresh of the issuer's keys fails (the last good set stays in use); e.g. a log line. */
  onKeyRefreshFailed?: (error: unknown) => void;
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
      if (claim === 'iat' && field(error, 'reason') === 'check_failed') return invalid('issued-in-future');
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

async function fetchJson(where: string, timeoutMs: number, what: string): Promise<unknown> {
  try {
    const response = await fetch(where, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
      headers: { accept: 'application/json, application/jwk-set+json' },
    });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    return await response.json();
  } catch (error) {
    // Network error, timeout, non-200 or not JSON: the caller's token may be fine; answer 503, not 401.
    throw new AuthUnavailableError(`${what} at ${where} failed`, { cause: error });
  }
}

/** OIDC discovery: `<issuer>/.well-known/openid-configuration` → jwks_uri, checking the document names our issuer. */
async function discoverJwksUrl(issuer: string, timeoutMs: number): Promise<URL> {
  const where = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const document = await fetchJson(where, timeoutMs, 'OIDC discovery');
  const record = typeof document === 'object' && document !== null ? (document as Record<string, unknown>) : {};
  if (record.issuer !== issuer) throw new AuthUnavailableError(`OIDC discovery at ${where} names another issuer`);
  const jwksUri =
    typeof record.jwks_uri === 'string' && URL.canParse(record.jwks_uri) ? new URL(record.jwks_uri) : null;
  if (!jwksUri || !isTrustedKeyUrl(jwksUri)) {
    throw new AuthUnavailableError(`OIDC discovery at ${where}: jwks_uri missing or not https`);
  }
  return jwksUri;
}

/** The issuer's key set, from AUTH_JWKS_URL or discovery (repeated after a failed fetch, in case it moved). */
function productionKey(settings: ResolvedAuthSettings, options: TokenVerifierOptions): JWTVerifyGetKey {
  const { timeoutMs, cooldownMs, cacheMaxAgeMs, staleMaxAgeMs } = settings.jwks;
  let discovered: URL | null = null;
  const load = async () => {
    const url = settings.jwksUrl ?? (discovered ??= await discoverJwksUrl(settings.issuer, timeoutMs));
    try {
      return await fetchJson(url.href, timeoutMs, 'JWKS');
    } catch (error) {
      discovered = null;
      throw error;
    }
  };
  const store = new JwksKeyStore({
    load,
    refreshAfterMs: cacheMaxAgeMs,
    maxStaleMs: staleMaxAgeMs,
    cooldownMs,
    now: options.now ? () => options.now!().getTime() : undefined,
    onRefreshFailed: options.onKeyRefreshFailed,
  });
  return store.getKey;
}

/**
 * Builds the verifier for the given settings (validated here; throws AuthSettingsError / LocalKeyInProductionError).
 */
export function createTokenVerifier(settings: AuthSettings, options: TokenVerifierOptions = {}): TokenVerifier {
  const resolved = resolveAuthSettings(settings);
  let algorithms: string[];
  let keyPromise: Promise<VerifyKey>;
  if (resolved.mode === 'production') {
    algorithms = resolved.algorithms;
    keyPromise = Promise.resolve(productionKey(resolved, options));
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
          requiredClaims: ['exp', 'sub', 'iat'],
          // iat required, not in the future beyond the tolerance, and not older than the longest lifetime
          maxTokenAge: resolved.maxTokenLifetimeSeconds,
          currentDate: options.now?.(),
        };
        // Two calls so each matches one of jose's overloads (a key, or a key-resolving function).
        const { payload } =
          typeof key === 'function'
            ? await jwtVerify(token, key, verifyOptions)
            : await jwtVerify(token, key, verifyOptions);
        // a token minted for 10 years is refused at once, not only 12 h after its iat
        const lifetime = Number(payload.exp) - Number(payload.iat);
        if (lifetime > resolved.maxTokenLifetimeSeconds) {
          const detail = `lifetime ${lifetime} s > ${resolved.maxTokenLifetimeSeconds} s`;
          throw new InvalidTokenError('lifetime-too-long', detail);
        }
        return principalFromClaims(payload, resolved.claimNames);
      } catch (error) {
        throw toAuthError(error);
      }
    },
  };
}
