/** Base of every error this lib throws on purpose; transports map them in one place (auth.guard.ts). */
export class AuthError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Why a bearer token was refused. Never shown to the caller (answers stay generic); logged for operators. */
export type InvalidTokenReason =
  | 'malformed'
  | 'expired'
  | 'not-yet-valid'
  | 'bad-signature'
  | 'algorithm-not-allowed'
  | 'unknown-key'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'missing-claim'
  | 'invalid-claim'
  /** `exp − iat` beyond the configured maximum lifetime. */
  | 'lifetime-too-long'
  /** `iat` later than now plus the clock tolerance. */
  | 'issued-in-future';

/** The token cannot be trusted: HTTP 401 / gRPC UNAUTHENTICATED. */
export class InvalidTokenError extends AuthError {
  constructor(
    readonly reason: InvalidTokenReason,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid token (${reason}): ${detail}`, options);
  }
}

/** The issuer's keys could not be fetched, so no token can be judged: HTTP 503 / gRPC UNAVAILABLE. */
export class AuthUnavailableError extends AuthError {}

/** A local signing key or token minting was asked for while production mode is on. */
export class LocalKeyInProductionError extends AuthError {
  constructor(what: string) {
    super(`${what} is refused in production mode: tokens come from the configured OIDC issuer only`);
  }
}

/** AuthSettings that cannot work; lists every problem at once. */
export class AuthSettingsError extends AuthError {
  constructor(readonly problems: readonly string[]) {
    super(`invalid auth settings:\n- ${problems.join('\n- ')}`);
  }
}

/** A route declaration (`@Allow`, `@Public`) that is wrong, or a route that has none. Thrown at boot. */
export class PolicyDeclarationError extends AuthError {
  constructor(readonly problems: readonly string[]) {
    super(`access declarations:\n- ${problems.join('\n- ')}`);
  }
}
