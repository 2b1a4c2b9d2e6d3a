// no imports: libs/notifications/src/console-events.spec.ts reads this file beside the API's EVENTS_OF

/** An endpoint as GET /v1/webhooks answers it (never its secret). */
export interface Webhook {
  id: string;
  url: string;
  description: string;
  /** Empty: every event its owner may receive. */
  eventTypes: string[];
  ownerKind: 'operator' | 'tenant' | 'bureau';
  ownerId: string;
  programmeId: string | null;
  createdAt: string;
  consecutiveFailures: number;
  suspendedAt: string | null;
  suspendedReason: string | null;
}

/** A row of GET /v1/webhooks/{id}/deliveries. */
export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed' | 'cancelled';
  attemptCount: number;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  parkedAt: string | null;
  createdAt: string;
}

const TENANT_EVENTS = [
  'statement.issued',
  'statement.dispute_opened',
  'statement.dispute_resolved',
  'statement.paid',
  'grant.balance_low',
  'grant.expiring',
  'grant.expired',
  'webhook.endpoint.suspended',
] as const;
const BUREAU_EVENTS = [
  'grant.balance_low',
  'grant.expiring',
  'grant.expired',
  'claim.submitted',
  'claim.reviewed',
  'webhook.endpoint.suspended',
] as const;
const EVERY_EVENT = [
  'statement.issued',
  'statement.dispute_opened',
  'statement.dispute_resolved',
  'statement.paid',
  'grant.balance_low',
  'grant.expiring',
  'grant.expired',
  'claim.submitted',
  'claim.reviewed',
  'reconciliation.mismatch',
  'ingestion.manifest_mismatch',
  'period.closed',
  'webhook.endpoint.suspended',
] as const;

/**
 * The events a role's endpoint can receive (libs/notifications EVENTS_OF; console-events.spec.ts keeps them equal):
 * the register form offers only these, the API refuses any other.
 */
export function eventsOf(role: string): readonly string[] {
  if (role === 'operator-admin') return EVERY_EVENT;
  if (role === 'tenant-admin') return TENANT_EVENTS;
  if (role === 'bureau-auditor') return BUREAU_EVENTS;
  return [];
}

/** Who may register and read endpoints (the authorisation matrix: WEBHOOK_OWNERS); everyone else sees no menu. */
export function mayUseWebhooks(role: string): boolean {
  return eventsOf(role).length > 0;
}
