import { randomUUID } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { periodBounds, type PeriodId } from '@park/billing-domain';
import { Prisma, type PrismaClient } from '@park/db';

/** 20 SKUs: 12 AI (half domestic chips), 3 render, 2 general, 1 HPC, 1 storage, 1 network. */
export const BENCH_SKUS = Array.from({ length: 20 }, (_, i) => {
  const n = String(i + 1).padStart(2, '0');
  const resourceClass =
    i < 12 ? 'ai' : i < 15 ? 'render' : i < 17 ? 'general' : i === 17 ? 'hpc' : i === 18 ? 'storage' : 'network';
  return {
    code: `bench.sku-${n}`,
    resourceClass,
    domesticChip: i < 12 && i % 2 === 1,
    chipFamily: i < 12 ? (i % 2 === 1 ? 'ascend' : 'nvidia-hopper') : null,
    jobType: i < 12 ? (i % 3 === 0 ? 'training' : 'inference') : i < 15 ? 'render' : 'other',
    price: (2 + i * 0.75).toFixed(2),
  };
});

export const BENCH_PROGRAMMES = {
  voucher: 'bench-voucher',
  renderCity: 'bench-render-city',
  renderDistrict: 'bench-render-district',
};

/** Tenants, grants (ledger postings included) in bulk; catalogue and programmes through plain inserts. */
export async function seedBenchPark(
  prisma: PrismaClient,
  input: { parkId: string; tenants: number; period: PeriodId },
): Promise<string[]> {
  const year = Number(input.period.slice(0, 4));
  await prisma.park.upsert({
    where: { id: input.parkId },
    create: { id: input.parkId, name: `bench ${input.parkId}` },
    update: {},
  });
  for (const s of BENCH_SKUS) {
    await prisma.sku.create({
      data: {
        code: s.code,
        name: s.code,
        resourceClass: s.resourceClass as never,
        chipFamily: s.chipFamily,
        domesticChip: s.domesticChip,
        baseUnit: 'gpu_second',
        billingUnit: 'unit_hour',
        unitsPerBillingUnit: '3600',
      },
    });
  }
  await prisma.priceBook.create({ data: { id: 'bench-book', name: 'bench', isDefault: true } });
  await prisma.priceBookVersion.create({
    data: { priceBookId: 'bench-book', version: 1, effectiveFrom: new Date(Date.UTC(year - 1, 0, 1)) },
  });
  await prisma.priceEntry.createMany({
    data: BENCH_SKUS.map((s) => ({
      priceBookId: 'bench-book',
      version: 1,
      sku: s.code,
      model: 'per_unit',
      unitPrice: s.price,
    })),
  });
  await prisma.bureau.create({ data: { id: 'bench-bureau', name: '基准测试大数据局', level: 'province' } });
  await prisma.stackingGroup.create({ data: { id: 'bench-render', ceiling: '1' } });
  const window = { from: `${year}-01-01`, to: `${year}-12-31` };
  await prisma.programme.createMany({
    data: [
      {
        id: BENCH_PROGRAMMES.voucher,
        bureauId: 'bench-bureau',
        name: '算力券 (bench)',
        rules: {
          ratio: {
            tiers: [
              { label: 'domestic', when: { resourceClasses: ['ai'], domesticChip: true }, ratio: '0.3' },
              { label: 'ai', when: { resourceClasses: ['ai'] }, ratio: '0.2' },
            ],
            fallback: null,
          },
          eligibility: { resourceClasses: ['ai'] },
          caps: { perTenantPerYear: '20000.00' },
          pool: { yearlyBudget: '25000000.00' },
          window,
        },
      },
      {
        id: BENCH_PROGRAMMES.renderCity,
        bureauId: 'bench-bureau',
        name: '渲染市级 (bench)',
        rules: { ratio: '0.6', eligibility: { resourceClasses: ['render'] }, stackingGroup: 'bench-render', window },
      },
      {
        id: BENCH_PROGRAMMES.renderDistrict,
        bureauId: 'bench-bureau',
        name: '渲染区级 (bench)',
        rules: {
          ratio: '0.5',
          eligibility: { resourceClasses: ['render'] },
          stackingGroup: 'bench-render',
          window,
          rounding: 'TRUNCATE_YUAN',
        },
      },
    ],
  });
  await prisma.ledgerAccount.createMany({
    data: Object.values(BENCH_PROGRAMMES).flatMap((p) => [
      { id: `programme:${p}:issued`, kind: 'programme_issued', programmeId: p },
      { id: `programme:${p}:redeemed`, kind: 'programme_redeemed', programmeId: p },
    ]),
  });

  const ids = Array.from({ length: input.tenants }, (_, i) => `bt-${String(i).padStart(5, '0')}`);
  for (let i = 0; i < ids.length; i += 2_000) {
    const chunk = ids.slice(i, i + 2_000);
    await prisma.tenant.createMany({ data: chunk.map((id) => ({ id, name: `bench ${id}`, parkId: input.parkId })) });
    const grants = chunk.flatMap((tenantId, k) => [
      { id: `${tenantId}-v`, programmeId: BENCH_PROGRAMMES.voucher, tenantId, faceValue: '50000.00' },
      ...((i + k) % 4 === 0
        ? [
            { id: `${tenantId}-rc`, programmeId: BENCH_PROGRAMMES.renderCity, tenantId, faceValue: '30000.00' },
            { id: `${tenantId}-rd`, programmeId: BENCH_PROGRAMMES.renderDistrict, tenantId, faceValue: '30000.00' },
          ]
        : []),
    ]);
    await prisma.grant.createMany({ data: grants.map((g) => ({ ...g, validFrom: window.from, validTo: window.to })) });
    await prisma.ledgerAccount.createMany({
      data: grants.map((g) => ({
        id: `grant:${g.id}`,
        kind: 'grant',
        programmeId: g.programmeId,
        tenantId: g.tenantId,
        grantId: g.id,
      })),
    });
    const txns = grants.map((g) => ({
      id: randomUUID(),
      kind: 'grant_issue',
      idempotencyKey: `grant_issue:${g.id}`,
      tenantId: g.tenantId,
    }));
    await prisma.ledgerTransaction.createMany({ data: txns });
    await prisma.ledgerPosting.createMany({
      data: grants.flatMap((g, k) => [
        {
          transactionId: txns[k].id,
          accountId: `grant:${g.id}`,
          amount: new Prisma.Decimal(g.faceValue),
          programmeId: g.programmeId,
          tenantId: g.tenantId,
        },
        {
          transactionId: txns[k].id,
          accountId: `programme:${g.programmeId}:issued`,
          amount: new Prisma.Decimal(g.faceValue).negated(),
          programmeId: g.programmeId,
          tenantId: g.tenantId,
        },
      ]),
    });
  }
  return ids;
}

/** Rollup rows straight into usage_hourly: every tenant × 20 SKUs, one row per SKU every 3 days of the period. */
export async function loadBenchUsage(
  client: ClickHouseClient,
  database: string,
  input: { tenants: number; period: PeriodId },
): Promise<number> {
  const start = Math.floor(periodBounds(input.period).start.getTime() / 1000);
  const skus = `[${BENCH_SKUS.map((s) => `'${s.code}'`).join(',')}]`;
  const jobs = `[${BENCH_SKUS.map((s) => `'${s.jobType}'`).join(',')}]`;
  const slots = 10;
  const rows = input.tenants * BENCH_SKUS.length * slots;
  await client.command({
    query: `INSERT INTO ${database}.usage_hourly (tenant_id, hour, sku, job_type, cluster_id, quantity, records)
            SELECT concat('bt-', leftPad(toString(intDiv(number, ${BENCH_SKUS.length * slots})), 5, '0')) AS tenant_id,
                   toDateTime(${start} + (number % ${slots}) * 3 * 86400 + 3600 * (number % 7), 'UTC') AS hour,
                   ${skus}[intDiv(number, ${slots}) % ${BENCH_SKUS.length} + 1] AS sku,
                   ${jobs}[intDiv(number, ${slots}) % ${BENCH_SKUS.length} + 1] AS job_type,
                   'bench-cluster' AS cluster_id,
                   toDecimal128((number % 37 + 1) * 3600, 6) AS quantity,
                   1 AS records
            FROM numbers(${rows})`,
  });
  return rows;
}
