import { DomainError } from '@park/billing-domain';
import { Decimal } from '@park/money';
import { BilledUsageMissing } from '../errors/billed-usage-missing.error';
import { BillingError } from '../errors/billing.errors';
import { compareWithBilled, type MissingUsage, type PeriodSkuQuantity } from './billed-usage.comparison';

const H100 = 'gpu.h100-80g';
const row = (periodId: string, quantityBase: string, sku = H100, jobType = 'training'): PeriodSkuQuantity => ({
  periodId,
  sku,
  jobType,
  quantityBase,
});
const plain = (missing: readonly MissingUsage[]) =>
  missing.map((m) => ({ ...m, billed: m.billed.toFixed(), found: m.found.toFixed() }));

describe('compareWithBilled: what the usage store holds for closed periods against what was billed', () => {
  const closed = ['2026-08', '2026-09'];

  it('finds nothing when the store holds exactly what was billed', () => {
    const billed = [row('2026-08', '36000.000000'), row('2026-09', '7200')];
    expect(compareWithBilled({ closed, found: [row('2026-08', '36000'), row('2026-09', '7200')], billed })).toEqual({
      late: [],
      missing: [],
    });
  });

  it('reports more than billed as late usage of its period (billed as an adjustment)', () => {
    const found = [row('2026-08', '36000'), row('2026-09', '10800'), row('2026-09', '3600', 'render.node', 'render')];
    const billed = [row('2026-08', '36000'), row('2026-09', '7200')];
    expect(compareWithBilled({ closed, found, billed })).toEqual({ late: ['2026-09'], missing: [] });
  });

  it('reports less than billed as missing, by period × SKU × job type, with both quantities', () => {
    // the store lost August entirely and a part of September's render usage; September's GPU usage grew
    const found = [row('2026-09', '10800'), row('2026-09', '1800.5', 'render.node', 'render')];
    const billed = [
      row('2026-08', '36000'),
      row('2026-08', '3600', H100, 'inference'),
      row('2026-09', '7200'),
      row('2026-09', '3600', 'render.node', 'render'),
    ];
    const { late, missing } = compareWithBilled({ closed, found, billed });
    expect(late).toEqual(['2026-09']);
    expect(plain(missing)).toEqual([
      { periodId: '2026-08', sku: H100, jobType: 'inference', billed: '3600', found: '0' },
      { periodId: '2026-08', sku: H100, jobType: 'training', billed: '36000', found: '0' },
      { periodId: '2026-09', sku: 'render.node', jobType: 'render', billed: '3600', found: '1800.5' },
    ]);
  });

  it('sums billed rows of one key (originals and adjustments) and counts a millionth short as missing', () => {
    const billed = [row('2026-08', '3600'), row('2026-08', '0.000001'), row('2026-08', '-1')];
    expect(compareWithBilled({ closed, found: [row('2026-08', '3599.000001')], billed })).toEqual({
      late: [],
      missing: [],
    });
    expect(plain(compareWithBilled({ closed, found: [row('2026-08', '3599')], billed }).missing)).toEqual([
      { periodId: '2026-08', sku: H100, jobType: 'training', billed: '3599.000001', found: '3599' },
    ]);
  });

  it('ignores found usage of periods that are not closed', () => {
    const found = [row('2026-10', '3600'), row('2026-08', '3600')];
    expect(compareWithBilled({ closed, found, billed: [row('2026-08', '3600')] })).toEqual({ late: [], missing: [] });
  });
});

describe('BilledUsageMissing', () => {
  const lost = (periodId: string, sku: string, billed: string, found = '0'): MissingUsage => ({
    periodId,
    sku,
    jobType: 'training',
    billed: new Decimal(billed),
    found: new Decimal(found),
  });

  it('is a billing DomainError naming the tenant, each row, what it means and what to do', () => {
    const error = new BilledUsageMissing('t-lost', [lost('2026-09', H100, '36000'), lost('2026-09', 'cpu.core', '90')]);
    expect(error).toBeInstanceOf(BillingError);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('BILLED_USAGE_MISSING');
    expect(error.message).toContain('tenant t-lost: the usage store (ClickHouse) holds less usage than was billed');
    expect(error.message).toContain('(2026-09), in 2 period × SKU × job type rows (base units)');
    expect(error.message).toContain('2026-09 gpu.h100-80g training: billed 36000, found 0');
    expect(error.message).toContain('2026-09 cpu.core training: billed 90, found 0');
    expect(error.message).toMatch(/lost data or this service reads another store/);
    expect(error.message).toMatch(/CLICKHOUSE_URL \/ CLICKHOUSE_DATABASE/);
    expect(error.message).toMatch(/Nothing was issued and nothing was credited\.$/);
    expect(error.issues).toEqual([
      { path: '2026-09/gpu.h100-80g/training', message: 'billed 36000, found 0 base units' },
      { path: '2026-09/cpu.core/training', message: 'billed 90, found 0 base units' },
    ]);
  });

  it('stays readable for a big loss: ten rows named, the rest counted, totals per SKU', () => {
    const periods = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
    const skus = Array.from({ length: 12 }, (_, i) => `gpu.sku-${String(i).padStart(2, '0')}`);
    const missing = periods.flatMap((p) => skus.map((s) => lost(p, s, '3600', '600')));
    const error = new BilledUsageMissing('t-big', missing);
    expect(error.message).toContain(`(${periods.join(', ')}), in 144 period × SKU × job type rows`);
    expect(error.message).toContain('2026-01 gpu.sku-09 training: billed 3600, found 600; and 134 more.');
    expect(error.message).not.toContain('2026-01 gpu.sku-10 training');
    expect(error.message).toContain('In total: gpu.sku-00 billed 43200, found 7200;');
    expect(error.message).toContain('gpu.sku-09 billed 43200, found 7200; and 2 more SKUs.');
    expect(error.message.length).toBeLessThan(2000);
    expect(error.issues).toHaveLength(100);
  });
});
