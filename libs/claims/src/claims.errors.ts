import { BillingErrorCode, InvalidState, NotFound } from '@park/billing';

/** A claim that does not exist (HTTP 404 through the billing filter: a NotFound). */
export class ClaimNotFound extends NotFound {
  constructor(claimId: string) {
    super('claim', claimId);
  }
}

/** A claim state transition the current state does not allow (HTTP 409). */
export class ClaimTransitionRefused extends InvalidState {
  constructor(
    readonly claimId: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(BillingErrorCode.INVALID_CLAIM_TRANSITION, `claim ${claimId} cannot go from ${from} to ${to}`);
  }
}
