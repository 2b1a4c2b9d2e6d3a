import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { appendAuditEvent, prismaAuditSql, SYSTEM_ACTOR, type AuditActor } from '@park/audit-store';
import {
  checkInvoiceAmounts,
  invoiceFileType,
  invoiceRefusal,
  isLocalDate,
  localDateOf,
  paymentRefusal,
  type InvoiceType,
} from '@park/billing-domain';
import { parseDecimal, tryParse } from '@park/money';
import { notifyStatementPaid } from '@park/notifications';
import { AlreadyExists, InvalidInput, InvalidState, NotFound } from '../errors/billing.errors';
import { BillingErrorCode } from '../errors/billing-error-codes';
import { SettlementRepository, type LockedStatement, type SettlementTx } from './settlement.repository';
import { invoiceAudit, invoiceView, paymentAudit, paymentView, settlementOfRows } from './settlement.views';
import type { InvoiceView, PaymentView } from './settlement.views';

export interface InvoiceInput {
  readonly type: InvoiceType;
  readonly number: string;
  readonly issuedOn: string;
  readonly amountExclTax: string;
  readonly tax: string;
  readonly amountInclTax: string;
  /** The invoice as issued: a PDF or an OFD, told by its first bytes (the declared type must agree). */
  readonly file?: { readonly contentType: 'application/pdf' | 'application/ofd'; readonly content: Buffer };
}

export interface PaymentInput {
  readonly receivedOn: string;
  readonly amount: string;
  readonly bankReference: string;
  readonly payer?: string;
}

/**
 * Records invoices and payments against an issued statement, each write in one transaction holding the statement's
 * row lock, with its audit event (and `statement.paid` when the balance reaches 0). Reads: SettlementReadService.
 */
@Injectable()
export class StatementSettlementService {
  constructor(private readonly repo: SettlementRepository) {}

  async recordInvoice(tenantId: string, periodId: string, input: InvoiceInput, actor: AuditActor = SYSTEM_ACTOR) {
    const { amounts, issues } = checkInvoiceAmounts(input);
    if (!isLocalDate(input.issuedOn)) issues.push({ path: 'issuedOn', message: 'a date (YYYY-MM-DD)' });
    const fileType = input.file ? invoiceFileType(input.file.content) : null;
    if (input.file && fileType !== input.file.contentType)
      issues.push({ path: 'file.contentBase64', message: `not ${input.file.contentType} (%PDF- or an OFD zip)` });
    if (!amounts || issues.length > 0) throw new InvalidInput('invoice', issues);
    return this.write(tenantId, periodId, async (tx, statement) => {
      const duplicate = await this.repo.invoiceByNumber(tx, input.type, input.number);
      if (duplicate) throw new AlreadyExists('invoice', `${input.type} ${input.number} (${duplicate.id})`);
      const refusal = invoiceRefusal(
        settlementOfRows(statement, statement.invoices, statement.payments),
        amounts.amountInclTax,
      );
      if (refusal) throw new InvalidState(BillingErrorCode.INVOICE_EXCEEDS_INVOICEABLE, refusal);
      const file = input.file;
      const row = await tx.statementInvoice.create({
        data: {
          id: `inv_${randomUUID()}`,
          statementId: statement.id,
          tenantId,
          type: input.type,
          number: input.number,
          issuedOn: input.issuedOn,
          amountExclTax: amounts.amountExclTax.toFixed(2),
          tax: amounts.tax.toFixed(2),
          amountInclTax: amounts.amountInclTax.toFixed(2),
          ...(file
            ? {
                fileContent: new Uint8Array(file.content),
                fileContentType: file.contentType,
                fileSha256: createHash('sha256').update(file.content).digest('hex'),
              }
            : {}),
          createdBy: actor.subject,
        },
      });
      await this.summariseInvoices(tx, statement, [...statement.invoices, row]);
      await appendAuditEvent(prismaAuditSql(tx), {
        actor,
        action: 'statement.invoice.record',
        entityType: 'statement_invoice',
        entityId: row.id,
        after: invoiceAudit(row),
        payload: { tenantId, periodId, statementId: statement.id, number: input.number, type: input.type },
      });
      return invoiceView(row);
    });
  }

  async voidInvoice(tenantId: string, periodId: string, invoiceId: string, reason: string, actor = SYSTEM_ACTOR) {
    return this.write(tenantId, periodId, async (tx, statement): Promise<InvoiceView> => {
      const before = statement.invoices.find((i) => i.id === invoiceId);
      if (!before) throw new NotFound('invoice', invoiceId);
      if (before.voided)
        throw new InvalidState(BillingErrorCode.INVOICE_ALREADY_VOIDED, `invoice ${before.number} is voided already`);
      const row = await tx.statementInvoice.update({
        where: { id: invoiceId },
        data: { voided: true, voidReason: reason, voidedAt: new Date(), voidedBy: actor.subject },
      });
      await this.summariseInvoices(
        tx,
        statement,
        statement.invoices.map((i) => (i.id === row.id ? row : i)),
      );
      await appendAuditEvent(prismaAuditSql(tx), {
        actor,
        action: 'statement.invoice.void',
        entityType: 'statement_invoice',
        entityId: row.id,
        before: invoiceAudit(before),
        after: invoiceAudit(row),
        payload: { tenantId, periodId, statementId: statement.id, number: row.number, reason },
      });
      return invoiceView(row);
    });
  }

  async recordPayment(tenantId: string, periodId: string, input: PaymentInput, actor: AuditActor = SYSTEM_ACTOR) {
    const parsed = tryParse(
      (v) => parseDecimal(v, { maxDecimals: 2, allowNegative: true, label: 'amount' }),
      input.amount,
    );
    const issues = parsed.ok ? [] : [{ path: 'amount', message: parsed.error }];
    if (!isLocalDate(input.receivedOn)) issues.push({ path: 'receivedOn', message: 'a date (YYYY-MM-DD)' });
    if (!parsed.ok || issues.length > 0) throw new InvalidInput('payment', issues);
    return this.write(tenantId, periodId, async (tx, statement): Promise<PaymentView> => {
      const duplicate = statement.payments.find((p) => !p.reversed && p.bankReference === input.bankReference);
      if (duplicate) throw new AlreadyExists('payment', `with bank reference ${input.bankReference} (${duplicate.id})`);
      const refusal = paymentRefusal(settlementOfRows(statement, statement.invoices, statement.payments), parsed.value);
      if (refusal?.reason === 'not_positive')
        throw new InvalidInput('payment', [{ path: 'amount', message: refusal.message }]);
      if (refusal) throw new InvalidState(BillingErrorCode.STATEMENT_OVERPAYMENT, refusal.message);
      const row = await tx.statementPayment.create({
        data: {
          id: `pay_${randomUUID()}`,
          statementId: statement.id,
          tenantId,
          receivedOn: input.receivedOn,
          amount: parsed.value.toFixed(2),
          bankReference: input.bankReference,
          payer: input.payer ?? null,
          createdBy: actor.subject,
        },
      });
      const status = await this.settleStatus(tx, statement, [...statement.payments, row], row.bankReference);
      await appendAuditEvent(prismaAuditSql(tx), {
        actor,
        action: 'statement.payment.record',
        entityType: 'statement_payment',
        entityId: row.id,
        after: paymentAudit(row),
        payload: { tenantId, periodId, statementId: statement.id, amount: row.amount.toFixed(2), status },
      });
      return paymentView(row);
    });
  }

  async reversePayment(tenantId: string, periodId: string, paymentId: string, reason: string, actor = SYSTEM_ACTOR) {
    return this.write(tenantId, periodId, async (tx, statement): Promise<PaymentView> => {
      const before = statement.payments.find((p) => p.id === paymentId);
      if (!before) throw new NotFound('payment', paymentId);
      if (before.reversed)
        throw new InvalidState(BillingErrorCode.PAYMENT_ALREADY_REVERSED, `payment ${before.id} is reversed already`);
      const row = await tx.statementPayment.update({
        where: { id: paymentId },
        data: { reversed: true, reversalReason: reason, reversedAt: new Date(), reversedBy: actor.subject },
      });
      const payments = statement.payments.map((p) => (p.id === row.id ? row : p));
      const status = await this.settleStatus(tx, statement, payments, null);
      await appendAuditEvent(prismaAuditSql(tx), {
        actor,
        action: 'statement.payment.reverse',
        entityType: 'statement_payment',
        entityId: row.id,
        before: paymentAudit(before),
        after: paymentAudit(row),
        payload: { tenantId, periodId, statementId: statement.id, amount: row.amount.toFixed(2), reason, status },
      });
      return paymentView(row);
    });
  }

  /**
   * `POST …/pay` (kept for its callers): a payment of the whole balance received today, with the bank reference
   * given; the invoice number is stored on the statement as given. Paid already with the same references: no-op.
   */
  async payInFull(
    tenantId: string,
    periodId: string,
    input: { paymentReference: string; invoiceNumber: string },
    actor: AuditActor = SYSTEM_ACTOR,
  ): Promise<void> {
    await this.write(tenantId, periodId, async (tx, statement) => {
      const settlement = settlementOfRows(statement, statement.invoices, statement.payments);
      const row = await tx.statement.findUniqueOrThrow({ where: { id: statement.id } });
      if (statement.status === 'paid') {
        if (row.paymentReference === input.paymentReference && row.invoiceNumber === input.invoiceNumber) return;
        throw new InvalidState(
          BillingErrorCode.STATEMENT_ALREADY_PAID,
          `statement ${statement.number} is already paid (payment ${row.paymentReference ?? 'none: nothing to pay'})`,
        );
      }
      if (settlement.balance.isPositive() && !settlement.balance.isZero())
        await tx.statementPayment.create({
          data: {
            id: `pay_${randomUUID()}`,
            statementId: statement.id,
            tenantId,
            receivedOn: localDateOf(new Date()),
            amount: settlement.balance.toFixed(2),
            bankReference: input.paymentReference,
            createdBy: actor.subject,
          },
        });
      await tx.statement.update({
        where: { id: statement.id },
        data: {
          status: 'paid',
          paidAt: new Date(),
          paymentReference: input.paymentReference,
          invoiceNumber: input.invoiceNumber,
        },
      });
      const totals = { id: statement.id, tenantId, periodId, netPayable: settlement.payable.toFixed(2) };
      await appendAuditEvent(prismaAuditSql(tx), {
        actor,
        action: 'statement.pay',
        entityType: 'statement',
        entityId: statement.id,
        before: { ...totals, status: 'issued' },
        after: { ...totals, status: 'paid', ...input },
        payload: { tenantId, periodId, number: statement.number, ...input, amount: settlement.balance.toFixed(2) },
      });
      await notifyStatementPaid(prismaAuditSql(tx), {
        statementId: statement.id,
        tenantId,
        periodId,
        number: statement.number,
      });
    });
  }

  /** Locks the statement; only an issued (or paid) statement takes invoices and payments. */
  private async write<T>(
    tenantId: string,
    periodId: string,
    work: (tx: SettlementTx, statement: LockedStatement) => Promise<T>,
  ): Promise<T> {
    const notIssued = () =>
      new InvalidState(
        BillingErrorCode.STATEMENT_NOT_ISSUED,
        `the statement of ${tenantId} for ${periodId} is not issued: issue it before recording invoices or payments`,
      );
    const out = await this.repo.locked(tenantId, periodId, async (tx, statement) => {
      if (statement.status === 'draft') throw notIssued();
      return { value: await work(tx, statement) };
    });
    if (out === null) throw notIssued();
    return out.value;
  }

  /** issued ⇄ paid as the balance reaches 0 or leaves it; `statement.paid` is notified on the way in. */
  private async settleStatus(
    tx: SettlementTx,
    statement: LockedStatement,
    payments: LockedStatement['payments'],
    settlingReference: string | null,
  ): Promise<'issued' | 'paid'> {
    const paid = settlementOfRows(statement, statement.invoices, payments).paid;
    const { id, tenantId, periodId, number } = statement;
    if (paid && statement.status === 'issued') {
      await tx.statement.update({
        where: { id },
        data: { status: 'paid', paidAt: new Date(), paymentReference: settlingReference },
      });
      await notifyStatementPaid(prismaAuditSql(tx), { statementId: id, tenantId, periodId, number });
    }
    if (!paid && statement.status === 'paid')
      await tx.statement.update({ where: { id }, data: { status: 'issued', paidAt: null, paymentReference: null } });
    return paid ? 'paid' : 'issued';
  }

  /** The statement's `invoiceNumber` (printed on claim evidence) lists its live invoices' numbers. */
  private async summariseInvoices(tx: SettlementTx, statement: LockedStatement, invoices: LockedStatement['invoices']) {
    const live = invoices.filter((i) => !i.voided).map((i) => i.number);
    await tx.statement.update({
      where: { id: statement.id },
      data: { invoiceNumber: live.length > 0 ? live.join(', ') : null },
    });
  }
}
