import fc from 'fast-check';
import type { AuditEvent, ChainVerification } from './audit-event.types';
import { appendEvent } from './audit-chain.appender';
import { chainHash, digest } from './audit-chain.hasher';
import { createChainVerifier, verifyChain } from './audit-chain.verifier';
import { canonicalJson } from './canonical-json.encoder';
import { formatVerification, withoutDetail } from './verification.formatter';
import { buildChain, eventInput } from './testing/audit.builders';

function broken(result: ChainVerification): { firstBadSeq: string; reason: string } {
  if (result.ok) throw new Error('expected a broken chain');
  return { firstBadSeq: result.firstBadSeq, reason: result.reason };
}

const headOf = (events: readonly AuditEvent[]) => ({
  seq: events[events.length - 1].seq,
  hash: events[events.length - 1].hash,
});

/** Re-hashes a row after changing it, as someone with write access and this lib could. */
function rehash(event: AuditEvent): AuditEvent {
  const { hash: _hash, prevHash, ...body } = event;
  return { ...event, hash: chainHash(prevHash, body) };
}

describe('verifyChain on examples', () => {
  const chain = buildChain(8);

  it('accepts an untouched chain and returns its head', () => {
    expect(verifyChain(chain)).toEqual({ ok: true, count: 8, head: headOf(chain) });
    expect(verifyChain([])).toEqual({ ok: true, count: 0, head: null });
    expect(verifyChain(chain, { anchor: headOf(chain) })).toMatchObject({ ok: true });
  });

  it('names the row whose field was changed', () => {
    const tampered = chain.map((e) => (e.seq === '4' ? { ...e, payload: { amount: '999999.00' } } : e));
    expect(broken(verifyChain(tampered))).toEqual({ firstBadSeq: '4', reason: 'hash mismatch' });
  });

  it('names the row after one re-hashed in place (its successor no longer links to it)', () => {
    const tampered = chain.map((e) => (e.seq === '4' ? rehash({ ...e, actor: 'someone-else' }) : e));
    expect(broken(verifyChain(tampered))).toEqual({ firstBadSeq: '5', reason: 'broken link' });
  });

  it('names a deleted row', () => {
    expect(broken(verifyChain(chain.filter((e) => e.seq !== '3')))).toEqual({
      firstBadSeq: '3',
      reason: 'sequence gap',
    });
    expect(broken(verifyChain(chain.slice(1)))).toEqual({ firstBadSeq: '1', reason: 'sequence gap' });
  });

  it('names the first of two swapped rows, whether the seq moved with them or not', () => {
    const moved = [...chain];
    [moved[2], moved[5]] = [moved[5], moved[2]];
    expect(broken(verifyChain(moved))).toEqual({ firstBadSeq: '3', reason: 'out of order' });
    const renumbered = moved.map((e, i) => ({ ...e, seq: String(i + 1) }));
    expect(broken(verifyChain(renumbered))).toEqual({ firstBadSeq: '3', reason: 'broken link' });
  });

  it('names a duplicated row', () => {
    const duplicated = [...chain.slice(0, 5), chain[2], ...chain.slice(5)];
    expect(broken(verifyChain(duplicated))).toEqual({ firstBadSeq: '6', reason: 'out of order' });
  });

  it('finds a forged row inserted in the middle where the chain under it breaks', () => {
    // A forged event that links correctly cannot be told from a real one (the hash is not a secret);
    // what gives it away is the next row, which still links to the row before the forgery.
    const forged = appendEvent(chain[3], eventInput(99, { action: 'grant.issue', payload: { amount: '1000000.00' } }));
    const inserted = [
      ...chain.slice(0, 4),
      forged,
      ...chain.slice(4).map((e) => ({ ...e, seq: String(Number(e.seq) + 1) })),
    ];
    expect(broken(verifyChain(inserted))).toEqual({ firstBadSeq: '6', reason: 'broken link' });
  });

  it('needs the anchor to notice a cut tail or a tail rewritten and re-chained', () => {
    const anchor = headOf(chain);
    expect(verifyChain(chain.slice(0, 6))).toMatchObject({ ok: true });
    expect(broken(verifyChain(chain.slice(0, 6), { anchor }))).toEqual({ firstBadSeq: '7', reason: 'truncated' });
    const rewritten = buildChain(
      chain.map((_, i) => eventInput(i + 1, i === 5 ? { payload: { amount: '0.00' } } : {})),
    );
    expect(verifyChain(rewritten)).toMatchObject({ ok: true });
    expect(broken(verifyChain(rewritten, { anchor }))).toEqual({ firstBadSeq: '8', reason: 'anchor mismatch' });
    expect(verifyChain([...chain, appendEvent(chain[7], eventInput(9))], { anchor })).toMatchObject({
      ok: true,
      count: 9,
    });
  });

  it('verifies a later part of the chain from a trusted event', () => {
    expect(verifyChain(chain.slice(4), { from: { seq: chain[3].seq, hash: chain[3].hash } })).toEqual({
      ok: true,
      count: 4,
      head: headOf(chain),
    });
    expect(broken(verifyChain(chain.slice(4), { from: { seq: chain[3].seq, hash: chain[2].hash } }))).toEqual({
      firstBadSeq: '5',
      reason: 'broken link',
    });
  });

  it('hashes only the event fields, so extra columns of a stored row do not matter', () => {
    const rows = chain.map((e, i) => ({ ...e, id: `uuid-${i}`, createdAt: '2026-01-01' }));
    expect(verifyChain(rows)).toMatchObject({ ok: true, count: 8 });
  });

  it('calls rows it cannot read malformed rather than throwing', () => {
    const asDate = chain.map((e) => (e.seq === '2' ? ({ ...e, at: new Date(e.at) } as unknown as AuditEvent) : e));
    expect(verifyChain(asDate)).toMatchObject({
      ok: false,
      firstBadSeq: '2',
      reason: 'malformed',
      detail: 'event.at: Date (pass toISOString()): only plain objects, arrays, strings, integers, booleans and null',
    });
    const bigintSeq = chain.map((e) => (e.seq === '2' ? ({ ...e, seq: 2n } as unknown as AuditEvent) : e));
    expect(verifyChain(bigintSeq)).toMatchObject({
      ok: false,
      firstBadSeq: '2',
      reason: 'malformed',
      detail: 'seq of type bigint is not a decimal string',
    });
  });

  it('gives the same answer page by page as all at once', () => {
    const tampered = chain.map((e) => (e.seq === '6' ? { ...e, entityId: 'G-other' } : e));
    const verifier = createChainVerifier({ anchor: headOf(chain) });
    for (let page = 0; page < tampered.length; page += 3)
      for (const event of tampered.slice(page, page + 3)) verifier.push(event);
    expect(verifier.result()).toEqual(verifyChain(tampered, { anchor: headOf(chain) }));
  });

  it('formats a result on one line', () => {
    expect(formatVerification(verifyChain(chain))).toBe(
      `audit chain intact: 8 events checked, head seq 8 hash ${chain[7].hash}`,
    );
    expect(formatVerification(verifyChain([]))).toBe('audit chain intact: no events');
    expect(formatVerification(verifyChain(chain.filter((e) => e.seq !== '3')))).toBe(
      'audit chain BROKEN at seq 3: sequence gap: expected seq 3, found 4 (2 events intact before it)',
    );
    // a scoped reader's line: where and how, without the detail
    expect(formatVerification(withoutDetail(verifyChain(chain.filter((e) => e.seq !== '3'))))).toBe(
      'audit chain BROKEN at seq 3: sequence gap (2 events intact before it)',
    );
    expect(withoutDetail(verifyChain(chain))).toEqual(verifyChain(chain));
  });
});

describe('verifyChain properties', () => {
  const FIELDS = [
    'seq',
    'at',
    'actor',
    'role',
    'action',
    'entityType',
    'entityId',
    'beforeDigest',
    'afterDigest',
    'payload',
    'prevHash',
    'hash',
  ] as const;
  type Field = (typeof FIELDS)[number];

  const chains = fc
    .array(fc.record({ n: fc.integer({ min: 1, max: 500 }), note: fc.string({ maxLength: 12 }) }), {
      minLength: 1,
      maxLength: 12,
    })
    .map((specs) => buildChain(specs.map(({ n, note }) => eventInput(n, { payload: { note, n } }))));

  const same = (a: AuditEvent, b: AuditEvent) => canonicalJson(a) === canonicalJson(b);

  /** The oracle: the chain must be reported broken at the first position where it differs from what was written. */
  function expectedFirstBad(original: readonly AuditEvent[], tampered: readonly AuditEvent[]): string | null {
    let i = 0;
    while (i < original.length && i < tampered.length && same(original[i], tampered[i])) i += 1;
    if (i === tampered.length) return null; // a prefix of the original (or all of it)
    return String(i + 1);
  }

  function flipHex(hex: string, at: number): string {
    const i = at % hex.length;
    return `${hex.slice(0, i)}${hex[i] === '0' ? '1' : '0'}${hex.slice(i + 1)}`;
  }

  function mutate(event: AuditEvent, field: Field, salt: string, k: number): AuditEvent {
    switch (field) {
      case 'seq':
        return { ...event, seq: String(Number(event.seq) + (k % 2 === 0 ? k + 1 : -(k + 1))) };
      case 'hash':
      case 'prevHash':
        return { ...event, [field]: flipHex(event[field], k) };
      case 'beforeDigest':
      case 'afterDigest':
        return {
          ...event,
          [field]: event[field] === null ? digest(salt) : k % 2 === 0 ? null : flipHex(event[field] as string, k),
        };
      case 'payload':
        return {
          ...event,
          payload: { ...(event.payload as Record<string, unknown>), [`x${salt}`]: k } as AuditEvent['payload'],
        };
      case 'at':
        return { ...event, at: new Date(Date.parse(event.at) + (k + 1) * 1000).toISOString() };
      default:
        return { ...event, [field]: `${event[field]}${salt}` };
    }
  }

  it('an untouched chain verifies', () => {
    fc.assert(
      fc.property(chains, (chain) =>
        expect(verifyChain(chain, { anchor: headOf(chain) })).toEqual({
          ok: true,
          count: chain.length,
          head: headOf(chain),
        }),
      ),
    );
  });

  it('any single changed field is found, at its row', () => {
    fc.assert(
      fc.property(
        chains,
        fc.nat(),
        fc.constantFrom(...FIELDS),
        fc.string({ minLength: 1, maxLength: 4 }),
        fc.nat(1000),
        (chain, at, field, salt, k) => {
          const i = at % chain.length;
          const tampered = chain.map((e, j) => (j === i ? mutate(e, field, salt, k) : e));
          const result = verifyChain(tampered);
          expect(result.ok).toBe(false);
          expect(broken(result).firstBadSeq).toBe(expectedFirstBad(chain, tampered));
          expect(broken(result).firstBadSeq).toBe(String(i + 1));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('any deleted row is found, at its seq; a deleted last row only with the anchor', () => {
    fc.assert(
      fc.property(chains, fc.nat(), (chain, at) => {
        const i = at % chain.length;
        const tampered = chain.filter((_, j) => j !== i);
        const result = verifyChain(tampered, { anchor: headOf(chain) });
        expect(broken(result).firstBadSeq).toBe(String(i + 1));
        expect(broken(result).reason).toBe(i === chain.length - 1 ? 'truncated' : 'sequence gap');
        expect(verifyChain(tampered).ok).toBe(i === chain.length - 1);
      }),
      { numRuns: 300 },
    );
  });

  it('any two swapped rows are found, at the first of them', () => {
    fc.assert(
      fc.property(
        chains.filter((c) => c.length >= 2),
        fc.nat(),
        fc.nat(),
        (chain, a, b) => {
          const i = a % chain.length;
          const j = b % chain.length;
          fc.pre(i !== j);
          const tampered = [...chain];
          [tampered[i], tampered[j]] = [tampered[j], tampered[i]];
          const result = verifyChain(tampered);
          expect(broken(result)).toEqual({ firstBadSeq: String(Math.min(i, j) + 1), reason: 'out of order' });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('any copied row inserted anywhere is found where the chain first differs', () => {
    fc.assert(
      fc.property(chains, fc.nat(), fc.nat(), (chain, a, b) => {
        const copied = chain[a % chain.length];
        // inserting after the end would be an append of a duplicate: also caught below
        const position = b % chain.length;
        const tampered = [...chain.slice(0, position), copied, ...chain.slice(position)];
        const result = verifyChain(tampered);
        expect(broken(result).firstBadSeq).toBe(expectedFirstBad(chain, tampered));
        expect(verifyChain([...chain, copied]).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
