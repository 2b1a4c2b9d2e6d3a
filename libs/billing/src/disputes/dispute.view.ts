import type { DisputeRow } from './statement-dispute.repository';

/** A dispute as both sides see it; amounts as 2-dp strings. */
export interface DisputeView {
  readonly id: string;
  readonly statementId: string;
  readonly tenantId: string;
  /** The disputed statement's period. */
  readonly periodId: string;
  readonly lineId: string;
  readonly reason: string;
  readonly requestedAmount: string;
  readonly state: 'open' | 'accepted' | 'rejected';
  /** Accepted: what was credited, of which the tenant's part (on its next statement) and the vouchers' (reversed). */
  readonly creditedAmount: string | null;
  readonly tenantCredit: string | null;
  readonly voucherReversal: string | null;
  readonly resolutionReason: string | null;
  readonly resolvedBy: string | null;
  readonly resolvedAt: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  /** The dispute_credit charge that carries the tenant's credit to its next issued statement. */
  readonly chargeId: string | null;
}

const amount = (v: { toFixed(n: number): string } | null) => (v === null ? null : v.toFixed(2));

export function disputeView(r: DisputeRow, periodId: string): DisputeView {
  return {
    id: r.id,
    statementId: r.statementId,
    tenantId: r.tenantId,
    periodId,
    lineId: r.lineId,
    reason: r.reason,
    requestedAmount: r.requestedAmount.toFixed(2),
    state: r.state as DisputeView['state'],
    creditedAmount: amount(r.creditedAmount),
    tenantCredit: amount(r.tenantCredit),
    voucherReversal: amount(r.voucherReversal),
    resolutionReason: r.resolutionReason,
    resolvedBy: r.resolvedBy,
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    chargeId: r.chargeId,
  };
}
