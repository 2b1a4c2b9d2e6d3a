// The one spec that touches a transport library: it checks that proto/park/ingest/v1/ingest.proto
// loads with @grpc/proto-loader and that a protobuf round trip keeps the validator's answers.
import {
  loadSync,
  type MessageTypeDefinition,
  type MethodDefinition,
  type PackageDefinition,
} from '@grpc/proto-loader';
import { join } from 'node:path';
import { malformedCorpus } from '../testing/malformed-corpus';
import { contextFor, testWorld, wireRecord } from '../testing/usage-record.builder';
import { validateBatch } from '../validation/batch.validator';
import { validateRecord } from '../validation/record.validator';

const PROTO = join(__dirname, '../../../../proto/park/ingest/v1/ingest.proto');
const OPTIONS = { keepCase: true, longs: String, enums: String, defaults: false, oneofs: true };

type Method = MethodDefinition<object, object>;

function method(def: PackageDefinition, name: string): Method {
  const service = def['park.ingest.v1.IngestService'] as Record<string, Method>;
  return service[name];
}

describe('ingest.proto', () => {
  const def = loadSync(PROTO, OPTIONS);
  const push = method(def, 'PushUsage');
  const roundTrip = (records: unknown[]): unknown[] => {
    const decoded = push.requestDeserialize(push.requestSerialize({ batch_id: 'b-1', records })) as {
      records?: unknown[];
    };
    return decoded.records ?? [];
  };
  const world = testWorld();
  const ctx = contextFor(world);

  it('defines the service, its three methods and the messages', () => {
    expect(Object.keys(def['park.ingest.v1.IngestService'])).toEqual([
      'PushUsage',
      'PushManifest',
      'GetIngestionStatus',
    ]);
    for (const m of ['UsageRecord', 'RecordResult', 'DailyManifest', 'DayStatus']) {
      expect((def[`park.ingest.v1.${m}`] as MessageTypeDefinition<object, object>).type).toBeDefined();
    }
  });

  it('carries a record the validator accepts unchanged', () => {
    const record = wireRecord(world, {
      quantity: '28800.125',
      attributes: { project: '苗绣纹样生成', frame_range: '1001-1096' },
    });
    const [decoded] = roundTrip([record]);
    expect(decoded).toEqual(record);
    const v = validateRecord(decoded, ctx);
    expect(v.ok && v.record.quantity).toBe('28800.125');
  });

  it('gives every protobuf-expressible corpus case the same answer after a round trip', () => {
    const cases = malformedCorpus(world).filter((c) => c.protobufSafe);
    expect(cases.length).toBeGreaterThan(60);
    const decoded = roundTrip(cases.map((c) => c.record));
    const answers = decoded.map((d) => {
      const v = validateRecord(d, ctx);
      return v.ok ? 'ACCEPTED' : v.reason;
    });
    expect(answers).toEqual(cases.map((c) => c.expected));
  });

  it('encodes a per-record answer and a manifest', () => {
    const batch = validateBatch({ records: [wireRecord(world), wireRecord(world, { quantity: '0' }, 2)] }, ctx);
    if (!batch.ok) throw new Error('batch refused');
    const response = {
      batch_id: 'b-1',
      accepted: batch.counts.accepted,
      rejected: batch.counts.rejected,
      duplicates: batch.counts.duplicate,
      results: batch.results.map((r) => ({
        index: r.index,
        event_id: r.eventId ?? '',
        status: `RECORD_STATUS_${r.status.toUpperCase()}`,
        ...(r.status === 'rejected' ? { reason_code: r.reason, message: r.message, issues: r.issues } : {}),
      })),
    };
    const back = push.responseDeserialize(push.responseSerialize(response)) as typeof response;
    expect(back.results[1]).toMatchObject({
      index: 1,
      status: 'RECORD_STATUS_REJECTED',
      reason_code: 'QUANTITY_NOT_POSITIVE',
    });

    const manifest = method(def, 'PushManifest');
    const request = {
      manifest: {
        cluster_id: 'cl-1',
        day: '2025-01-31',
        record_count: 2,
        lines: [{ tenant_id: 't', sku: 'cpu.core', record_count: 2, quantity: '0.3' }],
      },
    };
    expect(manifest.requestDeserialize(manifest.requestSerialize(request))).toEqual(request);
  });

  it('fails loudly on a truncated message (the gateway maps this to INVALID_ARGUMENT)', () => {
    const bytes = push.requestSerialize({ records: [wireRecord(world)] });
    expect(() => push.requestDeserialize(bytes.subarray(0, bytes.length - 7))).toThrow();
  });
});
