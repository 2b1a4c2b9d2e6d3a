import { createPrismaClient, Prisma, type PrismaClient } from '@park/db';
import { testConfig, uniqueId } from '../support/test-config';

describe('PostgreSQL through Prisma (driver adapter, no native engine)', () => {
  const config = testConfig();
  let prisma: PrismaClient;

  beforeAll(() => {
    prisma = createPrismaClient(config.postgres);
  });
  afterAll(() => prisma.$disconnect());

  it('writes and reads a tenant, a cluster binding and an exact decimal', async () => {
    const tenantId = uniqueId('tenant-');
    const clusterId = uniqueId('cluster-');
    const skuCode = uniqueId('gpu.test-');
    await prisma.tenant.create({ data: { id: tenantId, name: '测试企业', flags: ['startup'] } });
    await prisma.cluster.create({ data: { id: clusterId, name: 'GPU 集群', bindings: { create: { tenantId } } } });
    await prisma.sku.create({
      data: {
        code: skuCode,
        name: 'Test GPU',
        resourceClass: 'ai',
        baseUnit: 'gpu_second',
        billingUnit: 'gpu_hour',
        unitsPerBillingUnit: new Prisma.Decimal('3600'),
      },
    });

    const tenant = await prisma.tenant.findUniqueOrThrow({ where: { id: tenantId }, include: { bindings: true } });
    expect(tenant.name).toBe('测试企业');
    expect(tenant.flags).toEqual(['startup']);
    expect(tenant.bindings).toEqual([expect.objectContaining({ clusterId, tenantId })]);
    const sku = await prisma.sku.findUniqueOrThrow({ where: { code: skuCode } });
    expect(sku.unitsPerBillingUnit.toFixed(6)).toBe('3600.000000');
  });

  it('runs interactive transactions with row locks', async () => {
    const tenantId = uniqueId('tenant-');
    await prisma.tenant.create({ data: { id: tenantId, name: 'lock' } });
    const name = await prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ name: string }[]>`SELECT name FROM tenants WHERE id = ${tenantId} FOR UPDATE`;
      await tx.tenant.update({ where: { id: tenantId }, data: { name: `${rows[0].name}ed` } });
      return (await tx.tenant.findUniqueOrThrow({ where: { id: tenantId } })).name;
    });
    expect(name).toBe('locked');
  });
});
