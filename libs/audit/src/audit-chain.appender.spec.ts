import { AuditInputError } from './audit.errors';
import { createHash } from 'node:crypto';
import { appendEvent, pendingEvent } from './audit-chain.appender';
import { chainHash, digest, GENESIS_HASH } from './audit-chain.hasher';
import { eventInput } from './testing/audit.builders';

function problemsOf(build: () => unknown): readonly string[] {
  try {
    build();
  } catch (error) {
    if (error instanceof AuditInputError) return error.problems;
    throw error;
  }
  throw new Error('expected AuditInputError');
}

describe('appendEvent', () => {
  it('starts the chain at seq 1 from the genesis hash', () => {
    const first = appendEvent(null, eventInput(1, { at: '2026-01-01T08:00:00+08:00' }));
    expect(first).toMatchObject({ seq: '1', at: '2026-01-01T00:00:00.000Z', prevHash: GENESIS_HASH });
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    const { hash, prevHash, ...body } = first;
    expect(hash).toBe(chainHash(prevHash, body));
  });

  it('links each event to the previous one and numbers it next, past 2^53', () => {
    const first = appendEvent(null, eventInput(1));
    const second = appendEvent(first, eventInput(2));
    expect(second).toMatchObject({ seq: '2', prevHash: first.hash });
    const far = appendEvent({ ...first, seq: '9007199254740993' }, eventInput(3));
    expect(far.seq).toBe('9007199254740994');
  });

  it('keeps digests of before and after, null where there is none', () => {
    const before = { balance: '300000.00', state: 'active' };
    const after = { balance: '180000.00', state: 'active' };
    const event = appendEvent(null, eventInput(1, { before, after }));
    expect(event.beforeDigest).toBe(digest(before));
    expect(event.afterDigest).toBe(digest(after));
    const created = appendEvent(null, eventInput(1, { before: undefined, after }));
    expect(created.beforeDigest).toBeNull();
    expect(appendEvent(null, eventInput(1, { payload: undefined })).payload).toEqual({});
  });

  it('copies the payload, so changing the caller object later changes nothing', () => {
    const payload = { amount: '120000.00', lines: ['L-1'] };
    const event = appendEvent(null, eventInput(1, { payload }));
    payload.lines.push('L-2');
    expect(event.payload).toEqual({ amount: '120000.00', lines: ['L-1'] });
  });

  it('reports every problem of the input at once', () => {
    expect(
      problemsOf(() =>
        appendEvent(
          null,
          eventInput(1, {
            actor: ' ',
            action: 'Grant Issue',
            at: 'yesterday',
            before: { at: new Date(0) },
            payload: { amount: 120000.5 },
          }),
        ),
      ),
    ).toEqual([
      'actor: a non-empty string of at most 200 characters',
      'action: `<entity>.<verb>` in lower case, e.g. grant.issue',
      'at: a valid instant',
      'before.at: Date (pass toISOString()): only plain objects, arrays, strings, integers, booleans and null',
      'payload.amount: number 120000.5 is not a safe integer (money and decimals go as strings)',
    ]);
  });

  it('hashes exactly as documented (golden vector: changing the format breaks stored chains)', () => {
    const event = appendEvent(null, {
      at: '2026-01-01T00:00:00.000Z',
      actor: 'demo-operator-admin',
      role: 'operator-admin',
      action: 'grant.issue',
      entityType: 'grant',
      entityId: 'G-1',
      after: { faceValue: '300000.00', ratio: '0.30' },
      payload: { programme: 'P-GZ-2026', tenant: 'T-1' },
    });
    expect(event.afterDigest).toBe(digest({ faceValue: '300000.00', ratio: '0.30' }));
    // Recomputed independently with Python: json.dumps(sort_keys=True, separators=(',', ':'), ensure_ascii=False).
    expect(event.hash).toBe('f8e6a0a40ff2ae7f2cd4858e73a29666809c0e3f0721a7384cc8b18dcb9f2a62');
  });
});

describe('pendingEvent: the hash finished where the head is read', () => {
  const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
  const inputs = [
    {
      at: '2026-12-01T00:00:00.000Z',
      actor: 'sys',
      role: 'system',
      action: 'statement.issue',
      entityType: 's',
      entityId: 'x',
    },
    {
      at: new Date('2026-11-30T16:00:00.123Z'),
      actor: 'op@park',
      role: '运营 "admin"\n',
      action: 'grant.issue',
      entityType: 'grant',
      entityId: 'g-1',
      before: { a: '1.00' },
      after: { a: '0.00', z: [1, 'é', null] },
      payload: { reason: '核减\u0001', nested: { b: true, a: -3 } },
    },
  ];
  it.each(inputs)('the three pieces around prevHash and seq give chainHash (%#)', (input) => {
    const pending = pendingEvent(input);
    for (const [seq, prevHash] of [
      ['1', GENESIS_HASH],
      ['90071992547409931', 'ab'.repeat(32)],
    ]) {
      const { beforePrevHash, beforeSeq, end } = pending.hashText;
      const finished = sha256(`${beforePrevHash}${prevHash}${beforeSeq}${seq}${end}`);
      expect(finished).toBe(chainHash(prevHash, { ...pending.body, seq }));
    }
    expect(appendEvent({ seq: '41', hash: 'cd'.repeat(32) }, input).hash).toBe(
      sha256(
        `${pending.hashText.beforePrevHash}${'cd'.repeat(32)}${pending.hashText.beforeSeq}42${pending.hashText.end}`,
      ),
    );
  });
});
