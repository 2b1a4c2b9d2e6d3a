import type { INestApplication } from '@nestjs/common';
import {
  CatalogueService,
  ContractService,
  GrantService,
  ProgrammeService,
  TenantService,
  usccCheckCharacter,
} from '@park/billing';
import { periodBounds, periodYear, type PeriodId } from '@park/billing-domain';
import { PrismaService } from '@park/db';
import { seedSimulatedPark } from '@park/park-seed';
import { createPark, type Park } from '@park/usage-domain';
import {
  DEMO_BUREAUS,
  DEMO_PRICE_BOOK_ID,
  DEMO_STACKING_GROUP,
  demoPriceVersions,
  demoProgrammes,
} from './demo-catalogue.data';

export const DEMO_SEED = 2026;

/** A valid 统一社会信用代码 for demo tenant n (Guiyang division code, GB 32100-2015 check character). */
function demoUscc(n: number): string {
  const first17 = `91520100MA6${String(100000 + n).slice(-6)}`;
  return first17 + usccCheckCharacter(first17);
}

/** The demo's simulated park: the same tenants and clusters on every run. */
export function demoPark(): Park {
  return createPark(DEMO_SEED, { tenants: 12, prefix: 'demo' });
}

/**
 * Seeds the demo park through the billing services (so everything is validated as an operator's input would be):
 * tenants and clusters from the simulator, a price book, three bureaus, four programmes and the grants.
 */
export async function seedDemoPark(app: INestApplication, period: PeriodId): Promise<Park> {
  const prisma = app.get(PrismaService).client;
  const park = demoPark();
  await seedSimulatedPark(prisma, park, { demo: true });

  await app.get(CatalogueService).createPriceBook({
    id: DEMO_PRICE_BOOK_ID,
    name: '园区标准价（演示） Park list prices (demo)',
    isDefault: true,
    isDemo: true,
    versions: demoPriceVersions(period),
  });
  const programmes = app.get(ProgrammeService);
  for (const b of DEMO_BUREAUS) await programmes.createBureau(b);
  await programmes.upsertStackingGroup(DEMO_STACKING_GROUP);
  const year = periodYear(period);
  for (const p of demoProgrammes(year)) await programmes.create({ ...p, isDemo: true });

  const tenants = app.get(TenantService);
  const grants = app.get(GrantService);
  const validity = { validFrom: `${year}-01-01`, validTo: `${year}-12-31` };
  for (const [i, t] of park.tenants.entries()) {
    await tenants.update(t.id, { unifiedSocialCreditCode: demoUscc(i + 1) });
    await grants.issue(t.id, {
      id: `${t.id}-gz-voucher`,
      programmeId: 'demo-gz-compute-voucher',
      faceValue: '100000.00',
      ...validity,
    });
    if (t.profile === 'animation-studio') {
      await grants.issue(t.id, {
        id: `${t.id}-render-city`,
        programmeId: 'demo-gy-render-city',
        faceValue: '80000.00',
        ...validity,
      });
      await grants.issue(t.id, {
        id: `${t.id}-render-district`,
        programmeId: 'demo-ga-render-district',
        faceValue: '50000.00',
        ...validity,
      });
    } else {
      await grants.issue(t.id, {
        id: `${t.id}-training`,
        programmeId: 'demo-gy-training-subsidy',
        faceValue: '150000.00',
        ...validity,
      });
    }
  }
  // One tenant has a framework contract: 8 % off list prices.
  const first = park.tenants[0];
  await app.get(ContractService).create(first.id, {
    id: `${first.id}-contract`,
    number: `HT-${year}-001`,
    signedOn: `${year - 1}-12-20`,
    effectiveFrom: new Date(periodBounds(period).start.getTime() - 120 * 86_400_000).toISOString(),
    termMonths: 24,
    discountPercent: '8',
  });
  return park;
}
