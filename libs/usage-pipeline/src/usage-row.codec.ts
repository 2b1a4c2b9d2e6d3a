import { dedupKey, floorToHour, MS_PER_HOUR, splitProRata, toMicros, type UsageRecord } from '@park/usage-domain';
import { tsvString, tsvStringMap, tsvUnescape } from './tab-separated';

/**
 * A validated usage record as one TabSeparated row of ClickHouse's `usage_records`: the columns below, in this
 * order (the sink adds `kafka_partition` and `kafka_offset` when it stores the row). The gateway writes records
 * into Kafka in this form, so the sink stores them without decoding and re-encoding each record (see
 * usage-message.codec.ts).
 */
export const USAGE_ROW_COLUMNS = [
  'cluster_id', 'event_id', 'tenant_id', 'job_id', 'job_type', 'sku', 'quantity', 'device_count', 'started_at', 'ended_at',
  'attributes', 'slice_hours', 'slice_quantities',
] as const;

const LITERAL_COLUMNS = new Set<string>(['attributes', 'slice_hours', 'slice_quantities']);
const FIELD = Object.fromEntries(USAGE_ROW_COLUMNS.map((c, i) => [c, i])) as Record<(typeof USAGE_ROW_COLUMNS)[number], number>;

/**
 * The TabSeparated row of a record (tab-separated.ts: the cheapest text for ClickHouse to parse). Instants go as
 * Unix seconds (`1764000000.123`; ClickHouse reads DateTime and DateTime64 from them), which cost a fraction of
 * formatting dates: the gateway encodes every record, a slice per hour it spans (five on average in the simulator).
 */
export function encodeUsageRow(r: UsageRecord): string {
  const [sliceHours, sliceQuantities] = hourSlices(r);
  return `${tsvString(r.clusterId)}\t${tsvString(r.eventId)}\t${tsvString(r.tenantId)}\t${tsvString(r.jobId)}\t${tsvString(r.jobType)}\t${tsvString(r.sku)}\t${r.quantity}\t${r.deviceCount}\t${unixSeconds(r.startedAt)}\t${unixSeconds(r.endedAt)}\t${tsvStringMap(r.attributes)}\t${sliceHours}\t${sliceQuantities}`;
}

/**
 * `slice_hours` and `slice_quantities`: the record cut at UTC hours, pro rata by time and exactly (the parts sum to
 * the quantity). The same cut as usage-domain's sliceByHour, written straight into the two array literals.
 */
function hourSlices(r: UsageRecord): [string, string] {
  const firstHour = floorToHour(r.startedAt);
  if (r.endedAt <= firstHour + MS_PER_HOUR) return [`[${firstHour / 1000}]`, `[${r.quantity}]`];
  const weights: number[] = [];
  let hours = '';
  for (let hour = firstHour; hour < r.endedAt; hour += MS_PER_HOUR) {
    weights.push(Math.min(hour + MS_PER_HOUR, r.endedAt) - Math.max(hour, r.startedAt));
    hours += `${hours === '' ? '' : ','}${hour / 1000}`;
  }
  return [`[${hours}]`, `[${splitProRata(r.quantity, weights).join(',')}]`];
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

/** A row as the sink handles it: its identity, read once, and its text, stored as it came. */
export class UsageRow {
  readonly clusterId: string;
  readonly eventId: string;
  /** `${clusterId}\0${eventId}` (usage-domain's dedupKey). */
  readonly key: string;

  constructor(readonly line: string) {
    const first = line.indexOf('\t');
    const second = line.indexOf('\t', first + 1);
    let fields = first < 0 ? 1 : second < 0 ? 2 : 3;
    for (let at = second; fields < USAGE_ROW_COLUMNS.length + 1 && (at = line.indexOf('\t', at + 1)) >= 0; ) fields += 1;
    if (fields !== USAGE_ROW_COLUMNS.length) throw new RangeError(`not a usage row: ${fields} fields, ${USAGE_ROW_COLUMNS.length} expected`);
    this.clusterId = tsvUnescape(line.slice(0, first));
    this.eventId = tsvUnescape(line.slice(first + 1, second));
    this.key = dedupKey(this);
  }

  static of(record: UsageRecord): UsageRow {
    return new UsageRow(encodeUsageRow(record));
  }

  /** Parsed only when a copy of the row's key turns up: rare, so not done for every row. */
  counted(): CountedFields {
    const f = this.line.split('\t');
    return {
      tenantId: tsvUnescape(f[FIELD.tenant_id]), sku: tsvUnescape(f[FIELD.sku]), quantity: f[FIELD.quantity],
      startedAt: parseUnixSeconds(f[FIELD.started_at]), endedAt: parseUnixSeconds(f[FIELD.ended_at]),
    };
  }

  /** The row as an object, for a rejection's payload (bounded by the caller); maps and arrays as their literals. */
  describe(): Record<string, string> {
    const f = this.line.split('\t');
    return Object.fromEntries(USAGE_ROW_COLUMNS.map((c, i) => [c, LITERAL_COLUMNS.has(c) ? f[i] : tsvUnescape(f[i])]));
  }
}

export function sameCounted(a: CountedFields, b: CountedFields): boolean {
  return a.tenantId === b.tenantId && a.sku === b.sku && a.startedAt === b.startedAt && a.endedAt === b.endedAt && toMicros(a.quantity) === toMicros(b.quantity);
}

/** `1764000000.123` (unixSeconds) → epoch ms. */
function parseUnixSeconds(text: string): number {
  const m = /^(\d+)\.(\d{3})$/.exec(text);
  if (!m) throw new RangeError(`not Unix seconds with milliseconds: ${text}`);
  return Number(m[1]) * 1000 + Number(m[2]);
}
