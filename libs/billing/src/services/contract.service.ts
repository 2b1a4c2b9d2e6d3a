import { Injectable } from '@nestjs/common';
import { AuditStore, SYSTEM_ACTOR, type AuditActor } from '@park/audit-store';
import { assertNotFrozen, buildContract, type PriceModelSpec } from '@park/billing-domain';
import type { Prisma } from '@park/db';
import { AlreadyExists } from '../errors/billing.errors';
import { ContractRepository } from '../repositories/contract.repository';
import { StatementRepository } from '../repositories/statement.repository';
import { BillingContextLoader } from './billing-context.loader';
import { HOUR_MS, ID, InputCheck, LOCAL_DATE } from './input.validation';
import { TenantService } from './tenant.service';

export interface ContractInput {
  id: string;
  number: string;
  signedOn: string;
  effectiveFrom: string;
  effectiveTo?: string | null;
  termMonths?: number | null;
  discountPercent?: string;
  overrides?: Record<string, PriceModelSpec>;
  committedMonthlySpend?: string | null;
}

/** Per-tenant contracts: own prices, a discount on book prices, committed monthly spend. */
@Injectable()
export class ContractService {
  constructor(
    private readonly repo: ContractRepository,
    private readonly statements: StatementRepository,
    private readonly tenants: TenantService,
    private readonly loader: BillingContextLoader,
    private readonly audit: AuditStore,
  ) {}

  async list(tenantId: string) {
    await this.tenants.get(tenantId);
    return this.repo.listForTenant(tenantId);
  }

  async create(tenantId: string, input: ContractInput, actor: AuditActor = SYSTEM_ACTOR) {
    await this.tenants.get(tenantId);
    const check = new InputCheck('contract');
    check.string(input.id, 'id', ID);
    check.string(input.number, 'number');
    check.string(input.signedOn, 'signedOn', LOCAL_DATE);
    const from = new Date(input.effectiveFrom);
    const to = input.effectiveTo ? new Date(input.effectiveTo) : null;
    for (const [path, d] of [
      ['effectiveFrom', from],
      ['effectiveTo', to],
    ] as const) {
      if (d && check.require(!Number.isNaN(d.getTime()), path, 'an ISO 8601 instant'))
        check.require(d.getTime() % HOUR_MS === 0, path, 'must be on a whole UTC hour');
    }
    if (input.termMonths != null)
      check.require(Number.isInteger(input.termMonths) && input.termMonths > 0, 'termMonths', 'a positive integer');
    check.domain(() =>
      buildContract({
        id: input.id,
        tenantId,
        effectiveFrom: from,
        effectiveTo: to,
        discountPercent: input.discountPercent,
        overrides: input.overrides,
        committedMonthlySpend: input.committedMonthlySpend,
      }),
    );
    const existing = await this.repo.listForTenant(tenantId);
    if (existing.some((c) => c.id === input.id)) throw new AlreadyExists('contract', input.id);
    for (const c of existing) {
      const overlap =
        c.effectiveFrom.getTime() < (to?.getTime() ?? Infinity) &&
        from.getTime() < (c.effectiveTo?.getTime() ?? Infinity);
      check.require(!overlap, 'effectiveFrom', `overlaps contract ${c.number}`);
    }
    check.done();
    // A contract's prices may not reach into a period already issued to this tenant (PERIOD_FROZEN, 409).
    const lastIssuedPeriod = await this.statements.lastIssuedPeriodOfTenant(tenantId);
    assertNotFrozen({ subject: `contract ${input.id}`, effectiveFrom: from, lastIssuedPeriod });
    const row = await this.repo.create({
      id: input.id,
      tenantId,
      number: input.number,
      signedOn: input.signedOn,
      effectiveFrom: from,
      effectiveTo: to,
      termMonths: input.termMonths ?? null,
      discountPercent: input.discountPercent ?? '0',
      overrides: (input.overrides ?? {}) as Prisma.InputJsonValue,
      committedMonthlySpend: input.committedMonthlySpend ?? null,
    });
    this.loader.invalidate();
    await this.audit.record({
      actor,
      action: 'contract.create',
      entityType: 'contract',
      entityId: input.id,
      after: { tenantId, ...input },
      payload: { tenantId },
    });
    return row;
  }
}
