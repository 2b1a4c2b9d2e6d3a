import { DomainError, type ValidationIssue } from '@park/billing-domain';
import { BillingErrorCode } from './billing-error-codes';

/** Typed errors of the billing services; the HTTP filter maps each `code` to a status in one place. */
export abstract class BillingError extends DomainError {}

const NOT_FOUND_CODES = {
  tenant: BillingErrorCode.TENANT_NOT_FOUND,
  price_book: BillingErrorCode.PRICE_BOOK_NOT_FOUND,
  contract: BillingErrorCode.CONTRACT_NOT_FOUND,
  programme: BillingErrorCode.PROGRAMME_NOT_FOUND,
  bureau: BillingErrorCode.BUREAU_NOT_FOUND,
  grant: BillingErrorCode.GRANT_NOT_FOUND,
  statement: BillingErrorCode.STATEMENT_NOT_FOUND,
  sku: BillingErrorCode.SKU_NOT_FOUND,
  period: BillingErrorCode.PERIOD_NOT_FOUND,
  claim: BillingErrorCode.CLAIM_NOT_FOUND,
  claim_document: BillingErrorCode.CLAIM_DOCUMENT_NOT_FOUND,
  park: BillingErrorCode.PARK_NOT_FOUND,
  cluster: BillingErrorCode.CLUSTER_NOT_FOUND,
  backfill: BillingErrorCode.BACKFILL_NOT_FOUND,
  invoicing_party: BillingErrorCode.INVOICING_PARTY_NOT_FOUND,
  statement_line: BillingErrorCode.STATEMENT_LINE_NOT_FOUND,
  dispute: BillingErrorCode.DISPUTE_NOT_FOUND,
  invoice: BillingErrorCode.INVOICE_NOT_FOUND,
  payment: BillingErrorCode.PAYMENT_NOT_FOUND,
} as const;

export type NotFoundEntity = keyof typeof NOT_FOUND_CODES;

export class NotFound extends BillingError {
  override readonly name = 'NotFound';
  readonly code: BillingErrorCode;
  constructor(
    readonly entity: NotFoundEntity,
    readonly id: string,
  ) {
    super(`${entity.replace('_', ' ')} ${id} not found`);
    this.code = NOT_FOUND_CODES[entity];
  }
}

/** Bad input, with every problem found (path + message), like the domain's ValidationError. */
export class InvalidInput extends BillingError {
  override readonly name = 'InvalidInput';
  readonly code = BillingErrorCode.INVALID_INPUT;
  constructor(
    readonly subject: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    super(`invalid ${subject}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
}

export class AlreadyExists extends BillingError {
  override readonly name = 'AlreadyExists';
  readonly code = BillingErrorCode.ALREADY_EXISTS;
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} already exists`);
  }
}

export class PeriodClosed extends BillingError {
  override readonly name = 'PeriodClosed';
  readonly code = BillingErrorCode.PERIOD_CLOSED;
  constructor(
    readonly parkId: string,
    readonly periodId: string,
  ) {
    super(
      `period ${periodId} of park ${parkId} is closed: later usage is billed as an adjustment in the next open period`,
    );
  }
}

export class PeriodNotOver extends BillingError {
  override readonly name = 'PeriodNotOver';
  readonly code = BillingErrorCode.PERIOD_NOT_OVER;
  constructor(readonly periodId: string) {
    super(`period ${periodId} has not ended yet (Asia/Shanghai): it can be previewed, not issued or closed`);
  }
}

/** A state transition that the current state does not allow (pay a draft, suspend a revoked grant, …). */
export class InvalidState extends BillingError {
  override readonly name = 'InvalidState';
  readonly code: BillingErrorCode;
  constructor(
    code: BillingErrorCode,
    message: string,
    /** What is missing or wrong, one entry each (answered as `issues`), when there is a list to give. */
    readonly issues: readonly ValidationIssue[] = [],
  ) {
    super(message);
    this.code = code;
  }
}

/** The queue's Redis did not answer within REDIS_TIMEOUT_MS: nothing was changed; the caller may try again. */
export class QueueUnavailable extends BillingError {
  override readonly name = 'QueueUnavailable';
  readonly code = BillingErrorCode.QUEUE_UNAVAILABLE;
  constructor(readonly operation: string) {
    super(`${operation}: the job queue (Redis) is unavailable; nothing was changed, try again later`);
  }
}
