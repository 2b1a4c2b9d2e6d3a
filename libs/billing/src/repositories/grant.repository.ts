import { Injectable } from '@nestjs/common';
import { prismaAuditSql } from '@park/audit-store';
import { PrismaService, Prisma } from '@park/db';
import { Decimal } from '@park/money';
import { notifyGrantExpired } from '@park/notifications';
import { ledgerAccount } from '../ledger/ledger.accounts';
import { LedgerRepository } from '../ledger/ledger.repository';

export type GrantRow = Prisma.GrantGetPayload<object>;

export interface LedgerEntryRow {
  transactionId: string;
  kind: string;
  statementId: string | null;
  memo: string | null;
  amount: string;
  usageYear: number | null;
  createdAt: Date;
}

/** A tenant holding grants of some programmes, and when its earliest was issued. */
export interface GrantHolder {
  readonly tenantId: string;
  readonly issuedAt: Date;
}

/** Grants and their ledger accounts. Every read takes the tenant id, so a tenant only ever sees its own. */
@Injectable()
export class GrantRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly ledger: LedgerRepository,
  ) {}

  listForTenant(tenantId: string): Promise<GrantRow[]> {
    return this.prisma.client.grant.findMany({ where: { tenantId }, orderBy: { id: 'asc' } });
  }

  findForTenant(tenantId: string, grantId: string): Promise<GrantRow | null> {
    return this.prisma.client.grant.findFirst({ where: { id: grantId, tenantId } });
  }

  /** The bar on a tenant in a programme (after a clawback), or null. */
  barOf(programmeId: string, tenantId: string): Promise<Prisma.ProgrammeBarGetPayload<object> | null> {
    return this.prisma.client.programmeBar.findUnique({ where: { programmeId_tenantId: { programmeId, tenantId } } });
  }

  listForProgramme(programmeId: string): Promise<GrantRow[]> {
    return this.prisma.client.grant.findMany({ where: { programmeId }, orderBy: { id: 'asc' } });
  }

  /**
   * Creates the grant and posts its face value in one transaction: grant account +face, programme issued −face.
   * `last` runs at the end of that transaction (the audit event of the issue).
   */
  async issue(
    data: {
      id: string;
      programmeId: string;
      tenantId: string;
      contractId: string | null;
      faceValue: string;
      validFrom: string;
      validTo: string;
    },
    last?: (tx: Prisma.TransactionClient) => Promise<unknown>,
  ): Promise<GrantRow> {
    return this.prisma.client.$transaction(
      async (tx) => {
        const grant = await tx.grant.create({ data });
        await tx.ledgerAccount.createMany({
          data: [
            {
              id: ledgerAccount.grant(data.id),
              kind: 'grant',
              programmeId: data.programmeId,
              tenantId: data.tenantId,
              grantId: data.id,
            },
            { id: ledgerAccount.issued(data.programmeId), kind: 'programme_issued', programmeId: data.programmeId },
            { id: ledgerAccount.redeemed(data.programmeId), kind: 'programme_redeemed', programmeId: data.programmeId },
          ],
          skipDuplicates: true,
        });
        await this.ledger.post(tx, {
          kind: 'grant_issue',
          idempotencyKey: `grant_issue:${data.id}`,
          tenantId: data.tenantId,
          programmeId: data.programmeId,
          memo: `face value of grant ${data.id}`,
          postings: [
            { accountId: ledgerAccount.grant(data.id), amount: data.faceValue },
            { accountId: ledgerAccount.issued(data.programmeId), amount: `-${data.faceValue}` },
          ],
        });
        await last?.(tx);
        return grant;
      },
      { maxWait: 10_000, timeout: 10_000 },
    );
  }

  setStatus(
    tenantId: string,
    grantId: string,
    status: 'active' | 'suspended' | 'revoked',
    reason: string | null,
  ): Promise<Prisma.BatchPayload> {
    return this.prisma.client.grant.updateMany({
      where: { id: grantId, tenantId },
      data: { status, statusReason: reason },
    });
  }

  /** Active tenants of a park holding a grant of these programmes, with when their earliest one was issued. */
  async firstGrantIssuedAt(parkId: string, programmeIds: readonly string[]): Promise<GrantHolder[]> {
    if (programmeIds.length === 0) return [];
    const rows = await this.prisma.client.grant.groupBy({
      by: ['tenantId'],
      where: { programmeId: { in: [...programmeIds] }, tenant: { parkId, status: 'active' } },
      _min: { createdAt: true },
      orderBy: { tenantId: 'asc' },
    });
    return rows.map((r) => ({ tenantId: r.tenantId, issuedAt: r._min.createdAt ?? new Date(0) }));
  }

  /**
   * The balance left on an expired grant lapses: one `grant_expiry` transaction (grant account −balance, the
   * programme's issued account +balance, as a voided balance), so the bureau's liability falls. Under the grant's row
   * lock (the issuing transaction's order); posted once per grant (idempotency key). Returns the amount that lapsed
   * now, or null when nothing was posted (already expired, or no balance).
   */
  async expire(tenantId: string, grantId: string, memo: string): Promise<string | null> {
    return this.prisma.client.$transaction(
      async (tx) => {
        const [grant] = await tx.$queryRaw<{ programme_id: string }[]>`
        SELECT programme_id FROM grants WHERE id = ${grantId} AND tenant_id = ${tenantId} FOR UPDATE`;
        if (!grant) return null;
        const key = `grant_expiry:${grantId}`;
        if ((await tx.ledgerTransaction.count({ where: { idempotencyKey: key } })) > 0) return null;
        const [{ balance }] = await tx.$queryRaw<{ balance: string }[]>`
        SELECT COALESCE(SUM(amount), 0)::numeric(20, 2)::text AS balance
        FROM ledger_postings WHERE account_id = ${ledgerAccount.grant(grantId)}`;
        if (!new Decimal(balance).greaterThan(0)) return null;
        await this.ledger.post(tx, {
          kind: 'grant_expiry',
          idempotencyKey: key,
          tenantId,
          programmeId: grant.programme_id,
          memo,
          postings: [
            { accountId: ledgerAccount.grant(grantId), amount: `-${balance}` },
            { accountId: ledgerAccount.issued(grant.programme_id), amount: balance },
          ],
        });
        await notifyGrantExpired(prismaAuditSql(tx), { grantId, tenantId, lapsed: balance });
        return balance;
      },
      { maxWait: 10_000, timeout: 10_000 },
    );
  }

  /** What lapsed at expiry, per grant of the tenant (grants without an expiry entry are absent). */
  async lapsed(tenantId: string, grantIds: readonly string[]): Promise<Map<string, string>> {
    if (grantIds.length === 0) return new Map();
    const rows = await this.prisma.client.$queryRaw<{ grant_id: string; amount: string }[]>`
      SELECT a.grant_id, (-SUM(p.amount))::text AS amount
      FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id
      JOIN ledger_accounts a ON a.id = p.account_id
      WHERE t.kind = 'grant_expiry' AND a.tenant_id = ${tenantId} AND a.grant_id = ANY(${[...grantIds]}::text[])
      GROUP BY a.grant_id`;
    return new Map(rows.map((r) => [r.grant_id, r.amount]));
  }

  /** Balances of a tenant's grants: the sum of each grant account's postings. */
  async balances(tenantId: string, grantIds: readonly string[]): Promise<Map<string, string>> {
    if (grantIds.length === 0) return new Map();
    const rows = await this.prisma.client.$queryRaw<{ grant_id: string; balance: string }[]>`
      SELECT a.grant_id, COALESCE(SUM(p.amount), 0)::text AS balance
      FROM ledger_accounts a LEFT JOIN ledger_postings p ON p.account_id = a.id
      WHERE a.tenant_id = ${tenantId} AND a.grant_id = ANY(${[...grantIds]}::text[])
      GROUP BY a.grant_id`;
    return new Map(rows.map((r) => [r.grant_id, r.balance]));
  }

  /** Voucher counters of a tenant (tenant-year, cumulative as year 0) and the pools ('' tenant) of these programmes. */
  async counters(
    tenantId: string,
    programmeIds: readonly string[],
  ): Promise<{ programmeId: string; tenantId: string; year: number; used: string }[]> {
    if (programmeIds.length === 0) return [];
    return this.prisma.client.$queryRaw`
      SELECT programme_id AS "programmeId", tenant_id AS "tenantId", year, used::text AS used FROM voucher_counters
      WHERE programme_id = ANY(${[...programmeIds]}::text[]) AND tenant_id IN ('', ${tenantId})`;
  }

  async history(tenantId: string, grantId: string): Promise<LedgerEntryRow[]> {
    return this.prisma.client.$queryRaw<LedgerEntryRow[]>`
      SELECT t.id AS "transactionId", t.kind, t.statement_id AS "statementId", t.memo, p.amount::text AS amount,
             p.usage_year AS "usageYear", p.created_at AS "createdAt"
      FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id
      WHERE p.account_id = ${ledgerAccount.grant(grantId)} AND p.tenant_id = ${tenantId}
      ORDER BY p.id`;
  }
}
