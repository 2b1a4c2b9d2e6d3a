import { DomainError } from '../errors/domain.errors';
import { type PeriodId, periodBounds } from '../time/shanghai-calendar';

/** A price (book version or contract) that would take effect inside, or before the end of, an issued period. */
export class PeriodFrozen extends DomainError {
  override readonly name = 'PeriodFrozen';
  readonly code = 'PERIOD_FROZEN';
  constructor(
    readonly subject: string,
    readonly effectiveFrom: Date,
    readonly issuedPeriod: PeriodId,
  ) {
    const firstAllowed = periodBounds(issuedPeriod).end.toISOString();
    super(
      `${subject} takes effect at ${effectiveFrom.toISOString()}, inside or before period ${issuedPeriod} ` +
        `whose statements are issued: issued periods are frozen; take effect from ${firstAllowed} or later`,
    );
  }
}

/**
 * Issued periods are frozen: a price may only take effect after the end of the latest issued period it could
 * price, or a late record of that month would re-price it. `lastIssuedPeriod` null = nothing issued yet.
 */
export function assertNotFrozen(input: {
  subject: string;
  effectiveFrom: Date;
  lastIssuedPeriod: PeriodId | null;
}): void {
  const { lastIssuedPeriod, effectiveFrom } = input;
  if (lastIssuedPeriod === null) return;
  if (effectiveFrom.getTime() < periodBounds(lastIssuedPeriod).end.getTime()) {
    throw new PeriodFrozen(input.subject, effectiveFrom, lastIssuedPeriod);
  }
}
