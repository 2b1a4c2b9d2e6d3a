import { Injectable } from '@nestjs/common';
import { type AuditActor, SYSTEM_ACTOR } from '@park/audit-store';
import { InvalidInput } from '@park/billing';
import { ClaimTransition } from './claim-transition';

/** An operator records the bureau's payment of a reviewed claim (→ paid), with the bureau's payment reference. */
@Injectable()
export class PayClaim {
  constructor(private readonly transition: ClaimTransition) {}

  async execute(claimId: string, paymentReference: string, actor: AuditActor = SYSTEM_ACTOR): Promise<void> {
    if (typeof paymentReference !== 'string' || paymentReference.trim() === '') {
      throw new InvalidInput('claim payment', [{ path: 'paymentReference', message: 'required' }]);
    }
    await this.transition.run({
      claimId,
      to: 'paid',
      actor,
      action: 'claim.pay',
      change: async () => ({ paymentReference, payload: { paymentReference } }),
    });
  }
}
