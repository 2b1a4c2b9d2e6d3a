import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Prisma } from '@prisma/client';
import { AuditStore, prismaAuditSql, type AuditActor, SYSTEM_ACTOR } from '@park/audit-store';
import { notifyClaimChange } from '@park/notifications';
import {
  AlreadyExists,
  BillingErrorCode,
  ChargeRepository,
  InvalidInput,
  InvalidState,
  NotFound,
  toDecimal,
} from '@park/billing';
import { ClickHouseService } from '@park/clickhouse';
import { PrismaService } from '@park/db';
import { Decimal, ZERO, formatAmount, sum } from '@park/money';
import {
  CADENCES,
  CLAIM_TRANSITIONS,
  canTransition,
  cyclePeriods,
  statusAfterReview,
  type ClaimState,
  type SettlementCadence,
} from './claim-cycle';
import { renderEvidencePack, verifyEvidencePack, type ClaimDocument, type PackVerification } from './claim-evidence';
import { coveredDeductions, ledgerTotalOf } from './claim-coverage';
import { jobQuantities, jobsOf } from './claim-jobs';
import { settlementClaimLines } from './claim-settlement-lines';
import { WHOLE_STATEMENT, claimContractKey, inScope, statementsTaken } from './claim-scope';
import { ClaimNotFound, ClaimTransitionRefused } from './claims.errors';

export interface CreateClaimInput {
  programmeId: string;
  cycle: string;
  /** The programme rules' `settlementCadence` when they have one, else this, else quarterly. */
  settlementCadence?: SettlementCadence;
}

export interface ReviewDecision {
  lineId: string;
  decision: 'approved' | 'rejected';
  reason?: string;
}

const TX = { maxWait: 10_000, timeout: 30_000 };

/**
 * Reimbursement claims (兑付申请): build from the ledger's redemptions, evidence pack, state machine, bureau review,
 * drill-down.
 */
@Injectable()
export class ClaimService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly ch: ClickHouseService,
    private readonly audit: AuditStore,
    private readonly charges: ChargeRepository,
  ) {}

  private get db() {
    return this.prisma.client;
  }

  /** The bureau of a claim, or null when there is none (the `claim` scope resolver). */
  async bureauOf(claimId: string): Promise<string | null> {
    const row = await this.db.claim.findUnique({ where: { id: claimId }, select: { bureauId: true } });
    return row?.bureauId ?? null;
  }

  async create(input: CreateClaimInput, actor: AuditActor = SYSTEM_ACTOR) {
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

    const programme = await this.db.programme.findUnique({
      where: { id: input.programmeId },
      include: { bureau: true },
    });
    if (!programme) throw new NotFound('programme', input.programmeId);
    const rules = (programme.rules ?? {}) as { mechanism?: string; settlementCadence?: SettlementCadence | null };
    const mechanism =
      rules.mechanism === 'reimbursed' || rules.mechanism === 'contract_settlement' ? rules.mechanism : 'on_bill';
    if (rules.settlementCadence && input.settlementCadence && input.settlementCadence !== rules.settlementCadence) {
      throw new InvalidInput('claim', [
        { path: 'settlementCadence', message: `programme ${programme.id} settles ${rules.settlementCadence}` },
      ]);
    }
    const cadence: SettlementCadence = rules.settlementCadence ?? input.settlementCadence ?? 'quarterly';
    const periods = cyclePeriods(cadence, input.cycle);
    if (cadence === 'per_contract') {
      if (!(await this.db.contract.findUnique({ where: { id: input.cycle } })))
        throw new InvalidInput('claim', [
          { path: 'cycle', message: `a per-contract cycle is a contract id: no contract ${input.cycle}` },
        ]);
    } else if (!periods) {
      throw new InvalidInput('claim', [
        { path: 'cycle', message: `not a ${cadence} cycle (2026-Q4 quarterly, 2026 yearly)` },
      ]);
    }
    if (
      await this.db.claim.findUnique({
        where: { programmeId_cycle: { programmeId: programme.id, cycle: input.cycle } },
      })
    ) {
      throw new AlreadyExists('claim of programme for cycle', `${programme.id} ${input.cycle}`);
    }

    // redemptions of issued statements in the cycle (reimbursed programmes: paid statements only), not on another
    // claim (of the same contract, or of the whole statement), and not of a grant clawed back (reversed: nothing to
    // claim)
    const contractKey = claimContractKey(cadence, input.cycle);
    const [claimed, clawedBack] = await Promise.all([
      this.db.claimLine.findMany({
        where: { programmeId: programme.id },
        select: { statementId: true, contractId: true },
      }),
      this.db.clawback.findMany({ where: { programmeId: programme.id }, select: { grantId: true } }),
    ]);
    const candidates = await this.db.deduction.findMany({
      where: {
        programmeId: programme.id,
        grantId: { notIn: clawedBack.map((c) => c.grantId) },
        statement: {
          ...(periods ? { periodId: { in: periods } } : {}),
          status: { in: mechanism === 'reimbursed' ? ['paid'] : ['issued', 'paid'] },
        },
        statementId: { notIn: statementsTaken(claimed, contractKey) },
      },
      include: { statement: { include: { tenant: true } } },
    });
    // per contract: only the deductions on that contract's lines
    const candidateLines =
      contractKey === WHOLE_STATEMENT
        ? []
        : await this.db.statementLine.findMany({
            where: { statementId: { in: [...new Set(candidates.map((d) => d.statementId))] } },
            select: { statementId: true, lineId: true, contractId: true },
          });
    const deductions = inScope(candidates, candidateLines, contractKey);
    const byStatement = new Map<string, typeof deductions>();
    for (const d of deductions) byStatement.set(d.statementId, [...(byStatement.get(d.statementId) ?? []), d]);
    const statementIds = [...byStatement.keys()];
    const statementLines = await this.db.statementLine.findMany({ where: { statementId: { in: statementIds } } });

    const id = `clm_${randomUUID()}`;
    const lines = [...byStatement.values()]
      .map((ds) => {
        const s = ds[0].statement;
        const onStatement = statementLines.flatMap((l) =>
          l.statementId === s.id && l.contractId ? [l.contractId] : [],
        );
        const contractIds = contractKey !== WHOLE_STATEMENT ? [contractKey] : [...new Set(onStatement)].sort();
        return {
          id: `${id}:${s.number}`,
          statementId: s.id,
          contractId: contractKey,
          tenantId: s.tenantId,
          tenantName: s.tenant.name,
          statementNumber: s.number ?? s.id,
          periodId: s.periodId,
          amount: formatAmount(sum(ds.map((d) => toDecimal(d.amount)))),
          invoiceNumber: s.invoiceNumber,
          paymentReference: s.paymentReference,
          contractIds,
        };
      })
      .sort((a, b) => a.tenantId.localeCompare(b.tenantId) || a.periodId.localeCompare(b.periodId));
    // a contract-settlement programme claims its recorded settlements, one line each (it has no deductions)
    if (mechanism === 'contract_settlement')
      lines.push(
        ...(await settlementClaimLines(this.db, {
          claimId: id,
          programmeId: programme.id,
          cadence,
          cycle: input.cycle,
        })),
      );
    if (lines.length === 0) {
      const which =
        mechanism === 'reimbursed'
          ? 'paid statements'
          : mechanism === 'on_bill'
            ? 'issued statements'
            : 'recorded contract settlements';
      throw new InvalidState(
        BillingErrorCode.NOTHING_TO_CLAIM,
        `programme ${programme.id} has no unclaimed redemptions on ${which} of ` +
          `${cadence === 'per_contract' ? `contract ${input.cycle}` : input.cycle}`,
      );
    }
    const total = formatAmount(sum(lines.map((l) => new Decimal(l.amount))));

    const claimedLines = statementLines
      .map((l) => {
        const ds = (byStatement.get(l.statementId) ?? []).filter((d) => d.lineId === l.lineId);
        const statement = byStatement.get(l.statementId)?.[0].statement;
        return { l, claimed: sum(ds.map((d) => toDecimal(d.amount))), number: statement?.number ?? l.statementId };
      })
      .filter((x) => x.claimed.gt(ZERO));
    const jobs = await jobQuantities(
      this.db,
      this.ch,
      claimedLines.map((x) => x.l),
    );
    const document: ClaimDocument = {
      id,
      programme: { id: programme.id, name: programme.name, mechanism },
      bureau: { id: programme.bureauId, name: programme.bureau.name },
      cadence,
      cycle: input.cycle,
      total,
      createdAt: new Date(),
      lines,
      statementLines: claimedLines.map(({ l, claimed, number }) => ({
        statementNumber: number,
        tenantId: l.tenantId,
        lineId: l.lineId,
        usagePeriodId: l.usagePeriodId,
        sku: l.sku ?? '',
        jobType: l.jobType ?? '',
        quantityBase: l.quantityBase.toString(),
        amount: formatAmount(toDecimal(l.amount)),
        claimed: formatAmount(claimed),
      })),
      jobs: claimedLines.flatMap(({ l, number }) =>
        jobsOf(jobs, l).map((j) => ({
          statementNumber: number,
          lineId: l.lineId,
          tenantId: j.tenantId,
          jobId: j.jobId,
          sku: j.sku,
          jobType: j.jobType,
          quantityBase: j.quantityBase,
        })),
      ),
    };
    const pack = await renderEvidencePack(document);

    // a concurrent build loses on a unique index: of the same programme × cycle (the same 409 as above), or of
    // another cycle that took some of these statements first (programme × statement × contract goes on one claim)
    const duplicate = (error: unknown) => (error as { code?: string })?.code === 'P2002';
    await this.db
      .$transaction(async (tx) => {
        await tx.claim.create({
          data: {
            id,
            programmeId: programme.id,
            bureauId: programme.bureauId,
            cadence,
            cycle: input.cycle,
            mechanism,
            total,
            manifestSha256: pack.manifestSha256,
          },
        });
        if (lines.length) {
          await tx.claimLine.createMany({
            data: lines.map((l) => ({
              id: l.id,
              claimId: id,
              programmeId: programme.id,
              statementId: l.statementId,
              contractId: l.contractId,
              tenantId: l.tenantId,
              statementNumber: l.statementNumber,
              periodId: l.periodId,
              amount: l.amount,
              invoiceNumber: l.invoiceNumber,
              paymentReference: l.paymentReference,
              contractIds: l.contractIds,
            })),
          });
        }
        await tx.claimEvidenceFile.createMany({
          data: pack.files.map((f) => ({
            claimId: id,
            name: f.name,
            contentType: f.contentType,
            content: new Uint8Array(f.content),
            sha256: f.sha256,
          })),
        });
        await this.audit.append(prismaAuditSql(tx), {
          actor,
          action: 'claim.create',
          entityType: 'claim',
          entityId: id,
          after: {
            id,
            programmeId: programme.id,
            cycle: input.cycle,
            cadence,
            status: 'draft',
            total,
            manifestSha256: pack.manifestSha256,
            lines: lines.map((l) => ({ id: l.id, amount: l.amount })),
          },
        });
      }, TX)
      .catch(async (error: unknown) => {
        if (!duplicate(error)) throw error;
        if (
          await this.db.claim.findUnique({
            where: { programmeId_cycle: { programmeId: programme.id, cycle: input.cycle } },
          })
        )
          throw new AlreadyExists('claim of programme for cycle', `${programme.id} ${input.cycle}`);
        throw new InvalidState(
          BillingErrorCode.STATEMENT_ALREADY_CLAIMED,
          `a claim of programme ${programme.id} built at the same time took some of these statements: build the ` +
            `${input.cycle} claim again`,
        );
      });
    return this.get(id);
  }

  /** Claims, newest first; `bureauId` limits to one bureau's (a bureau auditor sees only its own). */
  async list(filter: { bureauId?: string; programmeId?: string; status?: string } = {}) {
    const statuses: readonly string[] = Object.keys(CLAIM_TRANSITIONS);
    if (filter.status !== undefined && !statuses.includes(filter.status))
      throw new InvalidInput('claim filter', [{ path: 'status', message: `one of ${statuses.join(', ')}` }]);
    const rows = await this.db.claim.findMany({
      where: {
        bureauId: filter.bureauId,
        programmeId: filter.programmeId,
        status: filter.status as ClaimState | undefined,
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      include: { _count: { select: { lines: true } } },
    });
    const amount = (d: { toFixed(): string } | null) => (d == null ? null : formatAmount(toDecimal(d)));
    return rows.map((c) => ({
      id: c.id,
      programmeId: c.programmeId,
      bureauId: c.bureauId,
      cadence: c.cadence,
      cycle: c.cycle,
      mechanism: c.mechanism,
      status: c.status,
      total: amount(c.total),
      approvedAmount: amount(c.approvedAmount),
      rejectedAmount: amount(c.rejectedAmount),
      lines: c._count.lines,
      paymentReference: c.paymentReference,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    }));
  }

  private async load(claimId: string) {
    const claim = await this.db.claim.findUnique({
      where: { id: claimId },
      include: { lines: { orderBy: [{ tenantId: 'asc' }, { periodId: 'asc' }] } },
    });
    if (!claim) throw new ClaimNotFound(claimId);
    return claim;
  }

  /**
   * The claim, its lines and the reconciliation with the ledger: postings on the programme's redeemed account of its
   * statements, less the redemptions there its lines do not cover (other contracts').
   */
  async get(claimId: string) {
    const claim = await this.load(claimId);
    const linesTotal = formatAmount(sum(claim.lines.map((l) => toDecimal(l.amount))));
    const ledgerTotal = formatAmount(await ledgerTotalOf(this.db, claim));
    const charges = await this.charges.forSources(claim.lines.map((l) => l.id));
    return {
      id: claim.id,
      programmeId: claim.programmeId,
      bureauId: claim.bureauId,
      cadence: claim.cadence,
      cycle: claim.cycle,
      mechanism: claim.mechanism,
      status: claim.status,
      total: formatAmount(toDecimal(claim.total)),
      approvedAmount: claim.approvedAmount == null ? null : formatAmount(toDecimal(claim.approvedAmount)),
      rejectedAmount: claim.rejectedAmount == null ? null : formatAmount(toDecimal(claim.rejectedAmount)),
      manifestSha256: claim.manifestSha256,
      paymentReference: claim.paymentReference,
      createdAt: claim.createdAt,
      lines: claim.lines.map((l) => ({
        id: l.id,
        statementId: l.statementId,
        tenantId: l.tenantId,
        statementNumber: l.statementNumber,
        periodId: l.periodId,
        amount: formatAmount(toDecimal(l.amount)),
        invoiceNumber: l.invoiceNumber,
        paymentReference: l.paymentReference,
        contractIds: l.contractIds,
        decision: l.decision,
        reason: l.reason,
      })),
      // rejected amounts billed back to tenants (their next statement)
      charges: charges.map((c) => ({
        id: c.id,
        claimLineId: c.sourceId,
        tenantId: c.tenantId,
        amount: formatAmount(toDecimal(c.amount)),
        reason: c.reason,
        status: c.status,
        statementId: c.statementId,
      })),
      reconciliation: {
        linesTotal,
        ledgerTotal,
        reconciles: linesTotal === formatAmount(toDecimal(claim.total)) && linesTotal === ledgerTotal,
      },
    };
  }

  /** Moves the claim from one of `from` to `to` under a row lock, appending the audit event in the same transaction. */
  private async transition(
    claimId: string,
    to: ClaimState,
    actor: AuditActor,
    action: string,
    change: (
      tx: Prisma.TransactionClient,
      claim: Awaited<ReturnType<ClaimService['load']>>,
    ) => Promise<Prisma.ClaimUpdateInput & { payload?: Record<string, unknown> }>,
  ) {
    await this.db.$transaction(async (tx) => {
      await tx.$queryRawUnsafe('SELECT id FROM claims WHERE id = $1 FOR UPDATE', claimId);
      const claim = await tx.claim.findUnique({ where: { id: claimId }, include: { lines: true } });
      if (!claim) throw new ClaimNotFound(claimId);
      if (!canTransition(claim.status, to)) throw new ClaimTransitionRefused(claimId, claim.status, to);
      const { payload, ...data } = await change(tx, claim);
      const status = (data.status as ClaimState | undefined) ?? to;
      if (!canTransition(claim.status, status)) throw new ClaimTransitionRefused(claimId, claim.status, status);
      await tx.claim.update({ where: { id: claimId }, data: { ...data, status } });
      await this.audit.append(prismaAuditSql(tx), {
        actor,
        action,
        entityType: 'claim',
        entityId: claimId,
        before: { status: claim.status },
        after: { status },
        payload,
      });
      await notifyClaimChange(prismaAuditSql(tx), { ...claim, action, status, detail: { ...data, ...payload } });
    }, TX);
    return this.get(claimId);
  }

  submit(claimId: string, actor: AuditActor = SYSTEM_ACTOR) {
    return this.transition(claimId, 'submitted', actor, 'claim.submit', async () => ({}));
  }

  startReview(claimId: string, actor: AuditActor = SYSTEM_ACTOR) {
    return this.transition(claimId, 'under_review', actor, 'claim.review.start', async () => ({}));
  }

  /**
   * The bureau's decision on every line (each with a reason when rejected). The claim follows: all approved →
   * approved, none → rejected, else partly_approved. A rejected line's amount becomes a pending charge billed on the
   * tenant's next statement unless the programme's rules say `rejectedAmountsToTenant: false`.
   */
  review(claimId: string, decisions: ReviewDecision[], actor: AuditActor = SYSTEM_ACTOR) {
    const issues: { path: string; message: string }[] = [];
    if (!Array.isArray(decisions))
      issues.push({ path: 'decisions', message: 'an array of { lineId, decision, reason }' });
    else
      decisions.forEach((d, i) => {
        if (typeof d?.lineId !== 'string') issues.push({ path: `decisions[${i}].lineId`, message: 'required' });
        if (d?.decision !== 'approved' && d?.decision !== 'rejected')
          issues.push({ path: `decisions[${i}].decision`, message: 'approved or rejected' });
        if (d?.decision === 'rejected' && (typeof d.reason !== 'string' || d.reason.trim() === ''))
          issues.push({ path: `decisions[${i}].reason`, message: 'a rejection needs a reason' });
      });
    if (issues.length) return Promise.reject(new InvalidInput('claim review', issues));
    return this.transition(claimId, 'approved', actor, 'claim.review', async (tx, claim) => {
      const byLine = new Map(decisions.map((d) => [d.lineId, d]));
      const unknown = decisions.filter((d) => !claim.lines.some((l) => l.id === d.lineId)).map((d) => d.lineId);
      const undecided = claim.lines.filter((l) => !byLine.has(l.id)).map((l) => l.id);
      if (unknown.length || undecided.length) {
        throw new InvalidInput('claim review', [
          ...unknown.map((id) => ({ path: 'decisions', message: `no line ${id} on this claim` })),
          ...undecided.map((id) => ({ path: 'decisions', message: `line ${id} needs a decision` })),
        ]);
      }
      const programme = await tx.programme.findUnique({ where: { id: claim.programmeId } });
      const toTenant =
        (programme?.rules as { rejectedAmountsToTenant?: boolean } | null)?.rejectedAmountsToTenant !== false;
      let approved = ZERO;
      let rejected = ZERO;
      for (const line of claim.lines) {
        const d = byLine.get(line.id) as ReviewDecision;
        await tx.claimLine.update({ where: { id: line.id }, data: { decision: d.decision, reason: d.reason ?? null } });
        const amount = toDecimal(line.amount);
        if (d.decision === 'approved') approved = approved.plus(amount);
        else {
          rejected = rejected.plus(amount);
          if (toTenant && amount.gt(ZERO)) {
            await this.charges.add(tx, {
              id: `chg_${line.id}`,
              tenantId: line.tenantId,
              kind: 'claim_rejected',
              programmeId: claim.programmeId,
              grantId: null,
              sourceId: line.id,
              amount: formatAmount(amount),
              reason: `claim ${claimId} line ${line.statementNumber} rejected by the bureau: ${d.reason as string}`,
            });
          }
        }
      }
      return {
        status: statusAfterReview(claim.lines.map((l) => (byLine.get(l.id) as ReviewDecision).decision)),
        approvedAmount: formatAmount(approved),
        rejectedAmount: formatAmount(rejected),
        payload: {
          decisions: claim.lines.map((l) => ({ lineId: l.id, ...byLine.get(l.id) })),
          rejectedAmountsToTenant: toTenant,
        },
      };
    });
  }

  pay(claimId: string, paymentReference: string, actor: AuditActor = SYSTEM_ACTOR) {
    if (typeof paymentReference !== 'string' || paymentReference.trim() === '') {
      return Promise.reject(new InvalidInput('claim payment', [{ path: 'paymentReference', message: 'required' }]));
    }
    return this.transition(claimId, 'paid', actor, 'claim.pay', async () => ({
      paymentReference,
      payload: { paymentReference },
    }));
  }

  async evidenceFile(claimId: string, name: string) {
    await this.load(claimId);
    const file = await this.db.claimEvidenceFile.findUnique({ where: { claimId_name: { claimId, name } } });
    if (!file) throw new ClaimNotFound(`${claimId}/${name}`);
    return { name: file.name, contentType: file.contentType, content: Buffer.from(file.content) };
  }

  async verifyEvidence(claimId: string): Promise<PackVerification & { manifestSha256: string }> {
    const claim = await this.load(claimId);
    const files = await this.db.claimEvidenceFile.findMany({ where: { claimId }, orderBy: { name: 'asc' } });
    return {
      ...verifyEvidencePack(
        files.map((f) => ({ name: f.name, content: Buffer.from(f.content) })),
        claim.manifestSha256,
      ),
      manifestSha256: claim.manifestSha256,
    };
  }

  /**
   * Claim → lines (statements) → statement lines (the claimed deduction on each) → per-job quantities from the raw
   * records. Each level carries its total and whether it equals the sum of the level below.
   */
  async drillDown(claimId: string) {
    const claim = await this.load(claimId);
    const { covered: deductions, statementLines } = await coveredDeductions(this.db, claim);
    const claimedOf = (statementId: string, lineId: string) =>
      sum(
        deductions.filter((d) => d.statementId === statementId && d.lineId === lineId).map((d) => toDecimal(d.amount)),
      );
    const relevant = statementLines.filter((l) => claimedOf(l.statementId, l.lineId).gt(ZERO));
    const jobs = await jobQuantities(this.db, this.ch, relevant);
    const lines = claim.lines.map((line) => {
      const sLines = relevant
        .filter((l) => l.statementId === line.statementId)
        .map((l) => {
          const lineJobs = jobsOf(jobs, l);
          const jobsTotal = sum(lineJobs.map((j) => new Decimal(j.quantityBase)));
          const quantityBase = toDecimal(l.quantityBase);
          return {
            lineId: l.lineId,
            usagePeriodId: l.usagePeriodId,
            sku: l.sku,
            jobType: l.jobType,
            isAdjustment: l.isAdjustment,
            quantityBase: quantityBase.toFixed(6),
            amount: formatAmount(toDecimal(l.amount)),
            claimed: formatAmount(claimedOf(l.statementId, l.lineId)),
            jobs: lineJobs.map((j) => ({ jobId: j.jobId, quantityBase: j.quantityBase })),
            jobsQuantityBase: jobsTotal.toFixed(6),
            reconciles: jobsTotal.eq(quantityBase),
          };
        });
      const claimedTotal = sum(sLines.map((s) => new Decimal(s.claimed)));
      const amount = toDecimal(line.amount);
      return {
        id: line.id,
        tenantId: line.tenantId,
        statementNumber: line.statementNumber,
        periodId: line.periodId,
        amount: formatAmount(amount),
        decision: line.decision,
        statementLines: sLines,
        statementLinesClaimed: formatAmount(claimedTotal),
        reconciles: claimedTotal.eq(amount) && sLines.every((s) => s.reconciles),
      };
    });
    const linesTotal = sum(lines.map((l) => new Decimal(l.amount)));
    const total = toDecimal(claim.total);
    return {
      id: claim.id,
      programmeId: claim.programmeId,
      cycle: claim.cycle,
      status: claim.status,
      total: formatAmount(total),
      linesTotal: formatAmount(linesTotal),
      reconciles: linesTotal.eq(total) && lines.every((l) => l.reconciles),
      lines,
    };
  }
}
