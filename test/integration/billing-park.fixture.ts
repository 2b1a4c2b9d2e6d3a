import type { INestApplication } from '@nestjs/common';
import {
  CatalogueService,
  ContractService,
  GrantService,
  ParkService,
  PeriodCloseService,
  ProgrammeService,
  StatementService,
  TenantService,
  type ProgrammeRules,
} from '@park/billing';
import { ClickHouseService } from '@park/clickhouse';
import { PrismaService } from '@park/db';
import { createLogger } from '@park/logging';
import { seedCatalogue } from '@park/park-seed';
import { createApp } from '@park/platform';
import { UsageRecordsRepository } from '@park/usage-pipeline';
import type { JobType } from '@park/usage-domain';
import { BillingApiModule } from '../../apps/billing-api/src/billing-api.module';
import { PeriodCloseWorkerModule } from '../../apps/reconciliation-worker/src/period-close-worker.module';
import { testConfig, uniqueId } from '../support/test-config';

const HOUR = 3_600_000;

/** The billing API and the period-close worker against park_test, a ClickHouse database and queue prefix of its own. */
export async function billingApp(options: { closeWorker?: boolean } = {}): Promise<INestApplication> {
  const app = await createApp(testConfig(), createLogger({ app: 'test', level: 'silent' }), {
    app: 'billing-test',
    dependencies: ['postgres', 'redis', 'clickhouse'],
    // without the close worker, a test runs its own (e.g. at another concurrency)
    features: options.closeWorker === false ? [BillingApiModule] : [BillingApiModule, PeriodCloseWorkerModule],
    prepare: { clickhouseMigrations: true },
  });
  await app.init();
  return app;
}

/**
 * The usual set-up of a billing integration test: registers beforeAll/afterAll that start a billing app and a park
 * of its own, and close the app. Read `.app` and `.world` inside the tests.
 */
export function useBillingWorld(): { readonly app: INestApplication; readonly world: BillingWorld } {
  const park = {} as { app: INestApplication; world: BillingWorld };
  beforeAll(async () => {
    park.app = await billingApp();
    park.world = await new BillingWorld(park.app).setUp();
  });
  afterAll(async () => {
    await park.app?.close();
  });
  return park;
}

/** A small park of its own: unique park id, price book, bureau; tenants, programmes, grants and usage by builders. */
export class BillingWorld {
  readonly priceBookId: string;
  readonly bureauId: string;
  private offset = 0;

  /** `parkId`: a test that must name its park before the app starts (e.g. in the schedules' configuration). */
  constructor(
    readonly app: INestApplication,
    readonly parkId = uniqueId('park'),
  ) {
    this.priceBookId = `${parkId}-book`;
    this.bureauId = `${parkId}-bureau`;
  }

  get prisma() {
    return this.app.get(PrismaService).client;
  }
  get statements() {
    return this.app.get(StatementService);
  }
  get close() {
    return this.app.get(PeriodCloseService);
  }
  get grants() {
    return this.app.get(GrantService);
  }

  /** H100 at 10.00 / GPU-hour, Ascend 910B at 6.00, render node at 4.00, from 2026-01-01. */
  async setUp(): Promise<this> {
    await this.app.get(ParkService).create({ id: this.parkId, name: `test park ${this.parkId}` });
    await seedCatalogue(this.prisma);
    await this.app.get(CatalogueService).createPriceBook({
      id: this.priceBookId,
      name: 'test book',
      versions: [
        {
          version: 1,
          effectiveFrom: '2026-01-01T00:00:00Z',
          prices: {
            'gpu.h100-80g': { kind: 'per_unit', unitPrice: '10.00' },
            'gpu.ascend-910b': { kind: 'per_unit', unitPrice: '6.00' },
            'render.node': { kind: 'per_unit', unitPrice: '4.00' },
          },
        },
      ],
    });
    await this.app
      .get(ProgrammeService)
      .createBureau({ id: this.bureauId, name: '测试大数据局', level: 'province', regionCode: '52' });
    return this;
  }

  async tenant(name = 'tenant'): Promise<string> {
    const id = uniqueId(`${name}-`);
    await this.app
      .get(TenantService)
      .create({ id, name: `${name} 测试企业`, parkId: this.parkId, priceBookId: this.priceBookId, provinceCode: '52' });
    return id;
  }

  async programme(rules: ProgrammeRules, name = 'programme'): Promise<string> {
    const id = uniqueId(`${name}-`);
    await this.app.get(ProgrammeService).create({ id, bureauId: this.bureauId, name, rules });
    return id;
  }

  /** A contract of the tenant (no own prices), by default the year 2027: after the months tests bill. */
  async contract(tenantId: string, effectiveFrom = '2027-01-01T00:00:00Z', effectiveTo = '2028-01-01T00:00:00Z') {
    const id = uniqueId('ct-');
    await this.app
      .get(ContractService)
      .create(tenantId, { id, number: `HT-${id}`, signedOn: '2026-12-01', effectiveFrom, effectiveTo });
    return id;
  }

  async grant(
    tenantId: string,
    programmeId: string,
    faceValue: string,
    validity = { validFrom: '2026-01-01', validTo: '2026-12-31' },
  ): Promise<string> {
    const id = uniqueId('g-');
    await this.grants.issue(tenantId, { id, programmeId, faceValue, ...validity });
    return id;
  }

  /** One record of `hours` GPU-hours (deviceCount devices) starting at an instant, straight into ClickHouse. */
  async usage(input: {
    tenantId: string;
    sku?: string;
    jobType?: JobType;
    start: string;
    hours: number;
    deviceCount?: number;
  }): Promise<void> {
    const ch = this.app.get(ClickHouseService);
    const devices = input.deviceCount ?? 1;
    const startedAt = Date.parse(input.start);
    const endedAt = startedAt + (input.hours * HOUR) / devices;
    const eventId = uniqueId('ev');
    await new UsageRecordsRepository(ch, ch.database).insertRecords([
      {
        record: {
          eventId,
          clusterId: `${this.parkId}-gpu`,
          tenantId: input.tenantId,
          jobId: eventId,
          jobType: input.jobType ?? 'training',
          sku: input.sku ?? 'gpu.h100-80g',
          quantity: String(input.hours * 3600),
          deviceCount: devices,
          startedAt,
          endedAt,
          attributes: {},
        },
        partition: 0,
        offset: String(this.offset++),
      },
    ]);
  }
}

/** Valid invoicing details (开票信息) for a park or a tenant in tests. */
export const INVOICING_PARTY = {
  name: '星云智能科技有限公司',
  taxpayerId: '91350100M000100Y43',
  address: '贵阳市观山湖区长岭北路 1 号',
  phone: '0851-8888 0000',
  bankName: '中国建设银行贵阳观山湖支行',
  bankAccount: '5205 0110 0000 0000 1234',
} as const;
