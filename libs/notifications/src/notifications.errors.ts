import { DomainError } from '@park/billing-domain';

/** No such endpoint, or not the caller's: the same answer either way, so nothing leaks about others' endpoints. */
export class WebhookNotFound extends DomainError {
  override readonly name = 'WebhookNotFound';
  readonly code = 'WEBHOOK_NOT_FOUND';
  constructor(readonly id: string) {
    super(`webhook ${id} not found`);
  }
}
