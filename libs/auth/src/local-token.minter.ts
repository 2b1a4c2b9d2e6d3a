import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { SignJWT, importPKCS8, type CryptoKey } from 'jose';
import type { AuthSettings, LocalKeyPair } from './auth-settings.types';
import { resolveAuthSettings } from './auth-settings.validation';
import { LocalKeyInProductionError } from './auth.errors';
import { claimsFromPrincipal } from './claims.mapper';
import type { Principal } from './principal.types';

export interface MintOptions {
  /** Lifetime; defaults to settings.localTokenTtlSeconds. */
  ttlSeconds?: number;
  /** Issue time; defaults to now. A time in the past with a short ttl gives an expired token (tests). */
  now?: Date;
}

/** Signs tokens for local runs and tests. Never exists in production mode. */
export interface LocalTokenMinter {
  mint(principal: Principal, options?: MintOptions): Promise<string>;
}

/** Throws LocalKeyInProductionError when settings.mode is 'production', whatever else the settings say. */
export function createLocalTokenMinter(settings: AuthSettings): LocalTokenMinter {
  if (settings.mode === 'production') throw new LocalKeyInProductionError('minting local tokens');
  const resolved = resolveAuthSettings(settings);
  const local = resolved.local;
  if (local === null) throw new LocalKeyInProductionError('minting local tokens');
  const signing: Promise<{ alg: string; key: Uint8Array | CryptoKey }> =
    local.kind === 'hs256'
      ? Promise.resolve({ alg: 'HS256', key: new TextEncoder().encode(local.secret) })
      : importPKCS8(local.privateKeyPem, 'EdDSA').then((key) => ({ alg: 'EdDSA', key }));

  return {
    async mint(principal, options = {}) {
      const { alg, key } = await signing;
      const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
      const ttlSeconds = options.ttlSeconds ?? resolved.localTokenTtlSeconds;
      if (ttlSeconds > resolved.maxTokenLifetimeSeconds) {
        const max = resolved.maxTokenLifetimeSeconds;
        throw new RangeError(`ttlSeconds ${ttlSeconds} is beyond the maximum token lifetime ${max}`);
      }
      return new SignJWT(claimsFromPrincipal(principal, resolved.claimNames))
        .setProtectedHeader({ alg, typ: 'JWT' })
        .setSubject(principal.subject)
        .setIssuer(resolved.issuer)
        .setAudience(resolved.audience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .setJti(randomUUID())
        .sign(key);
    },
  };
}

/** A fresh Ed25519 key pair in PEM, for `localKeyPair` (e.g. written once under .local/ by the start script). */
export function generateLocalKeyPair(): LocalKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
