import { DomainError } from '@park/billing-domain';

/** Typed errors of reconciliation; billing-api's exception filter maps them to HTTP in its one place. */
export class ReconciliationNotFound extends DomainError {
  override readonly name = 'ReconciliationNotFound';
  readonly code: string;
  constructor(
    readonly entity: 'run' | 'finding',
    readonly id: string,
  ) {
    super(`reconciliation ${entity} ${id} not found`);
    this.code = `RECONCILIATION_${entity.toUpperCase()}_NOT_FOUND`;
  }
}

export class FindingAlreadyResolved extends DomainError {
  override readonly name = 'FindingAlreadyResolved';
  readonly code = 'FINDING_ALREADY_RESOLVED';
  constructor(readonly id: string) {
    super(`finding ${id} is already resolved`);
  }
}
