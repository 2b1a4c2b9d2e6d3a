import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditStore, prismaAuditSql, type AuditActor, SYSTEM_ACTOR } from '@park/audit-store';
import { AlreadyExists, BillingErrorCode, InvalidInput, InvalidState, InvoicingPartyService } from '@park/billing';
import type { Mechanism } from '@park/billing-domain';
import { Decimal, formatAmount, sum } from '@park/money';
import { CADENCES, cyclePeriods, type SettlementCadence } from './claim-cycle';
import { renderEvidencePack } from './claim-evidence';
import { ClaimJobs } from './claim-jobs';
import { claimDocument } from './claim-document';
import { ClaimRules, lifelongRules, type LifelongRules } from './claim-rules';
import { claimContractKey } from './claim-scope';
import { ClaimSourcesRepository } from './claim-sources.repository';
import { ClaimsRepository } from './claims.repository';
import { RedemptionLines, type CollectedLines } from './redemption-lines.source';
import { SettlementLines } from './settlement-lines.source';

export interface CreateClaimInput {
  programmeId: string;
  cycle: string;
  /** The programme rules' `settlementCadence` when they have one, else this, else quarterly. */
  settlementCadence?: SettlementCadence;
}

/** Builds a claim (draft): its lines, its evidence pack, stored in one transaction with the audit event. */
@Injectable()
export class BuildClaim {
  constructor(
    private readonly claims: ClaimsRepository,
    private readonly sources: ClaimSourcesRepository,
    private readonly redemptions: RedemptionLines,
    private readonly settlements: SettlementLines,
    private readonly jobs: ClaimJobs,
    private readonly audit: AuditStore,
    private readonly parties: InvoicingPartyService,
    private readonly rules: ClaimRules,
  ) {}

  /** Returns the new claim's id. */
  async execute(input: CreateClaimInput, actor: AuditActor = SYSTEM_ACTOR): Promise<string> {
    checkInput(input);
    const found = await this.rules.find(input.programmeId);
    // the cycle and its lines come first (cadence, mechanism: the same in every version); then its version's rules
    const programme = lifelongRules(found);
    const cadence = this.cadenceOf(programme, input);
    const periods = cyclePeriods(cadence, input.cycle);
    if (cadence === 'per_contract') {
      if (!(await this.sources.contractExists(input.cycle)))
        throw new InvalidInput('claim', [
          { path: 'cycle', message: `a per-contract cycle is a contract id: no contract ${input.cycle}` },
        ]);
    } else if (!periods) {
      throw new InvalidInput('claim', [
        { path: 'cycle', message: `not a ${cadence} cycle (2026-Q4 quarterly, 2026 yearly)` },
      ]);
    }
    if (await this.claims.existsFor(programme.id, input.cycle)) throw alreadyBuilt(programme.id, input.cycle);

    const id = `clm_${randomUUID()}`;
    const contractKey = claimContractKey(cadence, input.cycle);
    const { mechanism } = programme;
    const redeemed = await this.redemptions.collect({
      claimId: id,
      programmeId: programme.id,
      mechanism,
      periods,
      contractKey,
    });
    // a contract-settlement programme claims its recorded settlements, one line each (it has no deductions)
    const settled =
      mechanism === 'contract_settlement'
        ? await this.settlements.collect({
            claimId: id,
            programmeId: programme.id,
            cadence,
            cycle: input.cycle,
            periods,
          })
        : [];
    const collected: CollectedLines = { ...redeemed, lines: [...redeemed.lines, ...settled] };
    const { lines } = collected;
    if (lines.length === 0) {
      const which = WHAT_IS_CLAIMED[mechanism];
      const of = cadence === 'per_contract' ? `contract ${input.cycle}` : input.cycle;
      throw new InvalidState(
        BillingErrorCode.NOTHING_TO_CLAIM,
        `programme ${programme.id} has no unclaimed redemptions on ${which} of ${of}`,
      );
    }
    const total = formatAmount(sum(lines.map((l) => new Decimal(l.amount))));
    const jobs = await this.jobs.quantities(collected.statementLines.map((x) => x.line));
    // the claimant is the park's operator: named when the claimed tenants are all of one park
    const parks = await this.sources.parksOf(lines.map((l) => l.tenantId));
    const claimant = parks.length === 1 ? await this.parties.operatorOf(parks[0], new Date()) : null;
    const inForce = await this.rules.of({ programmeId: programme.id, cadence, cycle: input.cycle, lines }, found);
    const pack = await renderEvidencePack(
      claimDocument({
        id,
        programme: inForce.rules,
        bureauName: found.bureauName,
        cadence,
        cycle: input.cycle,
        total,
        collected,
        jobs,
        claimant,
      }),
    );
    const claim = {
      id,
      programmeId: programme.id,
      bureauId: programme.bureau,
      cadence,
      cycle: input.cycle,
      mechanism,
      total,
      manifestSha256: pack.manifestSha256,
    };
    const rows = lines.map((l) => ({
      id: l.id,
      programmeId: programme.id,
      statementId: l.statementId,
      contractId: l.contractId,
      tenantId: l.tenantId,
      statementNumber: l.statementNumber,
      periodId: l.periodId,
      amount: l.amount,
      invoiceNumber: l.invoiceNumber,
      paymentReference: l.paymentReference,
      contractIds: [...l.contractIds],
    }));
    await this.claims
      .insert(claim, rows, pack.files, (tx) =>
        this.audit.append(prismaAuditSql(tx), {
          actor,
          action: 'claim.create',
          entityType: 'claim',
          entityId: id,
          after: {
            ...{ id, programmeId: programme.id, cycle: input.cycle, cadence, status: 'draft', total },
            manifestSha256: pack.manifestSha256,
            lines: lines.map((l) => ({ id: l.id, amount: l.amount })),
          },
        }),
      )
      .catch((error: unknown) => this.lostRace(error, programme.id, input.cycle));
    return id;
  }

  /** The programme's cadence if it has one (a request asking another is refused), else the request's, else
   * quarterly. */
  private cadenceOf(programme: LifelongRules, input: CreateClaimInput): SettlementCadence {
    const own = programme.settlementCadence;
    if (own && input.settlementCadence && input.settlementCadence !== own) {
      throw new InvalidInput('claim', [
        { path: 'settlementCadence', message: `programme ${programme.id} settles ${own}` },
      ]);
    }
    return own ?? input.settlementCadence ?? 'quarterly';
  }

  /**
   * A concurrent build lost on a unique index: of the same programme × cycle (the same 409 as above), or of another
   * cycle that took some of these statements first (programme × statement × contract goes on one claim).
   */
  private async lostRace(error: unknown, programmeId: string, cycle: string): Promise<never> {
    if ((error as { code?: string })?.code !== 'P2002') throw error;
    if (await this.claims.existsFor(programmeId, cycle)) throw alreadyBuilt(programmeId, cycle);
    throw new InvalidState(
      BillingErrorCode.STATEMENT_ALREADY_CLAIMED,
      `a claim of programme ${programmeId} built at the same time took some of these statements: ` +
        `build the ${cycle} claim again`,
    );
  }
}

const WHAT_IS_CLAIMED: Readonly<Record<Mechanism, string>> = {
  on_bill: 'issued statements',
  reimbursed: 'paid statements',
  contract_settlement: 'recorded contract settlements',
};

function alreadyBuilt(programmeId: string, cycle: string): AlreadyExists {
  return new AlreadyExists('claim of programme for cycle', `${programmeId} ${cycle}`);
}

function checkInput(input: CreateClaimInput): void {
  const issues: { path: string; message: string }[] = [];
  if (typeof input?.programmeId !== 'string' || input.programmeId === '')
    issues.push({ path: 'programmeId', message: 'required' });
  if (typeof input?.cycle !== 'string' || input.cycle === '')
    issues.push({
      path: 'cycle',
      message: 'required: 2026-Q4 (quarterly), 2026 (yearly) or a contract id (per contract)',
    });
  if (input?.settlementCadence !== undefined && !CADENCES.includes(input.settlementCadence))
    issues.push({ path: 'settlementCadence', message: `one of ${CADENCES.join(', ')}` });
  if (issues.length) throw new InvalidInput('claim', issues);
}
