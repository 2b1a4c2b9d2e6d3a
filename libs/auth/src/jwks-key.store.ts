import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import { AuthUnavailableError } from './auth.errors';

export interface JwksKeyStoreOptions {
  /** Fetches the issuer's current key set (a JWKS document); throws when it cannot. */
  load: () => Promise<unknown>;
  /** A key set older than this is refreshed: in the background while it is still usable. */
  refreshAfterMs: number;
  /**
   * How long the last good key set keeps verifying tokens while refreshes fail (an issuer outage). Past it,
   * requests answer 503 until a refresh succeeds: a key the issuer withdrew is not trusted for ever.
   */
  maxStaleMs: number;
  /** At most one refresh per this interval for tokens naming an unknown `kid`, and none this long after a failure. */
  cooldownMs: number;
  /** Milliseconds clock (tests). */
  now?: () => number;
  /** Told of every failed refresh (logs, metrics); the store keeps its last good set. */
  onRefreshFailed?: (error: unknown) => void;
}

interface KeySet {
  readonly getKey: JWTVerifyGetKey;
  readonly fetchedAt: number;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

const isUnknownKid = (error: unknown) => errorCode(error) === 'ERR_JWKS_NO_MATCHING_KEY';

/**
 * The issuer's verification keys, cached. Unlike jose's remote key set it never drops a good set because a
 * refresh failed: an unreachable issuer leaves the last good set in use for up to `maxStaleMs` (issue 11 item 5:
 * one request with an unknown `kid` used to empty the cache and lock every user out). Tokens naming a key the set
 * does not hold trigger at most one refresh per `cooldownMs`, so a flood of made-up key ids cannot hammer the
 * issuer or turn valid tokens away; refreshes are shared by concurrent callers.
 */
export class JwksKeyStore {
  private current: KeySet | null = null;
  private pending: Promise<KeySet> | null = null;
  private lastFailureAt = Number.NEGATIVE_INFINITY;
  private lastUnknownKidRefreshAt = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;

  constructor(private readonly options: JwksKeyStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  /** A jose key resolver: `jwtVerify(token, store.getKey, …)`. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    const set = await this.usableSet();
    try {
      return await set.getKey(header, token);
    } catch (error) {
      if (!isUnknownKid(error) || !this.mayRefreshForUnknownKid()) throw error;
      // a rotation: the issuer may have published the key since; a failed refresh answers 503 for this token only
      const fresh = await this.refresh();
      return fresh.getKey(header, token);
    }
  };

  private async usableSet(): Promise<KeySet> {
    const now = this.now();
    const current = this.current;
    if (current !== null) {
      const age = now - current.fetchedAt;
      if (age < this.options.refreshAfterMs) return current;
      if (age < this.options.maxStaleMs) {
        if (this.pending === null && now - this.lastFailureAt >= this.options.cooldownMs) {
          this.refresh().catch(() => undefined); // reported through onRefreshFailed; the current set stays
        }
        return current;
      }
    }
    if (this.pending === null && now - this.lastFailureAt < this.options.cooldownMs) {
      throw new AuthUnavailableError(current === null ? 'issuer keys not fetched yet' : 'issuer keys too old to trust');
    }
    return this.refresh();
  }

  private mayRefreshForUnknownKid(): boolean {
    if (this.pending !== null) return true; // joins the refresh in flight, costs the issuer nothing more
    const now = this.now();
    if (now - this.lastUnknownKidRefreshAt < this.options.cooldownMs) return false;
    if (now - this.lastFailureAt < this.options.cooldownMs) return false;
    this.lastUnknownKidRefreshAt = now;
    return true;
  }

  private refresh(): Promise<KeySet> {
    this.pending ??= this.options
      .load()
      .then((document) => {
        const keys = document as Parameters<typeof createLocalJWKSet>[0]; // checked by createLocalJWKSet
        const set: KeySet = { getKey: createLocalJWKSet(keys), fetchedAt: this.now() };
        this.current = set;
        return set;
      })
      .catch((error: unknown) => {
        this.lastFailureAt = this.now();
        this.options.onRefreshFailed?.(error);
        if (error instanceof AuthUnavailableError) throw error;
        throw new AuthUnavailableError('issuer keys unavailable', { cause: error });
      })
      .finally(() => {
        this.pending = null;
      });
    return this.pending;
  }
}
