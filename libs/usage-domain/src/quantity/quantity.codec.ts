/**
 * Exact quantities as fixed-point micro-units (scale 6) in a bigint.
 * Never a binary float: a quantity is a decimal string on the wire and a bigint while computing.
 */
export const QUANTITY_SCALE = 6;
export const MICROS_PER_UNIT = 1_000_000n;

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** Thrown only when code inside the domain passes a string it should already have validated. */
export class InvalidQuantityError extends Error {
  constructor(readonly input: string) {
    super(
      `invalid quantity ${JSON.stringify(input.slice(0, 64))}: expected a non-negative decimal with at most ` +
        `${QUANTITY_SCALE} fractional digits`,
    );
    this.name = 'InvalidQuantityError';
  }
}

/** "12.5" → 12500000n. Accepts non-negative plain decimals with ≤ 6 significant fractional digits. */
export function toMicros(quantity: string): bigint {
  const m = DECIMAL.exec(quantity);
  if (!m) throw new InvalidQuantityError(quantity);
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > QUANTITY_SCALE) throw new InvalidQuantityError(quantity);
  return BigInt(m[1]) * MICROS_PER_UNIT + BigInt(frac.padEnd(QUANTITY_SCALE, '0'));
}

/** 12500000n → "12.5" (canonical: no leading zeros, no trailing fractional zeros, no exponent). */
export function fromMicros(micros: bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const int = abs / MICROS_PER_UNIT;
  const frac = abs % MICROS_PER_UNIT;
  const sign = negative ? '-' : '';
  if (frac === 0n) return `${sign}${int}`;
  return `${sign}${int}.${frac.toString().padStart(QUANTITY_SCALE, '0').replace(/0+$/, '')}`;
}

/** Same conversion for a safe-integer micro count (fast path for generators). */
export function fromMicrosNumber(micros: number): string {
  if (!Number.isSafeInteger(micros) || micros < 0)
    throw new RangeError(`fromMicrosNumber: ${micros} is not a non-negative safe integer`);
  const int = Math.floor(micros / 1_000_000);
  const frac = micros - int * 1_000_000;
  if (frac === 0) return String(int);
  return `${int}.${String(frac).padStart(QUANTITY_SCALE, '0').replace(/0+$/, '')}`;
}

export function canonicalQuantity(quantity: string): string {
  return fromMicros(toMicros(quantity));
}

export function addQuantities(a: string, b: string): string {
  return fromMicros(toMicros(a) + toMicros(b));
}

export function sumQuantities(quantities: Iterable<string>): string {
  let total = 0n;
  for (const q of quantities) total += toMicros(q);
  return fromMicros(total);
}

export function compareQuantities(a: string, b: string): -1 | 0 | 1 {
  const x = toMicros(a);
  const y = toMicros(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
