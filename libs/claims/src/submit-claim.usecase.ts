import { Injectable } from '@nestjs/common';
import { type AuditActor, SYSTEM_ACTOR } from '@park/audit-store';
import { ClaimTransition } from './claim-transition';

/** An operator submits a draft claim to the bureau (draft → submitted). */
@Injectable()
export class SubmitClaim {
  constructor(private readonly transition: ClaimTransition) {}

  execute(claimId: string, actor: AuditActor = SYSTEM_ACTOR): Promise<void> {
    return this.transition.run({ claimId, to: 'submitted', actor, action: 'claim.submit' });
  }
}
