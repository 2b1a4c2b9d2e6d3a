import { Injectable } from '@nestjs/common';
import { appendAuditEvent, AuditStore, prismaAuditSql, SYSTEM_ACTOR, type AuditActor } from '@park/audit-store';
import {
  buildGrant,
  localDateOf,
  periodOfLocalDate,
  programmeInForce,
  validateGrantIssue,
  type GrantStatus,
} from '@park/billing-domain';
import { formatAmount, parseNonNegativeAmount } from '@park/money';
import { AlreadyExists, InvalidState, NotFound } from '../errors/billing.errors';
import { BillingErrorCode } from '../errors/billing-error-codes';
import { ContractRepository } from '../repositories/contract.repository';
import { GrantRepository, type GrantRow } from '../repositories/grant.repository';
import { ProgrammeRepository } from '../repositories/programme.repository';
import { StatementRepository } from '../repositories/statement.repository';
import { toProgrammeVersions } from './billing-context.loader';
import { ID, InputCheck, LOCAL_DATE } from './input.validation';
import { TenantService } from './tenant.service';

export interface GrantInput {
  id: string;
  programmeId: string;
  faceValue: string;
  validFrom: string;
  validTo: string;
  contractId?: string | null;
}

/** Why a grant pays nothing more (its balance shows 0): revoked, clawed back, or expired with its balance lapsed. */
export interface GrantLapse {
  readonly reason: 'revoked' | 'clawed_back' | 'expired';
  readonly detail: string;
}

/** `balance`: what the grant can still pay (0 once revoked or lapsed); `lapse` says why it pays nothing more. */
export type GrantView = GrantRow & { balance: string; lapse: GrantLapse | null };

/** Grants: issue (face value posted to the ledger), suspend, reactivate, revoke, balance, ledger history. */
@Injectable()
export class GrantService {
  constructor(
    private readonly repo: GrantRepository,
    private readonly programmes: ProgrammeRepository,
    private readonly contracts: ContractRepository,
    private readonly tenants: TenantService,
    private readonly audit: AuditStore,
    private readonly statements: StatementRepository,
  ) {}

  /** `actor` (audit log): the caller's principal once access control passes it; SYSTEM_ACTOR by default. */
  async issue(tenantId: string, input: GrantInput, actor: AuditActor = SYSTEM_ACTOR): Promise<GrantView> {
    await this.tenants.get(tenantId);
    const check = new InputCheck('grant');
    check.string(input.id, 'id', ID);
    check.string(input.validFrom, 'validFrom', LOCAL_DATE);
    check.string(input.validTo, 'validTo', LOCAL_DATE);
    const faceValue = check.domain(() => parseNonNegativeAmount(input.faceValue, 'face value'), 'faceValue');
    const row = check.string(input.programmeId, 'programmeId') ? await this.programmes.find(input.programmeId) : null;
    check.require(row !== null, 'programmeId', `unknown programme ${input.programmeId}`);
    const contract = input.contractId ? await this.contracts.findForTenant(tenantId, input.contractId) : null;
    if (input.contractId) {
      check.require(contract !== null, 'contractId', `tenant ${tenantId} has no contract ${input.contractId}`);
    }
    check.done();
    if (!row || !faceValue) throw new NotFound('programme', input.programmeId);
    // the rules in force when the grant starts (face-value limits, contract rules, window)
    const programme = programmeInForce(toProgrammeVersions(row), periodOfLocalDate(input.validFrom));
    const bar = await this.repo.barOf(programme.id, tenantId);
    if (bar)
      throw new InvalidState(
        BillingErrorCode.TENANT_BARRED,
        `tenant ${tenantId} is barred from programme ${programme.id} (clawback ${bar.clawbackId ?? ''}: ` +
          `${bar.reason}); it cannot receive its grants`,
      );
    const existing = (await this.repo.listForProgramme(programme.id)).map((g) =>
      buildGrant({
        id: g.id,
        programmeId: g.programmeId,
        tenantId: g.tenantId,
        faceValue: g.faceValue.toFixed(2),
        validFrom: g.validFrom,
        validTo: g.validTo,
        contractId: g.contractId,
        status: g.status as GrantStatus,
      }),
    );
    const issueCheck = new InputCheck('grant');
    issueCheck.domain(() =>
      validateGrantIssue({
        programme,
        existingGrants: existing,
        // the programme's contract rules (signing date, term) are checked on these facts
        contract: contract && {
          id: contract.id,
          signedOn: contract.signedOn,
          termMonths: contract.termMonths,
          effectiveFrom: contract.effectiveFrom,
          effectiveTo: contract.effectiveTo,
        },
        grant: {
          id: input.id,
          programmeId: programme.id,
          tenantId,
          faceValue: formatAmount(faceValue),
          validFrom: input.validFrom,
          validTo: input.validTo,
          contractId: input.contractId ?? null,
        },
      }),
    );
    issueCheck.done();
    if (existing.some((g) => g.id === input.id) || (await this.repo.findForTenant(tenantId, input.id)))
      throw new AlreadyExists('grant', input.id);
    const grant = {
      id: input.id,
      programmeId: programme.id,
      tenantId,
      contractId: input.contractId ?? null,
      faceValue: formatAmount(faceValue),
      validFrom: input.validFrom,
      validTo: input.validTo,
    };
    await this.repo.issue(grant, (tx) =>
      appendAuditEvent(prismaAuditSql(tx), {
        actor,
        action: 'grant.issue',
        entityType: 'grant',
        entityId: grant.id,
        after: { ...grant, status: 'active' },
        payload: { tenantId, programmeId: grant.programmeId, faceValue: grant.faceValue },
      }),
    );
    return this.get(tenantId, input.id);
  }

  async list(tenantId: string): Promise<GrantView[]> {
    await this.tenants.get(tenantId);
    await this.expireLapsed(tenantId);
    return this.views(tenantId, await this.repo.listForTenant(tenantId));
  }

  async get(tenantId: string, grantId: string): Promise<GrantView> {
    if (!(await this.repo.findForTenant(tenantId, grantId))) throw new NotFound('grant', grantId);
    await this.expireLapsed(tenantId);
    const g = await this.repo.findForTenant(tenantId, grantId);
    if (!g) throw new NotFound('grant', grantId);
    return (await this.views(tenantId, [g]))[0];
  }

  /**
   * Expiry: the balance left on a grant whose validity has ended lapses into the ledger (`grant_expiry`, once per
   * grant), as soon as the tenant's statement for the period of its last day is issued (until then it still pays
   * that period's usage). Runs when grants are read and after each statement issue; a scheduled job comes later.
   */
  async expireLapsed(tenantId: string, now: Date = new Date(), actor: AuditActor = SYSTEM_ACTOR): Promise<void> {
    const today = localDateOf(now);
    const ended = (await this.repo.listForTenant(tenantId)).filter((g) => g.validTo < today);
    if (ended.length === 0) return;
    const lastIssued = await this.statements.lastIssuedPeriodOfTenant(tenantId);
    for (const g of ended) {
      if (lastIssued === null || lastIssued < periodOfLocalDate(g.validTo)) continue;
      const memo = `grant ${g.id} expired after ${g.validTo}: its balance lapses`;
      const lapsed = await this.repo.expire(tenantId, g.id, memo);
      if (lapsed === null) continue;
      await this.audit.record({
        actor,
        action: 'grant.expire',
        entityType: 'grant',
        entityId: g.id,
        before: { id: g.id, tenantId, balance: formatAmount(parseNonNegativeAmount(lapsed)) },
        after: { id: g.id, tenantId, balance: '0.00' },
        payload: { tenantId, programmeId: g.programmeId, validTo: g.validTo, lapsed },
      });
    }
  }

  private async views(tenantId: string, grants: readonly GrantRow[], now: Date = new Date()): Promise<GrantView[]> {
    const ids = grants.map((g) => g.id);
    const [balances, lapsed] = await Promise.all([this.repo.balances(tenantId, ids), this.repo.lapsed(tenantId, ids)]);
    const today = localDateOf(now);
    return grants.map((g) => {
      const balance = formatAmount(parseNonNegativeAmount(balances.get(g.id) ?? '0'));
      const lapse = lapseOf(g, balance, lapsed.get(g.id), today);
      return { ...g, balance: lapse ? '0.00' : balance, lapse };
    });
  }

  async history(tenantId: string, grantId: string) {
    await this.get(tenantId, grantId);
    return this.repo.history(tenantId, grantId);
  }

  /** active ⇄ suspended; anything → revoked (final). A suspended or revoked grant pays nothing. */
  async setStatus(
    tenantId: string,
    grantId: string,
    status: 'active' | 'suspended' | 'revoked',
    reason: string | null,
    actor: AuditActor = SYSTEM_ACTOR,
  ): Promise<GrantView> {
    const g = await this.get(tenantId, grantId);
    if (g.status === 'revoked')
      throw new InvalidState(
        BillingErrorCode.GRANT_REVOKED,
        `grant ${grantId} is revoked; a revoked grant cannot change`,
      );
    if (g.status === status) return g;
    await this.repo.setStatus(tenantId, grantId, status, reason);
    const verb = status === 'active' ? 'reactivate' : status === 'suspended' ? 'suspend' : 'revoke';
    await this.audit.record({
      actor,
      action: `grant.${verb}`,
      entityType: 'grant',
      entityId: grantId,
      before: { id: grantId, tenantId, status: g.status, balance: g.balance },
      after: { id: grantId, tenantId, status, balance: g.balance },
      payload: { tenantId, reason },
    });
    return this.get(tenantId, grantId);
  }
}

function lapseOf(g: GrantRow, balance: string, lapsed: string | undefined, today: string): GrantLapse | null {
  if (g.status === 'revoked') {
    const clawedBack = g.statusReason?.startsWith('clawback') === true;
    const why = g.statusReason ?? 'no reason given';
    return clawedBack
      ? { reason: 'clawed_back', detail: `clawed back: ${why}` }
      : { reason: 'revoked', detail: `revoked: ${why}` };
  }
  if (lapsed !== undefined) {
    return {
      reason: 'expired',
      detail: `expired after ${g.validTo}: ${formatAmount(parseNonNegativeAmount(lapsed))} lapsed`,
    };
  }
  if (g.validTo < today && balance === '0.00') return { reason: 'expired', detail: `expired after ${g.validTo}` };
  return null;
}
