/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I, O, Z, S, V);
 * positions 3–8 are the GB/T 2260 administrative division code; the 18th is a check character computed
 * from the first 17 with weights 3^(i) mod 31.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type UsccCheck = { readonly ok: true; readonly code: string } | { readonly ok: false; readonly reason: string };

export function checkUscc(input: string): UsccCheck {
  const code = input.trim().toUpperCase();
  if (code.length !== 18) return { ok: false, reason: `must be 18 characters, got ${code.length}` };
  for (const ch of code)
    if (!ALPHABET.includes(ch))
      return { ok: false, reason: `character ${ch} is not allowed (GB 32100-2015 excludes I, O, Z, S, V)` };
  if (!/^\d{6}$/.test(code.slice(2, 8)))
    return { ok: false, reason: 'characters 3–8 must be the administrative division code (digits)' };
  const expected = usccCheckCharacter(code.slice(0, 17));
  if (code[17] !== expected) return { ok: false, reason: `check character is ${code[17]}, expected ${expected}` };
  return { ok: true, code };
}

/** The check character for the first 17 characters. */
export function usccCheckCharacter(first17: string): string {
  let total = 0;
  for (let i = 0; i < 17; i++) total += ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  const c = 31 - (total % 31);
  return ALPHABET[c === 31 ? 0 : c];
}
