import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PrismaService, Prisma } from '@park/db';
import type { ContractSettlementSteps } from '@park/billing-domain';
import { Decimal } from '@park/money';
import { ledgerAccount } from '../ledger/ledger.accounts';
import { LedgerRepository } from '../ledger/ledger.repository';

export type ContractSettlementRow = Prisma.ContractSettlementGetPayload<object>;

/** What a tenant's earlier settlements of a programme paid: in one year, and in all. */
export interface SettlementUsage {
  readonly usedThisYear: string;
  readonly usedCumulative: string;
}

export interface RecordSettlement {
  readonly programmeId: string;
  readonly tenantId: string;
  readonly contractId: string;
  readonly settledAmount: string;
  readonly settledOn: string;
  readonly reference: string;
  /** Computes the subsidy from what was used (read under the programme × tenant lock). */
  readonly compute: (used: (year: number) => Promise<SettlementUsage>) => Promise<ContractSettlementSteps>;
  /** Runs last in the transaction (the audit event), with the stored row. */
  readonly last: (tx: Prisma.TransactionClient, row: ContractSettlementRow) => Promise<unknown>;
}

/**
 * Contract settlements and their ledger entries. One transaction per settlement, serialised per programme × tenant
 * (so caps read what earlier settlements used); the subsidy is posted by the ledger's one writer: programme
 * redeemed +amount, programme issued −amount (granted and paid at once: no grant holds it in between).
 */
@Injectable()
export class ContractSettlementRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly ledger: LedgerRepository,
  ) {}

  listForContract(tenantId: string, contractId: string): Promise<ContractSettlementRow[]> {
    return this.prisma.client.contractSettlement.findMany({
      where: { tenantId, contractId },
      orderBy: [{ baseFrom: 'asc' }, { programmeId: 'asc' }],
    });
  }

  async record(input: RecordSettlement): Promise<ContractSettlementRow> {
    const { programmeId, tenantId, contractId } = input;
    return this.prisma.client.$transaction(
      async (tx) => {
        const lock = `contract_settlement|${programmeId}|${tenantId}`;
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${lock}, 0))`;
        const steps = await input.compute(async (year) => {
          const [row] = await tx.$queryRaw<{ year_used: string; all_used: string }[]>`
            SELECT COALESCE(SUM(subsidy) FILTER (WHERE year = ${year}), 0)::text AS year_used,
                   COALESCE(SUM(subsidy), 0)::text AS all_used
            FROM contract_settlements WHERE programme_id = ${programmeId} AND tenant_id = ${tenantId}`;
          return { usedThisYear: row.year_used, usedCumulative: row.all_used };
        });
        const id = randomUUID();
        const ledgerTransactionId = new Decimal(steps.amount).greaterThan(0)
          ? await this.post(tx, { id, programmeId, tenantId, contractId, reference: input.reference, steps })
          : null;
        const row = await tx.contractSettlement.create({
          data: {
            id,
            programmeId,
            tenantId,
            contractId,
            baseFrom: steps.basePeriod.from,
            baseTo: steps.basePeriod.to,
            year: steps.year,
            settledAmount: steps.settledAmount,
            settledOn: steps.settledOn,
            reference: input.reference,
            subsidy: steps.amount,
            steps: steps as unknown as Prisma.InputJsonValue,
            ledgerTransactionId,
          },
        });
        await input.last(tx, row);
        return row;
      },
      { maxWait: 10_000, timeout: 10_000 },
    );
  }

  private async post(
    tx: Prisma.TransactionClient,
    s: {
      id: string;
      programmeId: string;
      tenantId: string;
      contractId: string;
      reference: string;
      steps: ContractSettlementSteps;
    },
  ): Promise<string> {
    await tx.ledgerAccount.createMany({
      data: [
        { id: ledgerAccount.issued(s.programmeId), kind: 'programme_issued', programmeId: s.programmeId },
        { id: ledgerAccount.redeemed(s.programmeId), kind: 'programme_redeemed', programmeId: s.programmeId },
      ],
      skipDuplicates: true,
    });
    return this.ledger.post(tx, {
      kind: 'contract_settlement',
      idempotencyKey: `contract_settlement:${s.id}`,
      tenantId: s.tenantId,
      programmeId: s.programmeId,
      memo: `settlement ${s.reference} of contract ${s.contractId}`,
      postings: [
        { accountId: ledgerAccount.redeemed(s.programmeId), amount: s.steps.amount, year: s.steps.year },
        { accountId: ledgerAccount.issued(s.programmeId), amount: `-${s.steps.amount}`, year: s.steps.year },
      ],
    });
  }
}
