import { Injectable } from '@nestjs/common';
import { AuditStore, SYSTEM_ACTOR, type AuditActor } from '@park/audit-store';
import {
  BASE_UNITS,
  DEFAULT_TAX_TERMS,
  RESOURCE_CLASSES,
  assertNotFrozen,
  buildPriceBook,
  buildSku,
  type PriceModelSpec,
  type ResourceClass,
  type TaxTermsSpec,
} from '@park/billing-domain';
import type { Prisma } from '@park/db';
import type { RoundingRuleCode } from '@park/money';
import { AlreadyExists, NotFound } from '../errors/billing.errors';
import { CatalogueRepository } from '../repositories/catalogue.repository';
import { StatementRepository } from '../repositories/statement.repository';
import { BillingContextLoader, taxSpecOf } from './billing-context.loader';

const taxOf = (v: PriceVersionInput): TaxTermsSpec => ({
  taxInclusive: v.taxInclusive,
  vatRate: v.vatRate,
  vatRates: v.vatRates,
  taxCodes: v.taxCodes,
});
import { HOUR_MS, ID, InputCheck } from './input.validation';

export interface SkuInput {
  code: string;
  name: string;
  resourceClass: string;
  chipFamily?: string | null;
  domesticChip?: boolean;
  baseUnit: string;
  billingUnit: string;
  unitsPerBillingUnit: string;
}

export interface PriceVersionInput {
  version: number;
  /** ISO instant on a whole UTC hour (usage is rated from hourly rollups). */
  effectiveFrom: string;
  rounding?: string;
  prices: Record<string, PriceModelSpec>;
  /** VAT (default: 6 %, tax-inclusive). */
  taxInclusive?: boolean;
  vatRate?: string;
  vatRates?: Partial<Record<ResourceClass, string>>;
  taxCodes?: Partial<Record<ResourceClass, string>>;
}

/** SKUs and versioned price books. */
@Injectable()
export class CatalogueService {
  constructor(
    private readonly repo: CatalogueRepository,
    private readonly statements: StatementRepository,
    private readonly loader: BillingContextLoader,
    private readonly audit: AuditStore,
  ) {}

  listSkus() {
    return this.repo.listSkus();
  }

  async upsertSku(input: SkuInput, actor: AuditActor = SYSTEM_ACTOR) {
    const check = new InputCheck('SKU');
    check.require(
      (RESOURCE_CLASSES as readonly string[]).includes(input.resourceClass),
      'resourceClass',
      `one of ${RESOURCE_CLASSES.join(', ')}`,
    );
    check.require(
      (BASE_UNITS as readonly string[]).includes(input.baseUnit),
      'baseUnit',
      `one of ${BASE_UNITS.join(', ')}`,
    );
    check.domain(() =>
      buildSku({
        code: input.code,
        name: input.name,
        resourceClass: input.resourceClass as never,
        chipFamily: input.chipFamily,
        domesticChip: input.domesticChip,
        baseUnit: input.baseUnit as never,
        billingUnit: { code: input.billingUnit, factor: input.unitsPerBillingUnit },
      }),
    );
    check.done();
    const sku = await this.repo.upsertSku({
      code: input.code,
      name: input.name,
      resourceClass: input.resourceClass as never,
      chipFamily: input.chipFamily ?? null,
      domesticChip: input.domesticChip ?? false,
      baseUnit: input.baseUnit,
      billingUnit: input.billingUnit,
      unitsPerBillingUnit: input.unitsPerBillingUnit,
    });
    this.loader.invalidate();
    await this.audit.record({ actor, action: 'sku.upsert', entityType: 'sku', entityId: input.code, after: input });
    return sku;
  }

  listPriceBooks() {
    return this.repo.listPriceBooks();
  }

  async getPriceBook(id: string) {
    const book = await this.repo.findPriceBook(id);
    if (!book) throw new NotFound('price_book', id);
    return book;
  }

  async createPriceBook(
    input: { id: string; name: string; isDefault?: boolean; isDemo?: boolean; versions?: PriceVersionInput[] },
    actor: AuditActor = SYSTEM_ACTOR,
  ) {
    const check = new InputCheck('price book');
    check.string(input.id, 'id', ID);
    check.string(input.name, 'name');
    check.done();
    if (await this.repo.findPriceBook(input.id)) throw new AlreadyExists('price book', input.id);
    await this.repo.createPriceBook({
      id: input.id,
      name: input.name,
      isDefault: input.isDefault ?? false,
      isDemo: input.isDemo,
    });
    await this.audit.record({
      actor,
      action: 'price-book.create',
      entityType: 'price_book',
      entityId: input.id,
      after: { id: input.id, name: input.name, isDefault: input.isDefault ?? false },
    });
    for (const v of input.versions ?? []) await this.addVersion(input.id, v, actor);
    this.loader.invalidate();
    return this.getPriceBook(input.id);
  }

  /** Adds a version; the whole book (with it) must still be valid, every SKU must exist, no issued period reached. */
  async addVersion(priceBookId: string, input: PriceVersionInput, actor: AuditActor = SYSTEM_ACTOR) {
    const book = await this.getPriceBook(priceBookId);
    // a version number already taken is a conflict with what is stored (409), like a concurrent insert of it
    if (book.versions.some((v) => v.version === input.version))
      throw new AlreadyExists('price book version', `${priceBookId} v${input.version}`);
    const skus = new Set((await this.repo.listSkus()).map((s) => s.code));
    const check = new InputCheck('price book version');
    const effectiveFrom = new Date(input.effectiveFrom);
    if (check.require(!Number.isNaN(effectiveFrom.getTime()), 'effectiveFrom', 'an ISO 8601 instant')) {
      check.require(
        effectiveFrom.getTime() % HOUR_MS === 0,
        'effectiveFrom',
        'must be on a whole UTC hour (usage is rated from hourly rollups)',
      );
    }
    for (const sku of Object.keys(input.prices ?? {}))
      check.require(skus.has(sku), `prices.${sku}`, `unknown SKU ${sku}`);
    const existing = book.versions.map((v) => ({
      version: v.version,
      effectiveFrom: v.effectiveFrom,
      rounding: v.rounding as RoundingRuleCode,
      tax: taxSpecOf(v),
      prices: Object.fromEntries(
        v.entries.map((e) => [
          e.sku,
          e.model === 'per_unit'
            ? { kind: 'per_unit' as const, unitPrice: e.unitPrice?.toFixed() ?? '' }
            : { kind: e.model as 'tiered', tiers: e.tiers as never },
        ]),
      ),
    }));
    check.domain(() =>
      buildPriceBook({
        id: priceBookId,
        versions: [
          ...existing,
          {
            version: input.version,
            effectiveFrom,
            rounding: input.rounding as RoundingRuleCode | undefined,
            prices: input.prices ?? {},
            tax: taxOf(input),
          },
        ],
      }),
    );
    check.done();
    // Issued periods are frozen (PERIOD_FROZEN, 409): a new price applies from the first period not yet issued.
    const lastIssuedPeriod = await this.statements.lastIssuedPeriodOfPriceBook(priceBookId);
    assertNotFrozen({ subject: `price book ${priceBookId} version ${input.version}`, effectiveFrom, lastIssuedPeriod });
    await this.repo.addVersion({
      priceBookId,
      version: input.version,
      effectiveFrom,
      rounding: input.rounding ?? 'HALF_UP_FEN',
      tax: {
        taxInclusive: input.taxInclusive ?? DEFAULT_TAX_TERMS.taxInclusive,
        vatRate: input.vatRate ?? DEFAULT_TAX_TERMS.vatRate.toFixed(),
        vatRates: input.vatRates ?? {},
        taxCodes: input.taxCodes ?? {},
      },
      entries: Object.entries(input.prices).map(([sku, m]) => ({
        sku,
        model: m.kind,
        unitPrice: m.kind === 'per_unit' ? String(m.unitPrice) : null,
        tiers:
          m.kind === 'per_unit'
            ? null
            : (m.tiers.map((t) => ({
                upTo: t.upTo === null ? null : String(t.upTo),
                unitPrice: String(t.unitPrice),
              })) as Prisma.InputJsonValue),
      })),
    });
    this.loader.invalidate();
    await this.audit.record({
      actor,
      action: 'price-book.version.add',
      entityType: 'price_book',
      entityId: priceBookId,
      after: { priceBookId, ...input },
    });
    return this.getPriceBook(priceBookId);
  }
}
