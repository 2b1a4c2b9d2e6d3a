import { DomainError, type ValidationIssue } from '@park/billing-domain';

/** Typed errors of the billing services; the HTTP filter maps each `code` to a status in one place. */
export abstract class BillingError extends DomainError {}

export class NotFound extends BillingError {
  override readonly name = 'NotFound';
  readonly code: string;
  constructor(
    readonly entity: 'tenant' | 'price_book' | 'contract' | 'programme' | 'bureau' | 'grant' | 'statement' | 'sku' | 'period' | 'park',
    readonly id: string,
  ) {
    super(`${entity.replace('_', ' ')} ${id} not found`);
    this.code = `${entity.toUpperCase()}_NOT_FOUND`;
  }
}

/** Bad input, with every problem found (path + message), like the domain's ValidationError. */
export class InvalidInput extends BillingError {
  override readonly name = 'InvalidInput';
  readonly code = 'INVALID_INPUT';
  constructor(
    readonly subject: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    super(`invalid ${subject}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
}

export class AlreadyExists extends BillingError {
  override readonly name = 'AlreadyExists';
  readonly code = 'ALREADY_EXISTS';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} already exists`);
  }
}

export class PeriodClosed extends BillingError {
  override readonly name = 'PeriodClosed';
  readonly code = 'PERIOD_CLOSED';
  constructor(
    readonly parkId: string,
    readonly periodId: string,
  ) {
    super(`period ${periodId} of park ${parkId} is closed: later usage is billed as an adjustment in the next open period`);
  }
}

export class PeriodNotOver extends BillingError {
  override readonly name = 'PeriodNotOver';
  readonly code = 'PERIOD_NOT_OVER';
  constructor(readonly periodId: string) {
    super(`period ${periodId} has not ended yet (Asia/Shanghai): it can be previewed, not issued or closed`);
  }
}

/** A state transition that the current state does not allow (pay a draft, suspend a revoked grant, …). */
export class InvalidState extends BillingError {
  override readonly name = 'InvalidState';
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}
