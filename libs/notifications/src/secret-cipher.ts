import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Stored secrets sealed by this version start with it; anything else is a plain secret from before sealing. */
export const SEALED_PREFIX = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed secret that does not open: altered, moved to another row, or sealed under another key. */
export class SecretUnreadable extends Error {
  override readonly name = 'SecretUnreadable';
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(SEALED_PREFIX);
}

/**
 * Secrets at rest in PostgreSQL (webhook signing secrets), sealed with AES-256-GCM under the configured key
 * (PARK_SECRETS_KEY): `v1:` + base64(iv ‖ tag ‖ ciphertext). `context` (the owning row's id) is authenticated with
 * it, so a sealed value copied into another row does not open there.
 */
export class SecretCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error(`a secrets key is 32 bytes, not ${key.length}`);
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  /** The secret: opened when sealed, as it is when stored plain (before the start-up sealing reached it). */
  open(stored: string, context: string): string {
    if (!isSealed(stored)) return stored;
    const raw = Buffer.from(stored.slice(SEALED_PREFIX.length), 'base64');
    if (raw.length <= IV_BYTES + TAG_BYTES) throw new SecretUnreadable(`sealed secret of ${context} is truncated`);
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretUnreadable(`sealed secret of ${context} does not open: altered, or sealed under another key`);
    }
  }
}
