import { Injectable } from '@nestjs/common';
import { AuditStore, prismaAuditSql, type AuditActor } from '@park/audit-store';
import type { Prisma } from '@park/db';
import { notifyClaimChange } from '@park/notifications';
import { canTransition, type ClaimState } from './claim-cycle';
import { ClaimNotFound, ClaimTransitionRefused } from './claims.errors';
import { ClaimsRepository, type ClaimWithLines, type Tx } from './claims.repository';

/** What a transition writes besides the status: claim columns, and what its audit event carries. */
export type ClaimChange = Prisma.ClaimUpdateInput & { payload?: Record<string, unknown> };

export interface TransitionRequest {
  readonly claimId: string;
  /** The state asked for; `change` may name another (a review decides between three). */
  readonly to: ClaimState;
  readonly actor: AuditActor;
  /** The audit action, e.g. `claim.submit`. */
  readonly action: string;
  readonly change?: (tx: Tx, claim: ClaimWithLines) => Promise<ClaimChange>;
}

/**
 * Moves a claim along its state machine under a row lock, appending the audit event and the notification (outbox)
 * in the same transaction.
 */
@Injectable()
export class ClaimTransition {
  constructor(
    private readonly claims: ClaimsRepository,
    private readonly audit: AuditStore,
  ) {}

  run(request: TransitionRequest): Promise<void> {
    const { claimId, to, actor, action } = request;
    return this.claims.inLock(claimId, async (tx, claim) => {
      if (!claim) throw new ClaimNotFound(claimId);
      if (!canTransition(claim.status, to)) throw new ClaimTransitionRefused(claimId, claim.status, to);
      const { payload, ...data } = (await request.change?.(tx, claim)) ?? {};
      const status = (data.status as ClaimState | undefined) ?? to;
      if (!canTransition(claim.status, status)) throw new ClaimTransitionRefused(claimId, claim.status, status);
      await this.claims.update(tx, claimId, { ...data, status });
      await this.audit.append(prismaAuditSql(tx), {
        actor,
        action,
        entityType: 'claim',
        entityId: claimId,
        before: { status: claim.status },
        after: { status },
        payload,
      });
      await notifyClaimChange(prismaAuditSql(tx), { ...claim, action, status, detail: { ...data, ...payload } });
    });
  }
}
