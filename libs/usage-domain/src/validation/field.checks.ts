import type { ValidationIssue } from '../record/reason-code.types';
import type { ValidationPolicy } from '../record/validation.policy';
import { MICROS_PER_UNIT, QUANTITY_SCALE } from '../quantity/quantity.codec';
import { parseTimestamp } from '../time/timestamp.codec';
import { hasControlChars, hasInvalidUtf8 } from '../text/unicode.guard';

export type Obj = Readonly<Record<string, unknown>>;

/** Where checks report; an array of a wider issue type (manifest codes) accepts record issues too. */
export interface IssueSink {
  push(issue: ValidationIssue): unknown;
}

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value;
}

/** A short, safe rendering of an offending value for a message. */
export function echo(value: unknown): string {
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'bigint'
        ? String(value)
        : typeName(value);
  const clipped = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  // JSON.stringify escapes lone surrogates, so the message itself stays valid UTF-8.
  return typeof value === 'string' ? JSON.stringify(clipped) : clipped;
}

/**
 * Reads a string field. Absent, null and "" count as missing (proto3 cannot tell "" from absent).
 * Returns undefined after recording an issue, or when an optional field is absent.
 */
export function readString(
  value: unknown,
  field: string,
  issues: IssueSink,
  policy: ValidationPolicy,
  optional = false,
): string | undefined {
  if (value === undefined || value === null || value === '') {
    if (!optional) issues.push({ code: 'MISSING_FIELD', field, message: `${field}: is required` });
    return undefined;
  }
  if (typeof value !== 'string') {
    issues.push({ code: 'WRONG_TYPE', field, message: `${field}: must be a string, got ${typeName(value)}` });
    return undefined;
  }
  if (hasInvalidUtf8(value, policy.rejectReplacementChar)) {
    issues.push({
      code: 'INVALID_UTF8',
      field,
      message: `${field}: contains text that is not valid UTF-8 (lone surrogate or U+FFFD)`,
    });
    return undefined;
  }
  return value;
}

/** An identifier such as cluster_id or tenant_id: bounded length, no control characters. */
export function readId(
  value: unknown,
  field: string,
  issues: IssueSink,
  policy: ValidationPolicy,
  maxLength: number,
): string | undefined {
  const text = readString(value, field, issues, policy);
  if (text === undefined) return undefined;
  if (text.length > maxLength || hasControlChars(text)) {
    issues.push({
      code: 'BAD_ID',
      field,
      message: `${field}: must be 1–${maxLength} characters without control characters`,
    });
    return undefined;
  }
  return text;
}

export function readTimestamp(
  value: unknown,
  field: string,
  issues: IssueSink,
  policy: ValidationPolicy,
): number | undefined {
  const text = readString(value, field, issues, policy);
  if (text === undefined) return undefined;
  const parsed = parseTimestamp(text);
  if (!parsed.ok) {
    issues.push({ code: 'BAD_TIMESTAMP', field, message: `${field}: ${parsed.problem}, got ${echo(text)}` });
    return undefined;
  }
  return parsed.epochMs;
}

export interface QuantityLimits {
  readonly maxMicros: bigint;
  readonly allowZero: boolean;
}

const QUANTITY_TEXT = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * An exact quantity: a decimal string, or a JSON number that is a safe integer. Returns micro-units.
 * Floats, NaN and Infinity are refused: a binary float cannot say which decimal the agent meant.
 */
export function readQuantity(
  value: unknown,
  field: string,
  issues: IssueSink,
  policy: ValidationPolicy,
  limits: QuantityLimits,
): bigint | undefined {
  const notPositive = (): undefined => {
    issues.push({
      code: 'QUANTITY_NOT_POSITIVE',
      field,
      message: `${field}: must be ${limits.allowZero ? '≥ 0' : '> 0'}, got ${echo(value)}`,
    });
    return undefined;
  };
  const tooLarge = (): undefined => {
    issues.push({
      code: 'QUANTITY_TOO_LARGE',
      field,
      message: `${field}: exceeds the maximum ${fromMax(limits.maxMicros)}, got ${echo(value)}`,
    });
    return undefined;
  };
  let micros: bigint;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || !Number.isInteger(value)) {
      issues.push({
        code: 'QUANTITY_NOT_EXACT',
        field,
        message: `${field}: must be an exact decimal string (or a whole JSON number), got ${echo(value)}`,
      });
      return undefined;
    }
    if (value < 0 || (value === 0 && !limits.allowZero)) return notPositive();
    if (BigInt(value) * MICROS_PER_UNIT > limits.maxMicros) return tooLarge();
    if (!Number.isSafeInteger(value)) {
      issues.push({
        code: 'QUANTITY_NOT_EXACT',
        field,
        message: `${field}: a JSON number above 2^53 − 1 is not exact; send it as a decimal string`,
      });
      return undefined;
    }
    micros = BigInt(value) * MICROS_PER_UNIT;
  } else if (typeof value === 'string') {
    if (value === '') {
      issues.push({ code: 'MISSING_FIELD', field, message: `${field}: is required` });
      return undefined;
    }
    if (hasInvalidUtf8(value, policy.rejectReplacementChar)) {
      issues.push({ code: 'INVALID_UTF8', field, message: `${field}: contains text that is not valid UTF-8` });
      return undefined;
    }
    // Linear regex (no nested quantifiers), safe on long input; length is bounded by the batch size.
    const m = QUANTITY_TEXT.exec(value);
    if (!m) {
      issues.push({
        code: 'QUANTITY_MALFORMED',
        field,
        message:
          `${field}: must be a plain decimal such as "3600" or "12.5" (no sign, exponent or spaces), got ` +
          `${echo(value)}`,
      });
      return undefined;
    }
    const int = m[2].replace(/^0+(?=\d)/, '');
    const frac = (m[3] ?? '').replace(/0+$/, '');
    if (frac.length > QUANTITY_SCALE) {
      issues.push({
        code: 'QUANTITY_NOT_EXACT',
        field,
        message: `${field}: has more than ${QUANTITY_SCALE} fractional digits, got ${echo(value)}`,
      });
      return undefined;
    }
    const isZero = /^0*$/.test(int) && frac === '';
    if (m[1] === '-' && !isZero) return notPositive();
    if (isZero && !limits.allowZero) return notPositive();
    if (int.length > 30) return tooLarge();
    micros = BigInt(int) * MICROS_PER_UNIT + (frac === '' ? 0n : BigInt(frac.padEnd(QUANTITY_SCALE, '0')));
    if (micros > limits.maxMicros) return tooLarge();
  } else if (value === undefined || value === null) {
    issues.push({ code: 'MISSING_FIELD', field, message: `${field}: is required` });
    return undefined;
  } else {
    issues.push({ code: 'WRONG_TYPE', field, message: `${field}: must be a decimal string, got ${typeName(value)}` });
    return undefined;
  }
  return micros;
}

function fromMax(maxMicros: bigint): string {
  const int = maxMicros / MICROS_PER_UNIT;
  const frac = maxMicros % MICROS_PER_UNIT;
  return frac === 0n ? String(int) : `${int}.${frac.toString().padStart(QUANTITY_SCALE, '0').replace(/0+$/, '')}`;
}

/** A whole JSON number in [min, max]. */
export function readInteger<C extends string>(
  value: unknown,
  field: string,
  issues: { push(issue: ValidationIssue<C | 'MISSING_FIELD' | 'WRONG_TYPE'>): unknown },
  range: { readonly min: number; readonly max: number; readonly badCode: C },
): number | undefined {
  if (value === undefined || value === null) {
    issues.push({ code: 'MISSING_FIELD', field, message: `${field}: is required` });
    return undefined;
  }
  if (typeof value !== 'number') {
    issues.push({ code: 'WRONG_TYPE', field, message: `${field}: must be an integer number, got ${typeName(value)}` });
    return undefined;
  }
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    issues.push({
      code: range.badCode,
      field,
      message: `${field}: must be an integer from ${range.min} to ${range.max}, got ${echo(value)}`,
    });
    return undefined;
  }
  return value;
}
