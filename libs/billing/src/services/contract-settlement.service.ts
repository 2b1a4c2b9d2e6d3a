import { Injectable } from '@nestjs/common';
import { appendAuditEvent, prismaAuditSql, SYSTEM_ACTOR, type AuditActor } from '@park/audit-store';
import {
  buildContractSettlementInput,
  computeContractSettlement,
  periodOfLocalDate,
  programmeInForce,
  type ContractFacts,
  type ContractSettlementSteps,
} from '@park/billing-domain';
import { formatAmount } from '@park/money';
import { AlreadyExists, InvalidState, NotFound } from '../errors/billing.errors';
import { BillingErrorCode } from '../errors/billing-error-codes';
import {
  ContractSettlementRepository,
  type ContractSettlementRow,
  type SettlementUsage,
} from '../repositories/contract-settlement.repository';
import { ContractRepository } from '../repositories/contract.repository';
import { GrantRepository } from '../repositories/grant.repository';
import { ProgrammeRepository } from '../repositories/programme.repository';
import { toDecimal } from '../support/decimal.mapper';
import { toProgrammeVersions } from './billing-context.loader';
import { InputCheck, LOCAL_DATE } from './input.validation';
import { TenantService } from './tenant.service';

export interface ContractSettlementInput {
  programmeId: string;
  settledAmount: string;
  settledOn: string;
  reference: string;
}

const FREE: SettlementUsage = { usedThisYear: '0', usedCumulative: '0' };

/**
 * Contract settlements under contract-settlement programmes (issue 12 item 3): the subsidy is computed by
 * billing-domain from the contract's settled amount, stored with every step, posted to the ledger and audited in one
 * transaction. Claimed per settlement (libs/claims settlement-lines.source.ts).
 */
@Injectable()
export class ContractSettlementService {
  constructor(
    private readonly repo: ContractSettlementRepository,
    private readonly contracts: ContractRepository,
    private readonly programmes: ProgrammeRepository,
    private readonly grants: GrantRepository,
    private readonly tenants: TenantService,
  ) {}

  async list(tenantId: string, contractId: string) {
    await this.tenants.get(tenantId);
    if (!(await this.contracts.findForTenant(tenantId, contractId))) throw new NotFound('contract', contractId);
    return (await this.repo.listForContract(tenantId, contractId)).map(settlementView);
  }

  async record(tenantId: string, contractId: string, input: ContractSettlementInput, actor: AuditActor = SYSTEM_ACTOR) {
    await this.tenants.get(tenantId);
    const contract = await this.contracts.findForTenant(tenantId, contractId);
    if (!contract) throw new NotFound('contract', contractId);
    const check = new InputCheck('contract settlement');
    check.string(input.reference, 'reference');
    const dated = check.string(input.settledOn, 'settledOn', LOCAL_DATE);
    const row = check.string(input.programmeId, 'programmeId') ? await this.programmes.find(input.programmeId) : null;
    check.require(row !== null, 'programmeId', `unknown programme ${input.programmeId}`);
    check.done();
    if (!row || !dated) throw new NotFound('programme', input.programmeId);
    // the rules in force in the month the settlement was made
    const programme = programmeInForce(toProgrammeVersions(row), periodOfLocalDate(input.settledOn));
    const bar = await this.grants.barOf(programme.id, tenantId);
    if (bar)
      throw new InvalidState(
        BillingErrorCode.TENANT_BARRED,
        `tenant ${tenantId} is barred from programme ${programme.id} (${bar.reason}): its settlements are not paid`,
      );
    const facts: ContractFacts = {
      id: contract.id,
      signedOn: contract.signedOn,
      termMonths: contract.termMonths,
      effectiveFrom: contract.effectiveFrom,
      effectiveTo: contract.effectiveTo,
    };
    const settle = (used: SettlementUsage): ContractSettlementSteps => {
      const check = new InputCheck('contract settlement');
      const steps = check.domain(() =>
        computeContractSettlement(
          buildContractSettlementInput({
            programme,
            contract: facts,
            settledAmount: input.settledAmount,
            settledOn: input.settledOn,
            ...used,
          }),
        ),
      );
      check.done();
      return steps as ContractSettlementSteps;
    };
    // the base period's year decides which counters the caps read; a bad input is refused before any lock
    const first = settle(FREE);
    const stored = await this.repo
      .record({
        programmeId: programme.id,
        tenantId,
        contractId,
        settledAmount: input.settledAmount,
        settledOn: input.settledOn,
        reference: input.reference,
        compute: async (usedIn) => settle(await usedIn(first.year)),
        last: (tx, r) =>
          appendAuditEvent(prismaAuditSql(tx), {
            actor,
            action: 'contract.settlement.record',
            entityType: 'contract_settlement',
            entityId: r.id,
            after: settlementView(r),
            payload: { tenantId, contractId, programmeId: programme.id, subsidy: formatAmount(toDecimal(r.subsidy)) },
          }),
      })
      .catch((error: unknown) => {
        if ((error as { code?: string })?.code !== 'P2002') throw error;
        throw new AlreadyExists(
          `settlement of contract ${contractId} under programme ${programme.id} for the base period from`,
          first.basePeriod.from,
        );
      });
    return settlementView(stored);
  }
}

/** A stored settlement as the API shows it: amounts as 2-dp strings, the computation's steps as recorded. */
export function settlementView(r: ContractSettlementRow) {
  return {
    id: r.id,
    programmeId: r.programmeId,
    tenantId: r.tenantId,
    contractId: r.contractId,
    reference: r.reference,
    settledAmount: formatAmount(toDecimal(r.settledAmount)),
    settledOn: r.settledOn,
    basePeriod: { from: r.baseFrom, to: r.baseTo },
    year: r.year,
    subsidy: formatAmount(toDecimal(r.subsidy)),
    steps: r.steps,
    ledgerTransactionId: r.ledgerTransactionId,
    createdAt: r.createdAt,
  };
}
