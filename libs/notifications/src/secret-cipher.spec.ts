import { SecretCipher, SecretUnreadable, isSealed } from './secret-cipher';

const KEY = Buffer.alloc(32, 1);
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('SecretCipher (AES-256-GCM, webhook secrets at rest)', () => {
  const cipher = new SecretCipher(KEY);

  it('seals to a v1: value that does not contain the secret and opens back to it', () => {
    const sealed = cipher.seal(SECRET, 'wh_1');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain(SECRET);
    expect(sealed).not.toContain(SECRET.slice(6));
    expect(cipher.open(sealed, 'wh_1')).toBe(SECRET);
    expect(cipher.seal(SECRET, 'wh_1')).not.toBe(sealed); // a fresh IV each time
  });

  it('refuses a tampered value, another row, another key and a truncated value', () => {
    const sealed = cipher.seal(SECRET, 'wh_1');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    for (const at of [0, 12, 28, raw.length - 1]) {
      const altered = Buffer.from(raw);
      altered[at] ^= 0x01;
      expect(() => cipher.open(`v1:${altered.toString('base64')}`, 'wh_1')).toThrow(SecretUnreadable);
    }
    expect(() => cipher.open(sealed, 'wh_2')).toThrow(SecretUnreadable);
    expect(() => new SecretCipher(Buffer.alloc(32, 2)).open(sealed, 'wh_1')).toThrow(/another key/);
    expect(() => cipher.open('v1:AAAA', 'wh_1')).toThrow(/truncated/);
  });

  it('reads a plain secret stored before sealing as it is', () => {
    expect(cipher.open(SECRET, 'wh_1')).toBe(SECRET);
  });

  it('takes 32-byte keys only', () => {
    expect(() => new SecretCipher(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});
