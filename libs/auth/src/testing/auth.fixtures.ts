import { SignJWT } from 'jose';
import type { AuthSettings } from '../auth-settings.types';

export const TEST_SECRET = 'test-secret-of-at-least-32-bytes-0123456789';
export const TEST_ISSUER = 'park-local';
export const TEST_AUDIENCE = 'park-api';

/** Local-mode settings with an HS256 secret; override any field. */
export function localSettings(overrides: Partial<AuthSettings> = {}): AuthSettings {
  return { mode: 'local', issuer: TEST_ISSUER, audience: TEST_AUDIENCE, localSecret: TEST_SECRET, ...overrides };
}

export interface RawTokenOptions {
  secret?: string;
  issuer?: string | null;
  audience?: string | null;
  subject?: string | null;
  /** Seconds from now; null leaves exp out. */
  expiresIn?: number | null;
  notBefore?: number;
  /** Seconds from now; null leaves iat out. Default 0. */
  issuedAt?: number | null;
}

/** An HS256 token with exactly the given claims, for cases the minter will not make (missing claims, …). */
export async function signRaw(claims: Record<string, unknown>, options: RawTokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' });
  if (options.issuedAt !== null) jwt = jwt.setIssuedAt(now + (options.issuedAt ?? 0));
  const issuer = options.issuer === undefined ? TEST_ISSUER : options.issuer;
  const audience = options.audience === undefined ? TEST_AUDIENCE : options.audience;
  const subject = options.subject === undefined ? 'user-1' : options.subject;
  const expiresIn = options.expiresIn === undefined ? 600 : options.expiresIn;
  if (issuer !== null) jwt = jwt.setIssuer(issuer);
  if (audience !== null) jwt = jwt.setAudience(audience);
  if (subject !== null) jwt = jwt.setSubject(subject);
  if (expiresIn !== null) jwt = jwt.setExpirationTime(now + expiresIn);
  if (options.notBefore !== undefined) jwt = jwt.setNotBefore(now + options.notBefore);
  return jwt.sign(new TextEncoder().encode(options.secret ?? TEST_SECRET));
}

/** Replaces the payload segment of a token, keeping header and signature (a tampered token). */
export function withPayload(token: string, payload: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  return [header, Buffer.from(JSON.stringify(payload)).toString('base64url'), signature].join('.');
}

export function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}
