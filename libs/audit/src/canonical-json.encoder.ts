import { CanonicalJsonError } from './audit.errors';

/** What canonical JSON can hold: no floats (money goes as decimal strings), no undefined, plain objects only. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

// PostgreSQL text / jsonb refuse NUL and unpaired surrogates; a value that cannot be stored cannot be re-hashed.
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function keyPath(path: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function encodeString(value: string, path: string): string {
  if (value.includes('\u0000') || UNPAIRED_SURROGATE.test(value))
    throw new CanonicalJsonError(path, 'string holds NUL or an unpaired surrogate');
  return JSON.stringify(value);
}

function encode(value: unknown, path: string, open: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return encodeString(value, path);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) {
        throw new CanonicalJsonError(
          path,
          `number ${String(value)} is not a safe integer (money and decimals go as strings)`,
        );
      }
      return Object.is(value, -0) ? '0' : String(value);
    case 'bigint':
      throw new CanonicalJsonError(path, 'bigint: pass it as a decimal string');
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(path, `${typeof value} has no JSON form (use null for "no value")`);
  }
  if (value === null) return 'null';
  if (open.has(value)) throw new CanonicalJsonError(path, 'cycle');
  open.add(value);
  try {
    if (Array.isArray(value)) {
      const items: string[] = [];
      for (let i = 0; i < value.length; i += 1) {
        if (!(i in value)) throw new CanonicalJsonError(`${path}[${i}]`, 'hole in array');
        items.push(encode(value[i], `${path}[${i}]`, open));
      }
      return `[${items.join(',')}]`;
    }
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      const kind =
        value instanceof Date ? 'Date (pass toISOString())' : `${value.constructor?.name ?? 'object'} instance`;
      throw new CanonicalJsonError(path, `${kind}: only plain objects, arrays, strings, integers, booleans and null`);
    }
    if (Object.getOwnPropertySymbols(value).length > 0) throw new CanonicalJsonError(path, 'symbol keys');
    const record = value as Record<string, unknown>;
    // Default sort compares UTF-16 code units, the order RFC 8785 (JCS) prescribes.
    const members = Object.keys(record)
      .sort()
      .map((key) => {
        const member = record[key];
        if (member === undefined)
          throw new CanonicalJsonError(keyPath(path, key), 'undefined (omit the key or use null)');
        return `${encodeString(key, keyPath(path, key))}:${encode(member, keyPath(path, key), open)}`;
      });
    return `{${members.join(',')}}`;
  } finally {
    open.delete(value);
  }
}

/**
 * The one text form of a value: object keys sorted by UTF-16 code units, no whitespace, strings escaped as
 * JSON.stringify does, integers only. It is RFC 8785 (JCS) restricted to safe integers, so an auditor can
 * recompute it in any language. Throws CanonicalJsonError naming the path of the first offending value.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, '$', new Set());
}
