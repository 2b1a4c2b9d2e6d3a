import type { UsageRecord } from '@park/usage-domain';
import { decodeUsageMessage, encodeUsageMessage, UndecodableMessageError } from './usage-message.codec';
import { UsageRow } from './usage-row.codec';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 1, 15, 30);

function record(i: number, overrides: Partial<UsageRecord> = {}): UsageRecord {
  return {
    eventId: `ev-${i}`,
    clusterId: 'cluster-a',
    tenantId: 'tenant-1',
    jobId: `job\t${i}`,
    jobType: 'render',
    sku: 'render.frame-4k',
    quantity: '7200.5',
    deviceCount: 2,
    startedAt: T0,
    endedAt: T0 + 2 * HOUR + 17,
    attributes: { project: '多模态客服', "it's": 'a\nb' },
    ...overrides,
  };
}

describe('usage.records.v1 message values', () => {
  it('carries each record as the row ClickHouse stores, with its identity and billed fields readable back', () => {
    const records = [record(1), record(2, { quantity: '3', startedAt: T0, endedAt: T0 })];
    const message = decodeUsageMessage(
      encodeUsageMessage({ records, receivedAt: 1_764_000_000_000, requestId: 'req-1' }),
    );
    expect(message).toMatchObject({ receivedAt: 1_764_000_000_000, requestId: 'req-1' });
    expect(message.rows.map((r) => r.line)).toEqual(records.map((r) => UsageRow.of(r).line));
    expect(message.rows.map((r) => [r.clusterId, r.eventId])).toEqual([
      ['cluster-a', 'ev-1'],
      ['cluster-a', 'ev-2'],
    ]);
    expect(message.rows[0].counted()).toEqual({
      tenantId: 'tenant-1',
      sku: 'render.frame-4k',
      quantity: '7200.5',
      startedAt: T0,
      endedAt: T0 + 2 * HOUR + 17,
    });
    expect(message.rows[0].describe()).toMatchObject({
      job_id: 'job\t1',
      attributes: "{'project':'多模态客服','it\\'s':'a\\nb'}",
    });
  });

  it('still reads version 1 values (JSON records) into the same rows', () => {
    const records = [record(1), record(2)];
    const v1 = Buffer.from(JSON.stringify({ v: 1, records, receivedAt: 5, requestId: 'old' }));
    const v2 = encodeUsageMessage({ records, receivedAt: 5, requestId: 'old' });
    const lines = (value: Buffer) => {
      const { rows, ...header } = decodeUsageMessage(value);
      return { ...header, rows: rows.map((r) => r.line) };
    };
    expect(lines(v1)).toEqual(lines(v2));
  });

  it('refuses a truncated value, a malformed row and anything else, naming what is wrong', () => {
    const value = encodeUsageMessage({ records: [record(1), record(2)], receivedAt: 5, requestId: 'r' }).toString(
      'utf8',
    );
    const refused = (text: string | null) => () => decodeUsageMessage(text === null ? null : Buffer.from(text));
    expect(refused(value.slice(0, value.lastIndexOf('\n')))).toThrow(
      new UndecodableMessageError('message has 1 rows, its header says 2'),
    );
    expect(refused(value.replace(/\t[^\t]*$/, ''))).toThrow(/malformed row: not a usage row: 11 fields, 12 expected/);
    expect(refused('{"v":1,"records":[{"eventId":1}]}')).toThrow(/not a usage.records.v1 batch/);
    expect(refused('garbage')).toThrow(/does not start with a JSON header/);
    expect(refused(null)).toThrow(/empty message value/);
  });
});
