import type { ValidationIssue } from '../record/reason-code.types';
import type { ValidationPolicy } from '../record/validation.policy';
import { codePointLength, hasControlChars, hasInvalidUtf8, utf8Length } from '../text/unicode.guard';
import { isObject, type Obj } from './field.checks';

/**
 * A record's free attributes: an object of strings within the policy's limits (keys, lengths, bytes), valid UTF-8,
 * keys free of control characters. Every bad key is reported; undefined when any is.
 */
export function readAttributes(
  value: unknown,
  issues: ValidationIssue[],
  policy: ValidationPolicy,
): Record<string, string> | undefined {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) {
    issues.push({ code: 'WRONG_TYPE', field: 'attributes', message: 'attributes: must be an object of string values' });
    return undefined;
  }
  const limits = policy.attributes;
  const keys = Object.keys(value);
  if (keys.length > limits.maxKeys) {
    issues.push({
      code: 'ATTRIBUTES_TOO_LARGE',
      field: 'attributes',
      message: `attributes: has ${keys.length} keys, at most ${limits.maxKeys} allowed`,
    });
    return undefined;
  }
  const before = issues.length;
  const entries: [string, string][] = [];
  let totalBytes = 0;
  // the field's name is built only for an issue: most records have none, and a string per key adds up
  const fieldOf = (key: string) => `attributes.${key.length > 64 ? `${key.slice(0, 64)}…` : key}`;
  for (const key of keys) {
    if (hasInvalidUtf8(key, policy.rejectReplacementChar)) {
      issues.push({
        code: 'INVALID_UTF8',
        field: 'attributes',
        message: 'attributes: a key is not valid UTF-8 (lone surrogate or U+FFFD)',
      });
      continue;
    }
    if (key === '' || hasControlChars(key)) {
      issues.push({
        code: 'BAD_ATTRIBUTE_KEY',
        field: fieldOf(key),
        message: `${fieldOf(key)}: keys must be non-empty and free of control characters`,
      });
      continue;
    }
    if (codePointLength(key) > limits.maxKeyLength) {
      issues.push({
        code: 'ATTRIBUTES_TOO_LARGE',
        field: fieldOf(key),
        message: `${fieldOf(key)}: key is longer than ${limits.maxKeyLength} characters`,
      });
      continue;
    }
    const raw = (value as Obj)[key];
    if (typeof raw !== 'string') {
      issues.push({ code: 'WRONG_TYPE', field: fieldOf(key), message: `${fieldOf(key)}: must be a string` });
      continue;
    }
    if (hasInvalidUtf8(raw, policy.rejectReplacementChar)) {
      issues.push({
        code: 'INVALID_UTF8',
        field: fieldOf(key),
        message: `${fieldOf(key)}: contains text that is not valid UTF-8 (lone surrogate or U+FFFD)`,
      });
      continue;
    }
    if (codePointLength(raw) > limits.maxValueLength) {
      issues.push({
        code: 'ATTRIBUTES_TOO_LARGE',
        field: fieldOf(key),
        message: `${fieldOf(key)}: value is longer than ${limits.maxValueLength} characters`,
      });
      continue;
    }
    totalBytes += utf8Length(key) + utf8Length(raw);
    entries.push([key, raw]);
  }
  if (issues.length > before) return undefined;
  if (totalBytes > limits.maxTotalBytes) {
    issues.push({
      code: 'ATTRIBUTES_TOO_LARGE',
      field: 'attributes',
      message: `attributes: ${totalBytes} bytes of keys and values, at most ${limits.maxTotalBytes} allowed`,
    });
    return undefined;
  }
  // fromEntries defines own properties, so a "__proto__" key stays data.
  return Object.fromEntries(entries);
}
