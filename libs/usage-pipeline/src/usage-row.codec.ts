import { dedupKey, hourlyQuantities, toMicros, type UsageRecord } from '@park/usage-domain';
import { tsvString, tsvStringMap, tsvUnescape } from './tab-separated';

/**
 * A validated usage record as one TabSeparated row of ClickHouse's `usage_records`: the columns below, in this
 * order (the sink adds `kafka_partition` and `kafka_offset` when it stores the row; ClickHouse computes
 * `slice_hours` from `started_at` and the number of slices, see migration 0004). The gateway writes records
 * into Kafka in this form, so the sink stores them without decoding and re-encoding each record (see
 * usage-message.codec.ts).
 */
export const USAGE_ROW_COLUMNS = [
  'cluster_id',
  'event_id',
  'tenant_id',
  'job_id',
  'job_type',
  'sku',
  'quantity',
  'device_count',
  'started_at',
  'ended_at',
  'attributes',
  'slice_quantities',
] as const;

const LITERAL_COLUMNS = new Set<string>(['attributes', 'slice_quantities']);
const FIELD = Object.fromEntries(USAGE_ROW_COLUMNS.map((c, i) => [c, i])) as Record<
  (typeof USAGE_ROW_COLUMNS)[number],
  number
>;

/**
 * The TabSeparated row of a record (tab-separated.ts: the cheapest text for ClickHouse to parse). Instants go as
 * Unix seconds (`1764000000.123`; ClickHouse reads DateTime64 from them), which cost a fraction of formatting dates.
 */
export function encodeUsageRow(r: UsageRecord): string {
  // one template, no array join: this runs once per record on the gateway's hot path
  return (
    `${tsvString(r.clusterId)}\t${tsvString(r.eventId)}\t${tsvString(r.tenantId)}\t${tsvString(r.jobId)}\t` +
    `${tsvString(r.jobType)}\t${tsvString(r.sku)}\t${r.quantity}\t${r.deviceCount}\t` +
    `${unixSeconds(r.startedAt)}\t${unixSeconds(r.endedAt)}\t${tsvStringMap(r.attributes)}\t` +
    `[${hourlyQuantities(r).join(',')}]`
  );
}

/** Epoch ms → `seconds.mmm`. */
function unixSeconds(epochMs: number): string {
  const ms = epochMs % 1000;
  return `${(epochMs - ms) / 1000}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}`;
}

/** The fields that decide what is billed: equal fields mean a copy of the same record. */
export interface CountedFields {
  tenantId: string;
  sku: string;
  /** Exact decimal text. */
  quantity: string;
  startedAt: number;
  endedAt: number;
}

const TAB = 0x09;

/**
 * A row as the sink handles it: its identity, read once, and its bytes, stored as they came. The bytes stay where
 * Kafka delivered them (a view into the fetched message) and are copied once, into the INSERT: turning every
 * message into JS strings and joining them again cost the sink more in garbage collection than in decoding.
 */
export class UsageRow {
  readonly clusterId: string;
  readonly eventId: string;
  /** `${clusterId}\0${eventId}` (usage-domain's dedupKey). */
  readonly key: string;

  /** The row in bytes[start, end), without its line end. Throws if it does not have the row's columns. */
  constructor(
    private readonly bytes: Buffer,
    private readonly start: number,
    private readonly end: number,
  ) {
    let fields = 1;
    let firstTab = -1;
    let secondTab = -1;
    for (let i = start; i < end; i++) {
      if (bytes[i] !== TAB) continue;
      fields += 1;
      if (firstTab < 0) firstTab = i;
      else if (secondTab < 0) secondTab = i;
    }
    if (fields !== USAGE_ROW_COLUMNS.length)
      throw new RangeError(`not a usage row: ${fields} fields, ${USAGE_ROW_COLUMNS.length} expected`);
    this.clusterId = tsvUnescape(bytes.toString('utf8', start, firstTab));
    this.eventId = tsvUnescape(bytes.toString('utf8', firstTab + 1, secondTab));
    this.key = dedupKey(this);
  }

  static of(record: UsageRecord): UsageRow {
    const bytes = Buffer.from(encodeUsageRow(record));
    return new UsageRow(bytes, 0, bytes.length);
  }

  get byteLength(): number {
    return this.end - this.start;
  }

  /** The row's text (tests, rejections). */
  get line(): string {
    return this.bytes.toString('utf8', this.start, this.end);
  }

  /** Copies the row's bytes into `target` at `offset`; returns the offset past them. */
  copyTo(target: Buffer, offset: number): number {
    return offset + this.bytes.copy(target, offset, this.start, this.end);
  }

  sameBytes(other: UsageRow): boolean {
    return (
      this.byteLength === other.byteLength &&
      this.bytes.compare(other.bytes, other.start, other.end, this.start, this.end) === 0
    );
  }

  /** Parsed only when a copy of the row's key turns up: rare, so not done for every row. */
  counted(): CountedFields {
    const f = this.line.split('\t');
    return {
      tenantId: tsvUnescape(f[FIELD.tenant_id]),
      sku: tsvUnescape(f[FIELD.sku]),
      quantity: f[FIELD.quantity],
      startedAt: parseUnixSeconds(f[FIELD.started_at]),
      endedAt: parseUnixSeconds(f[FIELD.ended_at]),
    };
  }

  /** The row as an object, for a rejection's payload (bounded by the caller); maps and arrays as their literals. */
  describe(): Record<string, string> {
    const f = this.line.split('\t');
    return Object.fromEntries(USAGE_ROW_COLUMNS.map((c, i) => [c, LITERAL_COLUMNS.has(c) ? f[i] : tsvUnescape(f[i])]));
  }
}

export function sameCounted(a: CountedFields, b: CountedFields): boolean {
  return (
    a.tenantId === b.tenantId &&
    a.sku === b.sku &&
    a.startedAt === b.startedAt &&
    a.endedAt === b.endedAt &&
    toMicros(a.quantity) === toMicros(b.quantity)
  );
}

/** `1764000000.123` (unixSeconds) → epoch ms. */
function parseUnixSeconds(text: string): number {
  const m = /^(\d+)\.(\d{3})$/.exec(text);
  if (!m) throw new RangeError(`not Unix seconds with milliseconds: ${text}`);
  return Number(m[1]) * 1000 + Number(m[2]);
}
