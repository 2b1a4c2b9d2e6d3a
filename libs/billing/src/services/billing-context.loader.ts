import { Injectable } from '@nestjs/common';
import {
  buildCatalogue,
  buildContract,
  buildPriceBook,
  buildProgramme,
  type BaseUnit,
  type Catalogue,
  type Contract,
  type PriceBook,
  type PriceModelSpec,
  type PeriodId,
  type Programme,
  type ProgrammeSpec,
  type ProgrammeVersion,
  programmeInForce,
  type ResourceClass,
} from '@park/billing-domain';
import type { RoundingRuleCode } from '@park/money';
import { NotFound } from '../errors/billing.errors';
import { CatalogueRepository, type PriceBookRow } from '../repositories/catalogue.repository';
import { BillingReadRepository, type BillingTenant, type ContractTerms } from '../repositories/billing-read.repository';
import { ContractRepository } from '../repositories/contract.repository';
import { ProgrammeRepository, type ProgrammeRow } from '../repositories/programme.repository';

/** Park-wide rules: shared by every tenant, cached while their version holds, so a close loads them once. */
export interface ParkRules {
  readonly catalogue: Catalogue;
  readonly priceBooks: ReadonlyMap<string, PriceBook>;
  readonly defaultPriceBookId: string | null;
  /** Each programme's rules version in force for the period being billed. */
  readonly programmes: readonly Programme[];
  readonly stackingGroups: readonly { id: string; ceiling: string }[];
  /** Every instant a price can change (book versions, contract bounds): cuts for park-wide rating intervals. */
  readonly priceCuts: readonly Date[];
}

export interface TenantContext {
  readonly tenant: BillingTenant;
  readonly rules: ParkRules;
  readonly priceBook: PriceBook;
  readonly contracts: readonly Contract[];
}

type LoadedRules = Omit<ParkRules, 'programmes'> & { readonly programmeVersions: readonly ProgrammeVersion[][] };

function findPriceBook(tenant: BillingTenant, rules: ParkRules) {
  const bookId = tenant.priceBookId ?? rules.defaultPriceBookId;
  const priceBook = bookId ? rules.priceBooks.get(bookId) : undefined;
  return priceBook ? { rules, priceBook } : undefined;
}

interface CachedRules {
  readonly version: bigint;
  readonly rules: Promise<LoadedRules>;
  readonly byPeriod: Map<PeriodId, ParkRules>;
}

/**
 * Turns stored rows into billing-domain values (validated by the domain's build… functions). The park-wide rules
 * are cached under `park_rules_version`, which triggers bump in the transaction of every change to a table they
 * are loaded from (migration 20261206014500_park_rules_version). Each call reads the version first (the close
 * reads it in its tenant's issue-context query: no extra round trip) and reloads when it moved, so a programme,
 * rules version, contract or price book committed in another process before a tenant is rated is always seen.
 */
@Injectable()
export class BillingContextLoader {
  private cached?: CachedRules;

  constructor(
    private readonly catalogue: CatalogueRepository,
    private readonly programmes: ProgrammeRepository,
    private readonly reads: BillingReadRepository,
    private readonly contracts: ContractRepository,
  ) {}

  /** Forget cached rules (this process changed them: saves waiting for the version to be read). */
  invalidate(): void {
    this.cached = undefined;
  }

  /**
   * The park's rules for billing a period: each programme as the version in force then. `version`: the rules'
   * version as the caller read it (else read here), before anything it bills was read.
   */
  async rules(periodId: PeriodId, version?: string | null): Promise<ParkRules> {
    const read = version === undefined ? await this.reads.rulesVersion() : version;
    const current = read === null ? null : BigInt(read);
    let entry = this.cached;
    // rules cached under a newer version than the caller read are fresh enough for it
    if (!entry || current === null || entry.version < current) {
      const rules = this.loadRules();
      const mine: CachedRules = { version: current ?? -1n, rules, byPeriod: new Map() };
      entry = mine;
      if (current !== null) this.cached = mine; // no version row (never after the migration): nothing is cached
      rules.catch(() => {
        if (this.cached === mine) this.cached = undefined;
      });
    }
    const { rules, byPeriod } = entry;
    const { programmeVersions, ...loaded } = await rules;
    let forPeriod = byPeriod.get(periodId);
    if (!forPeriod) {
      forPeriod = { ...loaded, programmes: programmeVersions.map((versions) => programmeInForce(versions, periodId)) };
      byPeriod.set(periodId, forPeriod);
    }
    return forPeriod;
  }

  async forTenant(
    tenantId: string,
    periodId: PeriodId,
    preloaded?: { tenant: BillingTenant; contracts: readonly ContractTerms[]; rulesVersion: string | null },
  ): Promise<TenantContext> {
    const [tenant, rules, contractRows] = preloaded
      ? [preloaded.tenant, await this.rules(periodId, preloaded.rulesVersion), preloaded.contracts]
      : await Promise.all([this.reads.tenant(tenantId), this.rules(periodId), this.reads.contracts(tenantId)]);
    if (!tenant) throw new NotFound('tenant', tenantId);
    let found = findPriceBook(tenant, rules);
    if (!found) {
      // a book assigned after the version was read (the tenant is read beside it): read them again before refusing
      this.invalidate();
      found = findPriceBook(tenant, await this.rules(periodId));
    }
    if (!found) throw new NotFound('price_book', tenant.priceBookId ?? rules.defaultPriceBookId ?? '(no default)');
    return { tenant, rules: found.rules, priceBook: found.priceBook, contracts: contractRows.map(toContract) };
  }

  private async loadRules(): Promise<LoadedRules> {
    const [skus, books, programmes, groups, contractBounds] = await Promise.all([
      this.catalogue.listSkus(),
      this.catalogue.listPriceBooks(),
      this.programmes.list(),
      this.programmes.listStackingGroups(),
      this.contracts.allBounds(),
    ]);
    const catalogue = buildCatalogue(
      skus.map((s) => ({
        code: s.code,
        name: s.name,
        resourceClass: s.resourceClass as ResourceClass,
        chipFamily: s.chipFamily,
        domesticChip: s.domesticChip,
        baseUnit: s.baseUnit as BaseUnit,
        billingUnit: { code: s.billingUnit, factor: s.unitsPerBillingUnit.toFixed() },
      })),
    );
    const priceBooks = new Map(books.filter((b) => b.versions.length > 0).map((b) => [b.id, toPriceBook(b)]));
    return {
      catalogue,
      priceBooks,
      defaultPriceBookId: books.find((b) => b.isDefault)?.id ?? null,
      programmeVersions: programmes.map(toProgrammeVersions),
      stackingGroups: groups.map((g) => ({ id: g.id, ceiling: g.ceiling.toFixed() })),
      priceCuts: [...books.flatMap((b) => b.versions.map((v) => v.effectiveFrom)), ...contractBounds],
    };
  }
}

export function toPriceBook(row: PriceBookRow): PriceBook {
  return buildPriceBook({
    id: row.id,
    versions: row.versions.map((v) => ({
      version: v.version,
      effectiveFrom: v.effectiveFrom,
      rounding: v.rounding as RoundingRuleCode,
      prices: Object.fromEntries(
        v.entries.map((e): [string, PriceModelSpec] => [
          e.sku,
          e.model === 'per_unit'
            ? { kind: 'per_unit', unitPrice: e.unitPrice?.toFixed() ?? '' }
            : {
                kind: e.model as 'tiered' | 'volume',
                tiers: (e.tiers ?? []) as { upTo: string | null; unitPrice: string }[],
              },
        ]),
      ),
    })),
  });
}

export function toContract(row: ContractTerms): Contract {
  return buildContract({
    id: row.id,
    tenantId: row.tenantId,
    effectiveFrom: row.effectiveFrom,
    effectiveTo: row.effectiveTo,
    discountPercent: row.discountPercent,
    overrides: (row.overrides ?? {}) as Record<string, PriceModelSpec>,
    committedMonthlySpend: row.committedMonthlySpend,
  });
}

/** Stored rules are a ProgrammeSpec without id, bureau and name (those are columns); version 1 is `row.rules`. */
export function toProgrammeVersions(row: ProgrammeRow): ProgrammeVersion[] {
  const build = (rules: unknown) => {
    const spec = rules as Omit<ProgrammeSpec, 'id' | 'bureau' | 'name'>;
    return buildProgramme({ ...spec, id: row.id, bureau: row.bureauId, name: row.name });
  };
  return [
    { version: 1, effectivePeriod: null, programme: build(row.rules) },
    ...row.rulesVersions.map((v) => ({
      version: v.version,
      effectivePeriod: v.effectivePeriod,
      programme: build(v.rules),
    })),
  ];
}
