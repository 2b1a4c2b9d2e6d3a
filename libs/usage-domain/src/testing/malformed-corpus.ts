import type { RecordReasonCode } from '../record/reason-code.types';
import { isObject } from '../validation/field.checks';
import { testWorld, wireRecord, type TestWorld } from './usage-record.builder';

export interface MalformedCase {
  readonly name: string;
  /** What the agent sends in place of one record of a batch. */
  readonly record: unknown;
  /** Reason code of the first problem. */
  readonly expected: RecordReasonCode;
  /** Wire field the first problem names. */
  readonly field: string;
  /** Survives JSON.stringify → JSON.parse unchanged, so it can be sent over HTTPS + JSON. */
  readonly jsonSafe: boolean;
  /**
   * Expressible in the proto UsageRecord (strings as strings, device_count a uint32, attributes a string map).
   * protobufjs (grpc-js) sends explicit "" and 0, so the answer is unchanged; a client that omits proto3
   * defaults turns `device_count: 0` into MISSING_FIELD instead of BAD_DEVICE_COUNT.
   */
  readonly protobufSafe: boolean;
}

const DAY = 86_400_000;
const STRING_FIELDS = [
  'event_id',
  'cluster_id',
  'tenant_id',
  'job_id',
  'job_type',
  'sku',
  'quantity',
  'started_at',
  'ended_at',
];
const REQUIRED_FIELDS = [...STRING_FIELDS.slice(0, 7), 'device_count', ...STRING_FIELDS.slice(7)];

function jsonRoundTrips(value: unknown): boolean {
  try {
    return JSON.stringify(JSON.parse(JSON.stringify(value))) === JSON.stringify(value) && !containsNonJson(value);
  } catch {
    return false;
  }
}

function containsNonJson(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value) || Object.is(value, -0);
  if (value === undefined || typeof value === 'function' || typeof value === 'bigint') return true;
  if (Array.isArray(value)) return value.some(containsNonJson);
  if (isObject(value)) return Object.values(value).some(containsNonJson);
  return false;
}

function fitsProto(value: unknown): boolean {
  if (!isObject(value)) return false;
  for (const [k, v] of Object.entries(value)) {
    if (STRING_FIELDS.includes(k)) {
      if (typeof v !== 'string') return false;
    } else if (k === 'device_count') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) return false;
    } else if (k === 'attributes') {
      if (!isObject(v) || Object.values(v).some((x) => typeof x !== 'string')) return false;
    } else {
      return false;
    }
  }
  return true;
}

/**
 * Records an agent should never send, each with the reason the gateway must give. Built for a
 * world (cluster, bound tenant, clock) so an e2e test can use its own ids; event ids are unique
 * per case ("mal-<n>") where the case has a usable event id.
 */
export function malformedCorpus(world: TestWorld = testWorld()): MalformedCase[] {
  const cases: MalformedCase[] = [];
  let seq = 0;
  const iso = (ms: number): string => new Date(ms).toISOString();
  const add = (name: string, record: unknown, expected: RecordReasonCode, field: string): void => {
    cases.push({ name, record, expected, field, jsonSafe: jsonRoundTrips(record), protobufSafe: fitsProto(record) });
  };
  const rec = (overrides: Readonly<Record<string, unknown>>): Record<string, unknown> => {
    seq++;
    return wireRecord(world, { event_id: `mal-${seq}`, job_id: `mal-job-${seq}`, ...overrides }, seq);
  };
  const ended = world.now - 3_600_000;

  // Not a record at all.
  add('record is null', null, 'WRONG_TYPE', 'record');
  add('record is an array', [rec({})], 'WRONG_TYPE', 'record');
  add('record is a string', 'event_id=1', 'WRONG_TYPE', 'record');
  add('record is a number', 42, 'WRONG_TYPE', 'record');

  // Missing fields.
  for (const field of REQUIRED_FIELDS) add(`missing ${field}`, rec({ [field]: undefined }), 'MISSING_FIELD', field);
  add('event_id empty', rec({ event_id: '' }), 'MISSING_FIELD', 'event_id');
  add('tenant_id null', rec({ tenant_id: null }), 'MISSING_FIELD', 'tenant_id');
  add('quantity empty string', rec({ quantity: '' }), 'MISSING_FIELD', 'quantity');

  // Wrong types.
  add('event_id is a number', rec({ event_id: 12345 }), 'WRONG_TYPE', 'event_id');
  add('cluster_id is an object', rec({ cluster_id: { id: world.clusterId } }), 'WRONG_TYPE', 'cluster_id');
  add('tenant_id is a number', rec({ tenant_id: 7 }), 'WRONG_TYPE', 'tenant_id');
  add('job_type is an array', rec({ job_type: ['training'] }), 'WRONG_TYPE', 'job_type');
  add('sku is a boolean', rec({ sku: true }), 'WRONG_TYPE', 'sku');
  add('quantity is a boolean', rec({ quantity: true }), 'WRONG_TYPE', 'quantity');
  add('quantity is an object', rec({ quantity: { value: '1' } }), 'WRONG_TYPE', 'quantity');
  add('device_count is a string', rec({ device_count: '8' }), 'WRONG_TYPE', 'device_count');
  add('started_at is epoch ms', rec({ started_at: ended - 3_600_000 }), 'WRONG_TYPE', 'started_at');
  add('ended_at is a boolean', rec({ ended_at: false }), 'WRONG_TYPE', 'ended_at');
  add('attributes is an array', rec({ attributes: ['project'] }), 'WRONG_TYPE', 'attributes');
  add('attributes is a string', rec({ attributes: 'project=x' }), 'WRONG_TYPE', 'attributes');
  add('attribute value is a number', rec({ attributes: { frames: 96 } }), 'WRONG_TYPE', 'attributes.frames');

  // Identity and scope.
  add('event_id with a space', rec({ event_id: `mal-${seq + 1} x` }), 'BAD_EVENT_ID', 'event_id');
  add('event_id with a slash', rec({ event_id: `mal/${seq + 1}` }), 'BAD_EVENT_ID', 'event_id');
  add('event_id with CJK', rec({ event_id: `作业-${seq + 1}` }), 'BAD_EVENT_ID', 'event_id');
  add('event_id of 129 chars', rec({ event_id: `mal-${seq + 1}-`.padEnd(129, 'x') }), 'BAD_EVENT_ID', 'event_id');
  add('tenant_id with a newline', rec({ tenant_id: `${world.tenantId}\n` }), 'BAD_ID', 'tenant_id');
  add('job_id of 257 chars', rec({ job_id: 'j'.repeat(257) }), 'BAD_ID', 'job_id');
  add('another cluster', rec({ cluster_id: `${world.clusterId}-other` }), 'CLUSTER_MISMATCH', 'cluster_id');
  add('tenant not bound to the cluster', rec({ tenant_id: world.unboundTenantId }), 'TENANT_NOT_BOUND', 'tenant_id');
  add('job_type capitalised', rec({ job_type: 'Training' }), 'UNKNOWN_JOB_TYPE', 'job_type');
  add('job_type unknown', rec({ job_type: 'batch' }), 'UNKNOWN_JOB_TYPE', 'job_type');
  add('sku unknown', rec({ sku: 'gpu.b200-192g' }), 'UNKNOWN_SKU', 'sku');

  // Quantities.
  add('quantity negative string', rec({ quantity: '-5' }), 'QUANTITY_NOT_POSITIVE', 'quantity');
  add('quantity negative number', rec({ quantity: -3600 }), 'QUANTITY_NOT_POSITIVE', 'quantity');
  add('quantity zero string', rec({ quantity: '0' }), 'QUANTITY_NOT_POSITIVE', 'quantity');
  add('quantity zero with decimals', rec({ quantity: '0.000000' }), 'QUANTITY_NOT_POSITIVE', 'quantity');
  add('quantity zero number', rec({ quantity: 0 }), 'QUANTITY_NOT_POSITIVE', 'quantity');
  add('quantity "NaN"', rec({ quantity: 'NaN' }), 'QUANTITY_MALFORMED', 'quantity');
  add('quantity "Infinity"', rec({ quantity: 'Infinity' }), 'QUANTITY_MALFORMED', 'quantity');
  add('quantity exponent', rec({ quantity: '2.88e4' }), 'QUANTITY_MALFORMED', 'quantity');
  add('quantity with plus sign', rec({ quantity: '+28800' }), 'QUANTITY_MALFORMED', 'quantity');
  add('quantity with spaces', rec({ quantity: ' 28800' }), 'QUANTITY_MALFORMED', 'quantity');
  add('quantity with thousands separator', rec({ quantity: '28,800' }), 'QUANTITY_MALFORMED', 'quantity');
  add('quantity hexadecimal', rec({ quantity: '0x7080' }), 'QUANTITY_MALFORMED', 'quantity');
  add('quantity NaN number', rec({ quantity: Number.NaN }), 'QUANTITY_NOT_EXACT', 'quantity');
  add('quantity Infinity number', rec({ quantity: Number.POSITIVE_INFINITY }), 'QUANTITY_NOT_EXACT', 'quantity');
  add('quantity float number', rec({ quantity: 28799.5 }), 'QUANTITY_NOT_EXACT', 'quantity');
  add('quantity tiny float number', rec({ quantity: 0.1 }), 'QUANTITY_NOT_EXACT', 'quantity');
  add('quantity 7 fractional digits', rec({ quantity: '1.1234567' }), 'QUANTITY_NOT_EXACT', 'quantity');
  add('quantity huge number', rec({ quantity: 1e20 }), 'QUANTITY_TOO_LARGE', 'quantity');
  add('quantity max double', rec({ quantity: Number.MAX_VALUE }), 'QUANTITY_TOO_LARGE', 'quantity');
  add('quantity 2^53 + 1 as a number', rec({ quantity: 2 ** 53 + 1 }), 'QUANTITY_TOO_LARGE', 'quantity');
  add('quantity 10^12', rec({ quantity: '1000000000000' }), 'QUANTITY_TOO_LARGE', 'quantity');
  add('quantity 300 digits', rec({ quantity: `1${'0'.repeat(299)}` }), 'QUANTITY_TOO_LARGE', 'quantity');
  add('quantity 40 % over devices × duration', rec({ quantity: '40320' }), 'QUANTITY_INCONSISTENT', 'quantity');
  add('device_count zero', rec({ device_count: 0 }), 'BAD_DEVICE_COUNT', 'device_count');
  add('device_count negative', rec({ device_count: -8 }), 'BAD_DEVICE_COUNT', 'device_count');
  add('device_count fractional', rec({ device_count: 1.5 }), 'BAD_DEVICE_COUNT', 'device_count');
  add('device_count huge', rec({ device_count: 100_001 }), 'BAD_DEVICE_COUNT', 'device_count');

  // Time.
  const badTimes: [string, string][] = [
    ['space instead of T', iso(ended).replace('T', ' ')],
    ['no offset', iso(ended).slice(0, 19)],
    ['+08:00 offset', '2025-01-31T20:00:00+08:00'],
    ['30 February', '2025-02-30T00:00:00Z'],
    ['month 13', '2025-13-01T00:00:00Z'],
    ['hour 24', '2025-01-31T24:00:00Z'],
    ['leap second', '2016-12-31T23:59:60Z'],
    ['before 1970', '1969-12-31T23:59:59Z'],
    ['a word', 'yesterday'],
  ];
  for (const [what, text] of badTimes) add(`ended_at ${what}`, rec({ ended_at: text }), 'BAD_TIMESTAMP', 'ended_at');
  add(
    'ends before it starts',
    rec({ started_at: iso(ended), ended_at: iso(ended - 60_000) }),
    'ENDS_BEFORE_START',
    'ended_at',
  );
  add('lasts 32 days', rec({ started_at: iso(ended - 32 * DAY) }), 'DURATION_TOO_LONG', 'ended_at');
  add(
    'ends 10 minutes in the future',
    rec({ started_at: iso(world.now - 50 * 60_000), ended_at: iso(world.now + 10 * 60_000) }),
    'IN_FUTURE',
    'ended_at',
  );
  add(
    'in 2099',
    rec({ started_at: '2099-01-01T00:00:00Z', ended_at: '2099-01-01T01:00:00Z' }),
    'IN_FUTURE',
    'ended_at',
  );
  add(
    'ended 40 days ago',
    rec({ started_at: iso(world.now - 40 * DAY - 3_600_000), ended_at: iso(world.now - 40 * DAY) }),
    'TOO_OLD',
    'ended_at',
  );
  add('ancient', rec({ started_at: '1970-01-01T00:00:00Z', ended_at: '1970-01-01T01:00:00Z' }), 'TOO_OLD', 'ended_at');

  // Attributes.
  const many = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v']));
  add('33 attributes', rec({ attributes: many }), 'ATTRIBUTES_TOO_LARGE', 'attributes');
  add(
    'attribute key of 65 chars',
    rec({ attributes: { ['k'.repeat(65)]: 'v' } }),
    'ATTRIBUTES_TOO_LARGE',
    `attributes.${'k'.repeat(64)}…`,
  );
  add(
    'attribute value of 1025 chars',
    rec({ attributes: { frame_range: '1'.repeat(1025) } }),
    'ATTRIBUTES_TOO_LARGE',
    'attributes.frame_range',
  );
  add(
    'attributes over 8 KiB (CJK)',
    rec({ attributes: { a: '渲'.repeat(1000), b: '染'.repeat(1000), c: '帧'.repeat(1000) } }),
    'ATTRIBUTES_TOO_LARGE',
    'attributes',
  );
  add('attribute key empty', rec({ attributes: { '': 'x' } }), 'BAD_ATTRIBUTE_KEY', 'attributes.');
  add(
    'attribute key with a tab',
    rec({ attributes: { 'pro\tject': 'x' } }),
    'BAD_ATTRIBUTE_KEY',
    'attributes.pro\tject',
  );

  // Text that is not UTF-8.
  add('tenant_id lone high surrogate', rec({ tenant_id: `${world.tenantId}\uD800` }), 'INVALID_UTF8', 'tenant_id');
  add('job_id lone low surrogate', rec({ job_id: '\uDC00job' }), 'INVALID_UTF8', 'job_id');
  add('event_id lone surrogate', rec({ event_id: `mal-${seq + 1}\uD83D` }), 'INVALID_UTF8', 'event_id');
  add('quantity lone surrogate', rec({ quantity: '28800\uDFFF' }), 'INVALID_UTF8', 'quantity');
  add(
    'attribute value lone surrogate',
    rec({ attributes: { model: 'qwen\uD800' } }),
    'INVALID_UTF8',
    'attributes.model',
  );
  add('attribute key lone surrogate', rec({ attributes: { ['\uDBFFkey']: 'x' } }), 'INVALID_UTF8', 'attributes');
  add(
    'attribute value with U+FFFD',
    rec({ attributes: { project: 'abc\uFFFD' } }),
    'INVALID_UTF8',
    'attributes.project',
  );

  // Several problems: the first in field order is the reason, all are listed.
  add('missing sku and negative quantity', rec({ sku: undefined, quantity: '-1' }), 'MISSING_FIELD', 'sku');
  return cases;
}
