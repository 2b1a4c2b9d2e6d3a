import type { INestApplication } from '@nestjs/common';
import { BillingContextLoader, ProgrammeService } from '@park/billing';
import type { AppConfig } from '@park/config';
import { createLogger } from '@park/logging';
import { createApp } from '@park/platform';
import { BillingApiModule } from '../../apps/billing-api/src/billing-api.module';
import { PeriodCloseWorkerModule } from '../../apps/reconciliation-worker/src/period-close-worker.module';
import { testConfig } from '../support/test-config';
import { BillingWorld } from './billing-park.fixture';

function boot(config: AppConfig, feature: 'api' | 'worker'): Promise<INestApplication> {
  const features = feature === 'api' ? [BillingApiModule] : [PeriodCloseWorkerModule];
  return createApp(config, createLogger({ app: 'test', level: 'silent' }), {
    app: `rules-freshness-${feature}`,
    dependencies: ['postgres', 'redis', 'clickhouse'],
    features,
    prepare: { clickhouseMigrations: true },
  }).then(async (app) => (await app.init(), app));
}

/**
 * The close worker caches the park's rules; a programme (or a programme's rules version) committed by another
 * process an instant before the close must be billed by it. Two apps, as in production: the API (where the
 * operator registers the programme) and the close worker, whose rules cache is warm when the programme appears.
 */
describe('the close bills with rules committed in another process just before it (park_rules_version)', () => {
  let api: INestApplication;
  let worker: INestApplication;
  let world: BillingWorld;

  beforeAll(async () => {
    const config = testConfig();
    api = await boot(config, 'api');
    worker = await boot(config, 'worker');
    world = await new BillingWorld(api).setUp();
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  const warm = (periodId: string) => worker.get(BillingContextLoader, { strict: false }).rules(periodId);

  it('applies a programme and its grant created after the worker cached the rules', async () => {
    const tenantId = await world.tenant('fresh');
    await world.usage({ tenantId, start: '2026-09-10T00:00:00Z', hours: 10 }); // 100.00
    const before = await warm('2026-09');
    const programmeId = await world.programme({ ratio: '0.3' }, 'fresh-programme');
    await world.grant(tenantId, programmeId, '1000.00');
    expect(before.programmes.some((p) => p.id === programmeId)).toBe(false); // the cache was warm without it

    await world.close.startClose({ parkId: world.parkId, periodId: '2026-09' });
    await world.close.waitUntilClosed(world.parkId, '2026-09', 60_000);
    const statement = await world.prisma.statement.findUniqueOrThrow({
      where: { tenantId_periodId: { tenantId, periodId: '2026-09' } },
      include: { deductionRows: true },
    });
    expect(statement.gross.toFixed(2)).toBe('100.00');
    expect(statement.deductionRows.map((d) => [d.programmeId, d.amount.toFixed(2)])).toEqual([[programmeId, '30.00']]);
    expect(statement.netPayable.toFixed(2)).toBe('70.00');
  });

  it('applies a programme rules version added after the worker cached the rules', async () => {
    const tenantId = await world.tenant('versioned');
    const programmeId = await world.programme({ ratio: '0.3' }, 'versioned-programme');
    await world.grant(tenantId, programmeId, '1000.00');
    await world.usage({ tenantId, start: '2026-10-10T00:00:00Z', hours: 10 }); // 100.00
    const before = await warm('2026-10');
    expect(before.programmes.some((p) => p.id === programmeId)).toBe(true);
    await api
      .get(ProgrammeService)
      .addRulesVersion(programmeId, { effectiveFrom: '2026-10-01', rules: { ratio: '0.5' } });

    await world.close.startClose({ parkId: world.parkId, periodId: '2026-10' });
    await world.close.waitUntilClosed(world.parkId, '2026-10', 60_000);
    const statement = await world.prisma.statement.findUniqueOrThrow({
      where: { tenantId_periodId: { tenantId, periodId: '2026-10' } },
      include: { deductionRows: true },
    });
    expect(statement.deductionRows.map((d) => d.amount.toFixed(2))).toEqual(['50.00']);
  });

  it('bumps the version in the transaction of each change to a table the rules are loaded from', async () => {
    const version = async () => (await world.prisma.parkRulesVersion.findUniqueOrThrow({ where: { id: 1 } })).version;
    const start = await version();
    await world.prisma.$transaction(async (tx) => {
      await tx.stackingGroup.create({ data: { id: `${world.parkId}-group`, ceiling: '1' } });
      // not visible to others before the commit: a reader that sees the old version reloads after it
      expect((await world.prisma.parkRulesVersion.findUniqueOrThrow({ where: { id: 1 } })).version).toBe(start);
    });
    expect(await version()).toBeGreaterThan(start);
    const afterGroup = await version();
    await world.contract(await world.tenant('contracted'));
    expect(await version()).toBeGreaterThan(afterGroup);
  });
});
