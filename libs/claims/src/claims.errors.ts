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

/** A claim whose programme's evidence checklist is not complete (HTTP 409, each missing item an issue). */
export class ClaimEvidenceIncomplete extends InvalidState {
  constructor(
    readonly claimId: string,
    missing: readonly { item: string; message: string }[],
  ) {
    super(
      BillingErrorCode.CLAIM_EVIDENCE_INCOMPLETE,
      `claim ${claimId} cannot be submitted, its evidence checklist is incomplete: ` +
        missing.map((m) => m.message).join('; '),
      missing.map((m) => ({ path: m.item, message: m.message })),
    );
  }
}

/** Documents are added only while the claim is a draft (HTTP 409). */
export class ClaimNotDraft extends InvalidState {
  constructor(
    readonly claimId: string,
    readonly status: string,
  ) {
    super(BillingErrorCode.CLAIM_NOT_DRAFT, `claim ${claimId} is ${status}: documents are added only to a draft claim`);
  }
}
