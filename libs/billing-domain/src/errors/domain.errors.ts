/** Base of the typed domain errors; transports map `code` to a status in one place. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
}

export class GrantExhausted extends DomainError {
  override readonly name = 'GrantExhausted';
  readonly code = 'GRANT_EXHAUSTED';
  constructor(
    readonly grantId: string,
    readonly balance: string,
    readonly requested: string,
  ) {
    super(`grant ${grantId} has ${balance} left, ${requested} requested`);
  }
}

export class GrantNotActive extends DomainError {
  override readonly name = 'GrantNotActive';
  readonly code = 'GRANT_NOT_ACTIVE';
  constructor(
    readonly grantId: string,
    readonly status: string,
  ) {
    super(`grant ${grantId} is ${status}`);
  }
}

export class PriceNotFound extends DomainError {
  override readonly name = 'PriceNotFound';
  readonly code = 'PRICE_NOT_FOUND';
  constructor(
    readonly sku: string,
    readonly at: Date,
    readonly priceBookId: string,
  ) {
    super(`price book ${priceBookId} has no price for ${sku} at ${at.toISOString()}`);
  }
}

export interface InvariantViolation {
  readonly invariant:
    | 'grant_balance_non_negative'
    | 'grant_redemptions_within_balance'
    | 'deduction_non_negative'
    | 'line_deductions_within_amount'
    | 'tenant_year_within_cap'
    | 'tenant_cumulative_within_cap'
    | 'programme_within_pool'
    | 'stacking_within_ceiling'
    | 'best_of_single_programme'
    | 'funding_sums_to_deduction'
    | 'invoices_within_gross';
  readonly message: string;
}

export class InvariantViolationError extends DomainError {
  override readonly name = 'InvariantViolationError';
  readonly code = 'INVARIANT_VIOLATION';
  constructor(readonly violations: readonly InvariantViolation[]) {
    super(`ledger invariants violated:\n${violations.map((v) => `- ${v.invariant}: ${v.message}`).join('\n')}`);
  }
}
