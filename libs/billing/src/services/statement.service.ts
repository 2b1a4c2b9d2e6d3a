import { Injectable } from '@nestjs/common';
import { AuditStore, SYSTEM_ACTOR, type AuditActor } from '@park/audit-store';
import { explanationForTenant, isPeriodId, localDateOf, periodBounds, type PeriodId } from '@park/billing-domain';
import { InvalidInput, NotFound, PeriodNotOver } from '../errors/billing.errors';
import { CatalogueRepository } from '../repositories/catalogue.repository';
import { ChargeRepository } from '../repositories/charge.repository';
import { GrantRepository } from '../repositories/grant.repository';
import { BillingReadRepository } from '../repositories/billing-read.repository';
import { StatementIssueRepository } from '../repositories/statement-issue.repository';
import type { IssueOutcome } from './issue-plan.types';
import { StatementRepository, type StatementRow } from '../repositories/statement.repository';
import { TenantRepository } from '../repositories/tenant.repository';
import { computeStatement, planIssue, statementNumber, usageYears } from './statement.plan';
import { lookbackStart, StatementRatingService } from './statement-rating.service';
import { PoolAllocationService } from './pool-allocation.service';
import { GrantService } from './grant.service';
import { withBaseQuantities, withBaseUnits } from './line-units';
import { StatementDisputeRepository } from '../disputes/statement-dispute.repository';
import { disputeView } from '../disputes/dispute.view';
import { SettlementReadService } from '../settlement/settlement-read.service';
import { StatementSettlementService } from '../settlement/statement-settlement.service';
import { UsageBackfillService, type BackfillLabel, type StatementLineRef } from '../backfill/usage-backfill.service';

export interface StatementPreview {
  readonly status: 'draft';
  readonly number: string;
  /** The draft's view; each line also has its base quantity and unit (`quantityBase`, `baseUnit`). */
  readonly view: ReturnType<typeof withBaseQuantities>;
  /** Why vouchers did not (fully) apply, per line. */
  readonly notes: readonly {
    lineId: string;
    programmeId: string | null;
    grantId: string | null;
    reason: string;
    detail: string;
  }[];
  /** Approved usage backfills that this draft's adjustment lines bill (labels; see UsageBackfillService). */
  readonly backfills: readonly BackfillLabel[];
}

export interface IssueResult {
  readonly statement: StatementRow;
  /** False when the statement had been issued before (issuing twice issues once). */
  readonly newlyIssued: boolean;
}

function checkPeriod(periodId: string): PeriodId {
  if (!isPeriodId(periodId))
    throw new InvalidInput('period', [{ path: 'periodId', message: `${periodId} is not a period id (YYYY-MM)` }]);
  return periodId;
}

/** Statement preview (draft, recomputed on demand), issue (frozen, once); invoices and payments: settlement/. */
@Injectable()
export class StatementService {
  constructor(
    private readonly rating: StatementRatingService,
    private readonly issuing: StatementIssueRepository,
    private readonly statements: StatementRepository,
    private readonly grants: GrantRepository,
    private readonly charges: ChargeRepository,
    private readonly tenants: TenantRepository,
    private readonly reads: BillingReadRepository,
    private readonly audit: AuditStore,
    private readonly pools: PoolAllocationService,
    private readonly grantService: GrantService,
    private readonly backfills: UsageBackfillService,
    private readonly catalogue: CatalogueRepository,
    private readonly disputes: StatementDisputeRepository,
    private readonly settlement: StatementSettlementService,
    private readonly settled: SettlementReadService,
  ) {}

  async preview(tenantId: string, periodId: string): Promise<StatementPreview> {
    const period = checkPeriod(periodId);
    const draft = await this.rating.draftLines(tenantId, period);
    const grants = await this.grants.listForTenant(tenantId);
    const programmeIds = [...new Set(grants.map((g) => g.programmeId))];
    const [balances, counters, charges] = await Promise.all([
      this.grants.balances(
        tenantId,
        grants.map((g) => g.id),
      ),
      this.grants.counters(tenantId, programmeIds),
      this.charges.pending(tenantId),
    ]);
    const locked = grants.map((g) => ({ ...g, faceValue: g.faceValue.toFixed(2), status: g.status as string }));
    const computed = computeStatement({
      context: draft.context,
      periodId: period,
      lines: draft.lines,
      state: { grants: locked, balances, counters, charges },
    });
    return {
      status: 'draft',
      number: statementNumber(tenantId, period),
      view: withBaseQuantities(computed.view, draft.lines, draft.context.rules.catalogue),
      notes: computed.vouchers.notes,
      backfills: await this.backfillsOn(tenantId, draft.lines, null),
    };
  }

  /**
   * Freezes the statement and posts its redemptions in one transaction. Idempotent: a statement issued
   * before is returned as it is, also when many requests race (they queue on the statement row's lock).
   * `actor` (audit log): the caller's principal once access control passes it; SYSTEM_ACTOR by default.
   */
  async issue(
    tenantId: string,
    periodId: string,
    options: { now?: Date; closeRun?: string; actor?: AuditActor } = {},
  ): Promise<IssueResult> {
    const { statementId, newlyIssued } = await this.issueStatement(tenantId, periodId, options);
    const statement = await this.statements.findById(tenantId, statementId);
    if (!statement) throw new NotFound('statement', `${tenantId}/${periodId}`);
    return { statement, newlyIssued };
  }

  /**
   * Freezes the statement and posts its redemptions in one transaction. Idempotent: a statement issued
   * before is returned as it is, also when many requests race (they queue on the statement row's lock).
   * `closeRun` (from a period close's job) reads usage from the run's shared snapshot; `closeTaskRound` (the job's
   * round) marks the job's close task done in the issuing transaction.
   */
  async issueStatement(
    tenantId: string,
    periodId: string,
    options: { now?: Date; closeRun?: string; closeTaskRound?: number; actor?: AuditActor } = {},
  ): Promise<IssueOutcome> {
    const period = checkPeriod(periodId);
    const preloaded = await this.reads.issueContext(tenantId, period, lookbackStart(period));
    if (!preloaded) throw new NotFound('tenant', tenantId);
    if (preloaded.statement && preloaded.statement.status !== 'draft')
      return { statementId: preloaded.statement.id, newlyIssued: false };
    if (periodBounds(period).end.getTime() > (options.now ?? new Date()).getTime()) throw new PeriodNotOver(period);
    const draft = await this.rating.draftLines(tenantId, period, options.closeRun, preloaded);
    const parkId = draft.context.tenant.parkId;
    const poolLimits = options.closeRun
      ? await this.pools.limitsFor({
          parkId,
          periodId: period,
          closeRun: options.closeRun,
          tenantId,
          rules: draft.context.rules,
        })
      : null;
    const outcome = await this.issuing.issue({
      tenantId,
      parkId: draft.context.tenant.parkId,
      periodId: period,
      years: usageYears(draft.lines, period),
      actor: options.actor,
      closeTaskRound: options.closeTaskRound,
      plan: (state) => {
        const { context, lines } = draft;
        const computed = computeStatement({ context, periodId: period, lines, state, poolLimits });
        return planIssue({
          context: draft.context,
          periodId: period,
          lines: draft.lines,
          computed,
          statementId: state.statementId,
        });
      },
    });
    // Grants whose last period this statement closes lapse now (their balance into the ledger, once). Most issues
    // have no grant past its last day: the grants the issue read say so without another query.
    const now = options.now ?? new Date();
    const someGrantEnded = outcome.earliestGrantEnd !== undefined && outcome.earliestGrantEnd < localDateOf(now);
    if (outcome.newlyIssued && someGrantEnded) await this.grantService.expireLapsed(tenantId, now, options.actor);
    return outcome;
  }

  /** `POST …/pay`: a payment of the whole balance through StatementSettlementService.payInFull. */
  async pay(
    tenantId: string,
    periodId: string,
    input: { paymentReference: string; invoiceNumber: string },
    actor: AuditActor = SYSTEM_ACTOR,
  ) {
    const problems = [
      ...(input.paymentReference?.trim() ? [] : [{ path: 'paymentReference', message: 'required' }]),
      ...(input.invoiceNumber?.trim() ? [] : [{ path: 'invoiceNumber', message: 'required' }]),
    ];
    if (problems.length > 0) throw new InvalidInput('payment', problems);
    await this.get(tenantId, periodId);
    const references = { paymentReference: input.paymentReference.trim(), invoiceNumber: input.invoiceNumber.trim() };
    await this.settlement.payInFull(tenantId, periodId, references, actor);
    const [paid] = await this.settled.withTotals(tenantId, [await this.get(tenantId, periodId)]);
    return paid;
  }

  async get(tenantId: string, periodId: string): Promise<StatementRow> {
    const period = checkPeriod(periodId);
    if (!(await this.tenants.find(tenantId))) throw new NotFound('tenant', tenantId);
    const statement = await this.statements.find(tenantId, period);
    if (!statement || statement.status === 'draft') throw new NotFound('statement', `${tenantId}/${periodId}`);
    return statement;
  }

  /** The tenant's charges billed back (rejected claim amounts, clawbacks): pending ones go on its next statement. */
  async listCharges(tenantId: string) {
    if (!(await this.tenants.find(tenantId))) throw new NotFound('tenant', tenantId);
    return this.charges.listForTenant(tenantId);
  }

  /** Issued statements, each with its `paidTotal`, `invoicedTotal` and `balance`. */
  async list(tenantId: string) {
    if (!(await this.tenants.find(tenantId))) throw new NotFound('tenant', tenantId);
    const issued = (await this.statements.listForTenant(tenantId)).filter((s) => s.status !== 'draft');
    return this.settled.withTotals(tenantId, issued);
  }

  /** `audience: 'tenant'`: the tenant's own numbers only (no pool room in deduction explanations). */
  async detail(tenantId: string, periodId: string, audience: 'tenant' | 'park' = 'park') {
    const statement = await this.get(tenantId, periodId);
    const [lineRows, rows, charges, skus, disputeRows] = await Promise.all([
      this.statements.lines(tenantId, statement.id),
      this.statements.deductions(tenantId, statement.id),
      this.charges.billedOn(tenantId, statement.id),
      this.catalogue.listSkus(),
      this.disputes.list(tenantId, statement.id),
    ]);
    const disputes = disputeRows.map((d) => disputeView(d, periodId));
    // each line with its latest dispute's state (null: never disputed)
    const lines = withBaseUnits(lineRows, new Map(skus.map((k) => [k.code, k.baseUnit]))).map((l) => ({
      ...l,
      dispute: [...disputes].reverse().find((d) => d.lineId === l.lineId) ?? null,
    }));
    const deductions =
      audience === 'park'
        ? rows
        : rows.map((d) =>
            // a dispute's reversal explains itself by the deduction it reverses
            d.disputeId
              ? d
              : { ...d, explanation: explanationForTenant(d.explanation as { limits: { name: string }[] }) },
          );
    const backfills = await this.backfillsOn(
      tenantId,
      lines.map((l) => ({ ...l, periodId: l.usagePeriodId })),
      statement.issuedAt,
    );
    const [settled] = await this.settled.withTotals(tenantId, [statement]);
    return { statement: settled, lines, deductions, charges, backfills, disputes };
  }

  /**
   * Which approved usage backfills a statement's adjustment lines bill: those approved after the tenant's
   * previous issued statement and up to this one's issue (`issuedAt`; null for a draft).
   */
  private async backfillsOn(tenantId: string, lines: readonly StatementLineRef[], issuedAt: Date | null) {
    const earlier = (await this.statements.listForTenant(tenantId))
      .map((s) => s.issuedAt)
      .filter((at): at is Date => at !== null && (issuedAt === null || at < issuedAt));
    const after = earlier.length > 0 ? new Date(Math.max(...earlier.map((at) => at.getTime()))) : null;
    return this.backfills.landedOn({ tenantId, lines, after, until: issuedAt });
  }
}
