import { RECORD_REASON_CODES } from '../record/reason-code.types';
import { validateBatch } from '../validation/batch.validator';
import { validateRecord } from '../validation/record.validator';
import { malformedCorpus } from './malformed-corpus';
import { contextFor, testWorld, wireRecord } from './usage-record.builder';

const world = testWorld();
const ctx = contextFor(world);
const corpus = malformedCorpus(world);

describe('malformed corpus', () => {
  it.each(corpus.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const v = validateRecord(c.record, ctx);
    expect(v.ok ? 'ACCEPTED' : v.reason).toBe(c.expected);
    if (v.ok) return;
    expect(v.issues[0].field).toBe(c.field);
    expect(v.message.startsWith(`${c.field}:`)).toBe(true);
    if (c.jsonSafe) {
      const overJson = validateRecord(JSON.parse(JSON.stringify(c.record)), ctx);
      expect(!overJson.ok && overJson.reason).toBe(c.expected);
    }
  });

  it('covers every record reason code (EVENT_ID_CONFLICT needs two records)', () => {
    const covered = new Set(corpus.map((c) => c.expected));
    expect(RECORD_REASON_CODES.filter((c) => !covered.has(c))).toEqual(['EVENT_ID_CONFLICT']);
    expect(corpus.length).toBeGreaterThanOrEqual(95);
  });

  it('lists every problem of a record with several', () => {
    const c = corpus.find((x) => x.name === 'missing sku and negative quantity');
    const v = validateRecord(c?.record, ctx);
    expect(!v.ok && v.issues.map((i) => i.code)).toEqual(['MISSING_FIELD', 'QUANTITY_NOT_POSITIVE']);
  });

  it('marks what a transport can carry', () => {
    const byName = new Map(corpus.map((c) => [c.name, c]));
    expect(byName.get('quantity NaN number')?.jsonSafe).toBe(false);
    expect(byName.get('tenant_id lone high surrogate')).toMatchObject({ jsonSafe: true, protobufSafe: true });
    expect(byName.get('device_count is a string')).toMatchObject({ jsonSafe: true, protobufSafe: false });
  });

  it('uses the ids of the world it is built for, and keeps good records beside it in a batch', () => {
    const other = testWorld({ clusterId: 'cl-e2e-42', tenantId: 'tn-e2e-42' });
    const octx = contextFor(other);
    const cases = malformedCorpus(other);
    const good = [wireRecord(other, { event_id: 'good-1' }), wireRecord(other, { event_id: 'good-2' })];
    const v = validateBatch({ records: [good[0], ...cases.map((c) => c.record), good[1]] }, octx);
    if (!v.ok) throw new Error('batch refused');
    expect(v.accepted.map((r) => r.eventId)).toEqual(['good-1', 'good-2']);
    expect(v.results.slice(1, -1).map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual(
      cases.map((c) => c.expected),
    );
  });
});
