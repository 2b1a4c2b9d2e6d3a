import fc from 'fast-check';
import { RECORD_REASON_CODES, type RecordReasonCode } from '../record/reason-code.types';
import { toWireRecord } from '../record/usage-record.types';
import { validationPolicy } from '../record/validation.policy';
import { contextFor, testWorld, wireRecord } from '../testing/usage-record.builder';
import { validateRecord, type RecordValidation, type ValidationContext } from './record.validator';

const world = testWorld();
const ctx = contextFor(world);
const HOUR = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();

function reasonOf(v: RecordValidation): RecordReasonCode | 'ACCEPTED' {
  return v.ok ? 'ACCEPTED' : v.reason;
}

describe('validateRecord', () => {
  it('accepts a good record and returns the canonical internal shape', () => {
    const v = validateRecord(wireRecord(world, { quantity: '028800.500', attributes: { project: 'p' } }), ctx);
    expect(v).toEqual({
      ok: true,
      record: {
        eventId: 'ev-test-1',
        clusterId: world.clusterId,
        tenantId: world.tenantId,
        jobId: 'job-1',
        jobType: 'training',
        sku: world.sku,
        quantity: '28800.5',
        deviceCount: 8,
        startedAt: world.now - 2 * HOUR,
        endedAt: world.now - HOUR,
        attributes: { project: 'p' },
      },
    });
  });

  it('round-trips through toWireRecord', () => {
    const v = validateRecord(wireRecord(world, { ended_at: '2025-02-01T10:59:59.123456Z', quantity: '0.5' }), ctx);
    if (!v.ok) throw new Error(v.message);
    expect(toWireRecord(v.record).ended_at).toBe('2025-02-01T10:59:59.123Z');
    expect(validateRecord(toWireRecord(v.record), ctx)).toEqual(v);
  });

  it('accepts a safe-integer JSON number quantity and no attributes', () => {
    const v = validateRecord(wireRecord(world, { quantity: 28800, attributes: undefined }), ctx);
    expect(v.ok && v.record.quantity).toBe('28800');
    expect(v.ok && v.record.attributes).toEqual({});
  });

  // One case per rule; the malformed corpus spec covers many more shapes of each.
  const cases: [RecordReasonCode, Record<string, unknown>][] = [
    ['MISSING_FIELD', { sku: undefined }],
    ['WRONG_TYPE', { device_count: '8' }],
    ['INVALID_UTF8', { job_id: 'j\uD800' }],
    ['BAD_EVENT_ID', { event_id: 'a b' }],
    ['BAD_ID', { cluster_id: 'c'.repeat(129) }],
    ['CLUSTER_MISMATCH', { cluster_id: 'cl-someone-else' }],
    ['TENANT_NOT_BOUND', { tenant_id: world.unboundTenantId }],
    ['UNKNOWN_JOB_TYPE', { job_type: 'batch' }],
    ['UNKNOWN_SKU', { sku: 'gpu.b200' }],
    ['QUANTITY_MALFORMED', { quantity: '1e3' }],
    ['QUANTITY_NOT_EXACT', { quantity: 1.5 }],
    ['QUANTITY_NOT_POSITIVE', { quantity: '0' }],
    ['QUANTITY_TOO_LARGE', { quantity: '1000000000000' }],
    ['QUANTITY_INCONSISTENT', { quantity: '30000' }],
    ['BAD_DEVICE_COUNT', { device_count: 0 }],
    ['BAD_TIMESTAMP', { started_at: '2025-02-01T08:00:00+08:00' }],
    ['ENDS_BEFORE_START', { started_at: iso(world.now - HOUR), ended_at: iso(world.now - 2 * HOUR) }],
    ['DURATION_TOO_LONG', { started_at: iso(world.now - HOUR - 31 * 86_400_000 - 1) }],
    ['IN_FUTURE', { ended_at: iso(world.now + 5 * 60_000 + 1) }],
    ['TOO_OLD', { started_at: iso(world.now - 36 * 86_400_000), ended_at: iso(world.now - 35 * 86_400_000 - 1) }],
    ['BAD_ATTRIBUTE_KEY', { attributes: { '': 'x' } }],
    ['ATTRIBUTES_TOO_LARGE', { attributes: { k: 'v'.repeat(1025) } }],
  ];

  it.each(cases)('%s', (code, overrides) => {
    const v = validateRecord(wireRecord(world, overrides), ctx);
    expect(reasonOf(v)).toBe(code);
    expect(!v.ok && v.issues).toHaveLength(1);
  });

  it('has a case for every record reason code (EVENT_ID_CONFLICT is batch-level)', () => {
    const covered = new Set([...cases.map((c) => c[0]), 'EVENT_ID_CONFLICT']);
    expect(RECORD_REASON_CODES.filter((c) => !covered.has(c))).toEqual([]);
  });

  it('names the field in every message', () => {
    for (const [, overrides] of cases) {
      const v = validateRecord(wireRecord(world, overrides), ctx);
      if (v.ok) throw new Error('expected a rejection');
      expect(v.message.startsWith(`${v.issues[0].field}:`)).toBe(true);
    }
  });

  it('reports every problem, the first one as the reason, and keeps a usable event id', () => {
    const v = validateRecord(
      wireRecord(world, { tenant_id: 5, quantity: '-1', ended_at: 'soon', attributes: { a: 1 } }),
      ctx,
    );
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.reason).toBe('WRONG_TYPE');
    expect(v.issues.map((i) => `${i.code}@${i.field}`)).toEqual([
      'WRONG_TYPE@tenant_id',
      'QUANTITY_NOT_POSITIVE@quantity',
      'BAD_TIMESTAMP@ended_at',
      'WRONG_TYPE@attributes.a',
    ]);
    expect(v.eventId).toBe('ev-test-1');
  });

  describe('quantity vs device_count × duration (8 devices × 3600 s = 28800; tolerance 1 % + 1)', () => {
    it.each([
      ['1', true],
      ['28800', true],
      ['29089', true],
      ['29089.000001', false],
      ['29090', false],
    ])('%s → accepted %s', (quantity, ok) => {
      expect(validateRecord(wireRecord(world, { quantity }), ctx).ok).toBe(ok);
    });

    it('allows 1 unit for a zero-length record', () => {
      const at = iso(world.now - HOUR);
      expect(validateRecord(wireRecord(world, { started_at: at, ended_at: at, quantity: '1' }), ctx).ok).toBe(true);
      expect(reasonOf(validateRecord(wireRecord(world, { started_at: at, ended_at: at, quantity: '1.1' }), ctx))).toBe(
        'QUANTITY_INCONSISTENT',
      );
    });

    it('does not scale by devices for per-record SKUs, and skips untimed SKUs', () => {
      expect(reasonOf(validateRecord(wireRecord(world, { sku: 'dev.box', quantity: '7200' }), ctx))).toBe(
        'QUANTITY_INCONSISTENT',
      );
      expect(validateRecord(wireRecord(world, { sku: 'dev.box', quantity: '3600' }), ctx).ok).toBe(true);
      expect(validateRecord(wireRecord(world, { sku: 'net.egress', quantity: '999999' }), ctx).ok).toBe(true);
    });

    it('explains the arithmetic', () => {
      const v = validateRecord(wireRecord(world, { quantity: '30000' }), ctx);
      expect(!v.ok && v.message).toBe(
        'quantity: 30000 gpu_second exceeds device_count × duration = 8 × 3600 s = 28800 by more than 1 % + 1',
      );
    });
  });

  it('allows the clock skew and the retention window exactly', () => {
    expect(validateRecord(wireRecord(world, { ended_at: iso(world.now + 5 * 60_000) }), ctx).ok).toBe(true);
    const end = world.now - 35 * 86_400_000;
    expect(validateRecord(wireRecord(world, { started_at: iso(end - HOUR), ended_at: iso(end) }), ctx).ok).toBe(true);
    expect(
      validateRecord(wireRecord(world, { started_at: iso(world.now - HOUR - 31 * 86_400_000), quantity: '1' }), ctx).ok,
    ).toBe(true);
  });

  it('takes its limits from the policy', () => {
    const strict: ValidationContext = {
      ...ctx,
      policy: validationPolicy({
        maxClockSkewMs: 0,
        quantityTolerance: { relative: '0', absolute: '0' },
        attributes: { maxKeys: 1 },
        maxQuantity: '100',
      }),
    };
    expect(
      reasonOf(
        validateRecord(wireRecord(world, { quantity: '100', attributes: {}, ended_at: iso(world.now + 1) }), strict),
      ),
    ).toBe('IN_FUTURE');
    expect(reasonOf(validateRecord(wireRecord(world, { quantity: '101', attributes: {} }), strict))).toBe(
      'QUANTITY_TOO_LARGE',
    );
    expect(
      reasonOf(validateRecord(wireRecord(world, { quantity: '100', attributes: { a: '1', b: '2' } }), strict)),
    ).toBe('ATTRIBUTES_TOO_LARGE');
    const exact: ValidationContext = {
      ...ctx,
      policy: validationPolicy({ quantityTolerance: { relative: '0', absolute: '0' } }),
    };
    expect(validateRecord(wireRecord(world, { quantity: '28800' }), exact).ok).toBe(true);
    expect(reasonOf(validateRecord(wireRecord(world, { quantity: '28800.000001' }), exact))).toBe(
      'QUANTITY_INCONSISTENT',
    );
  });

  it('accepts U+FFFD when the policy allows it', () => {
    const lenient: ValidationContext = { ...ctx, policy: validationPolicy({ rejectReplacementChar: false }) };
    expect(validateRecord(wireRecord(world, { attributes: { p: '\uFFFD' } }), lenient).ok).toBe(true);
  });

  it('skips the binding check only when told to', () => {
    const preflight: ValidationContext = { ...ctx, boundTenants: 'unchecked' };
    expect(validateRecord(wireRecord(world, { tenant_id: 'anyone' }), preflight).ok).toBe(true);
  });

  it('keeps a "__proto__" attribute as data', () => {
    const input = JSON.parse(JSON.stringify(wireRecord(world)).replace('"project"', '"__proto__"')) as unknown;
    const v = validateRecord(input, ctx);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(Object.getPrototypeOf(v.record.attributes)).toBe(Object.prototype);
    expect(Object.keys(v.record.attributes)).toContain('__proto__');
  });

  it('never throws, whatever it is given', () => {
    const anyRecord = fc.record(
      {
        event_id: fc.oneof(fc.string(), fc.anything()),
        cluster_id: fc.oneof(fc.constant(world.clusterId), fc.anything()),
        tenant_id: fc.oneof(fc.constant(world.tenantId), fc.string()),
        job_id: fc.anything(),
        job_type: fc.oneof(fc.constantFrom('training', 'render'), fc.anything()),
        sku: fc.oneof(fc.constant(world.sku), fc.anything()),
        quantity: fc.oneof(fc.string(), fc.double(), fc.integer(), fc.bigInt(), fc.anything()),
        device_count: fc.oneof(fc.integer(), fc.double(), fc.anything()),
        started_at: fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          fc.string(),
        ),
        ended_at: fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          fc.string(),
        ),
        attributes: fc.oneof(fc.dictionary(fc.string(), fc.string()), fc.anything()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(anyRecord, fc.anything()), (input) => {
        const v = validateRecord(input, ctx);
        return v.ok || (v.issues.length > 0 && v.reason === v.issues[0].code);
      }),
      { numRuns: 3000 },
    );
  });
});
