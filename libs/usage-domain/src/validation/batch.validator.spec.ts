import { contextFor, testWorld, wireRecord } from '../testing/usage-record.builder';
import { checkBatchLimits, validateBatch } from './batch.validator';

const world = testWorld();
const ctx = contextFor(world);

describe('validateBatch', () => {
  it('keeps good records beside bad ones and answers per record in order', () => {
    const records = [
      wireRecord(world, {}, 1),
      wireRecord(world, { quantity: '-1' }, 2),
      wireRecord(world, {}, 3),
      'junk',
    ];
    const v = validateBatch({ records }, ctx);
    if (!v.ok) throw new Error('batch refused');
    expect(v.results.map((r) => [r.index, r.status])).toEqual([
      [0, 'accepted'],
      [1, 'rejected'],
      [2, 'accepted'],
      [3, 'rejected'],
    ]);
    expect(v.accepted.map((r) => r.eventId)).toEqual(['ev-test-1', 'ev-test-3']);
    expect(v.counts).toEqual({ accepted: 2, rejected: 2, duplicate: 0 });
    const bad = v.results[1];
    expect(bad.status === 'rejected' && [bad.reason, bad.eventId]).toEqual(['QUANTITY_NOT_POSITIVE', 'ev-test-2']);
    const junk = v.results[3];
    expect(junk.status === 'rejected' && [junk.reason, junk.eventId]).toEqual(['WRONG_TYPE', undefined]);
  });

  it('marks an identical re-send in the same batch as a duplicate of the first', () => {
    const r = wireRecord(world, {}, 7);
    const v = validateBatch({ records: [r, { ...r, quantity: '28800.000' }] }, ctx);
    if (!v.ok) throw new Error('batch refused');
    expect(v.results[1]).toEqual({ index: 1, status: 'duplicate', eventId: 'ev-test-7', firstIndex: 0 });
    expect(v.accepted).toHaveLength(1);
  });

  it('rejects a second record reusing an event id for different content', () => {
    const r = wireRecord(world, {}, 7);
    const v = validateBatch({ records: [r, { ...r, quantity: '100' }] }, ctx);
    if (!v.ok) throw new Error('batch refused');
    expect(v.results[1].status === 'rejected' && v.results[1].reason).toBe('EVENT_ID_CONFLICT');
    expect(v.counts).toEqual({ accepted: 1, rejected: 1, duplicate: 0 });
  });

  it('refuses a whole batch only for its shape and size', () => {
    expect(validateBatch({ records: { records: [] } }, ctx)).toEqual({
      ok: false,
      issues: [expect.objectContaining({ code: 'BATCH_NOT_A_LIST' })],
    });
    const tooMany = validateBatch({ records: new Array(5001).fill(null) }, ctx);
    expect(!tooMany.ok && tooMany.issues.map((i) => i.code)).toEqual(['BATCH_TOO_MANY_RECORDS']);
    const tooBig = validateBatch({ records: [], byteLength: 4 * 1024 * 1024 + 1 }, ctx);
    expect(!tooBig.ok && tooBig.issues.map((i) => i.code)).toEqual(['BATCH_TOO_LARGE']);
    expect(validateBatch({ records: [], byteLength: 4 * 1024 * 1024 }, ctx).ok).toBe(true);
  });

  it('checks limits before parsing, reporting both', () => {
    expect(checkBatchLimits({ recordCount: 5000, byteLength: 1 })).toEqual([]);
    expect(checkBatchLimits({ recordCount: 5001, byteLength: 5 * 1024 * 1024 }).map((i) => i.code)).toEqual([
      'BATCH_TOO_MANY_RECORDS',
      'BATCH_TOO_LARGE',
    ]);
  });
});
