import { eventsOf, mayUseWebhooks } from '../../../apps/console/src/pages/webhooks/webhook-views';
import { EVENTS_OF } from './webhook.service';

describe("the console's event catalogue (its register form offers only what the API accepts)", () => {
  it('offers each owner exactly the events its endpoint can receive', () => {
    expect(eventsOf('operator-admin')).toEqual(EVENTS_OF.operator);
    expect(eventsOf('tenant-admin')).toEqual(EVENTS_OF.tenant);
    expect(eventsOf('bureau-auditor')).toEqual(EVENTS_OF.bureau);
  });

  it('shows webhooks only to the roles that own endpoints (webhookOwnerOf)', () => {
    const roles = ['operator-admin', 'operator-finance', 'tenant-admin', 'tenant-viewer', 'bureau-auditor'];
    expect(roles.filter(mayUseWebhooks)).toEqual(['operator-admin', 'tenant-admin', 'bureau-auditor']);
  });
});
