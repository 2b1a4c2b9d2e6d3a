import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { CanonicalJsonError } from './audit.errors';
import { digest } from './audit-chain.hasher';
import { canonicalJson } from './canonical-json.encoder';

function pathOf(value: unknown): string {
  try {
    canonicalJson(value);
  } catch (error) {
    if (error instanceof CanonicalJsonError) return error.path;
    throw error;
  }
  throw new Error('expected CanonicalJsonError');
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: true }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":true,"z":null}]},"b":1}',
    );
  });

  it('orders keys by UTF-16 code units, as RFC 8785 does', () => {
    // U+1F600 is the surrogate pair D83D DE00, so it sorts before U+FB33 (code point order would put it after).
    const keys = { é: 1, z: 2, Z: 3, '10': 4, '9': 5, '\u{1F600}': 6, '\uFB33': 7 };
    expect(canonicalJson(keys)).toBe('{"10":4,"9":5,"Z":3,"z":2,"\u00e9":1,"\u{1F600}":6,"\uFB33":7}');
  });

  it('escapes strings as JSON.stringify does and keeps Chinese text as is', () => {
    expect(canonicalJson({ s: '结算单 "Q1"\n\t\\ \u0001' })).toBe(
      `{"s":${JSON.stringify('结算单 "Q1"\n\t\\ \u0001')}}`,
    );
  });

  it('writes -0 as 0', () => {
    expect(canonicalJson([-0, 0, -12, Number.MAX_SAFE_INTEGER])).toBe(`[0,0,-12,${Number.MAX_SAFE_INTEGER}]`);
  });

  it.each([
    ['a float', { amount: 0.1 }, '$.amount'],
    ['NaN', [1, Number.NaN], '$[1]'],
    ['Infinity', { a: { b: Infinity } }, '$.a.b'],
    ['an unsafe integer', { n: 2 ** 53 }, '$.n'],
    ['a bigint', { seq: 10n }, '$.seq'],
    ['undefined', { gone: undefined }, '$.gone'],
    ['a Date', { at: new Date(0) }, '$.at'],
    ['a Map', { m: new Map() }, '$.m'],
    ['a class instance', { x: new (class Money {})() }, '$.x'],
    ['a function', { f: () => 1 }, '$.f'],
    ['a NUL character', { s: 'a\u0000b' }, '$.s'],
    ['an unpaired surrogate', { s: 'a\uD800b' }, '$.s'],
    ['an odd key', { 'line items': [{ price: 1.5 }] }, '$["line items"][0].price'],
    ['an array hole', [1, , 3], '$[1]'], // eslint-disable-line no-sparse-arrays
  ])('refuses %s, naming where', (_label, value, path) => {
    expect(pathOf(value)).toBe(path);
  });

  it('refuses a cycle but not a shared subtree', () => {
    const shared = { k: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"k":1},"b":{"k":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(pathOf(cyclic)).toBe('$.self');
  });

  it('property: equal for the same content whatever the key insertion order, and parses back to it', () => {
    const json = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.maxSafeInteger(),
        fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\u0000')),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(
          fc.string({ unit: 'grapheme', maxLength: 6 }).filter((s) => !s.includes('\u0000') && s !== '__proto__'),
          tie('value'),
          { maxKeys: 4 },
        ),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalJson(value);
        const reversed = JSON.parse(text, (_key, v: unknown) =>
          v !== null && typeof v === 'object' && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v).reverse())
            : v,
        ) as unknown;
        expect(canonicalJson(reversed)).toBe(text);
        expect(JSON.parse(text)).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });
});

describe('digest', () => {
  it('is SHA-256 hex of the canonical JSON', () => {
    expect(digest({})).toBe(createHash('sha256').update('{}').digest('hex'));
    expect(digest({ b: '1.00', a: 1 })).toBe(createHash('sha256').update('{"a":1,"b":"1.00"}').digest('hex'));
  });
});
