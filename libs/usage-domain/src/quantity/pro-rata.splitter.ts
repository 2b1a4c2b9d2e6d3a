import { fromMicros, toMicros } from './quantity.codec';

/**
 * Splits a quantity into parts proportional to integer weights (e.g. milliseconds), exactly:
 * each part but the last is floored to a micro-unit and the last takes the remainder,
 * so the parts always sum to the whole. All-zero weights put everything in the last part.
 */
export function splitProRata(quantity: string, weights: readonly number[]): string[] {
  if (weights.length === 0) throw new RangeError('splitProRata: no weights');
  const total = toMicros(quantity);
  const w = weights.map((x) => {
    if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`splitProRata: weight ${x} is not a non-negative safe integer`);
    return BigInt(x);
  });
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
