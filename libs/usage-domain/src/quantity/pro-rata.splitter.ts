import { fromMicros, fromMicrosNumber, toMicros } from './quantity.codec';

/**
 * Splits a quantity into parts proportional to integer weights (e.g. milliseconds), exactly:
 * each part but the last is floored to a micro-unit and the last takes the remainder,
 * so the parts always sum to the whole. All-zero weights put everything in the last part.
 */
export function splitProRata(quantity: string, weights: readonly number[]): string[] {
  if (weights.length === 0) throw new RangeError('splitProRata: no weights');
  let weightSum = 0;
  for (const x of weights) {
    if (!Number.isSafeInteger(x) || x < 0)
      throw new RangeError(`splitProRata: weight ${x} is not a non-negative safe integer`);
    weightSum += x;
  }
  return splitInSafeIntegers(quantity, weights, weightSum) ?? splitInBigInts(quantity, weights);
}

/** The reference: bigint arithmetic, any size. */
function splitInBigInts(quantity: string, weights: readonly number[]): string[] {
  const total = toMicros(quantity);
  const w = weights.map(BigInt);
  const weightSum = w.reduce((a, b) => a + b, 0n);
  const parts: string[] = [];
  let given = 0n;
  for (let i = 0; i < w.length - 1; i++) {
    const part = weightSum === 0n ? 0n : (total * w[i]) / weightSum;
    given += part;
    parts.push(fromMicros(part));
  }
  parts.push(fromMicros(total - given));
  return parts;
}

/**
 * The same result in doubles, when every intermediate value is an integer below 2^53 (exact): the gateway cuts
 * every record at hours, and bigint arithmetic was most of that cost. floor(total·w / W) is computed as
 * q·w + floor(r·w / W) with total = q·W + r, so no product exceeds the total or r·w. A quotient of integers
 * a / W with a + W < 2^53 rounds to a double whose floor is exact. Undefined when a bound does not hold.
 */
function splitInSafeIntegers(quantity: string, weights: readonly number[], weightSum: number): string[] | undefined {
  const total = safeMicros(quantity);
  if (total === undefined || !Number.isSafeInteger(weightSum + total)) return undefined;
  const parts: string[] = [];
  if (weightSum === 0) {
    for (let i = 0; i < weights.length - 1; i++) parts.push('0');
    parts.push(fromMicrosNumber(total));
    return parts;
  }
  const q = Math.floor(total / weightSum);
  const r = total - q * weightSum;
  let given = 0;
  for (let i = 0; i < weights.length - 1; i++) {
    const rw = r * weights[i];
    if (!Number.isSafeInteger(rw + weightSum)) return undefined;
    const part = q * weights[i] + Math.floor(rw / weightSum);
    given += part;
    parts.push(fromMicrosNumber(part));
  }
  parts.push(fromMicrosNumber(total - given));
  return parts;
}

const DECIMAL = /^(\d{1,9})(?:\.(\d{1,6}))?$/;

/** Micro-units as a number when the quantity has at most 9 integer digits (so below 10^15); else undefined. */
function safeMicros(quantity: string): number | undefined {
  const m = DECIMAL.exec(quantity);
  if (!m) return undefined;
  return Number(m[1]) * 1_000_000 + (m[2] === undefined ? 0 : Number(m[2].padEnd(6, '0')));
}
