/** Every event the outbox carries (issue 14 item 4); receivers switch on `type`. */
export const NOTIFICATION_EVENTS = [
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

export type NotificationEventType = (typeof NOTIFICATION_EVENTS)[number];

/**
 * Who may see an event besides the operator: the tenant it concerns, and the bureau of the programme it concerns
 * (resolved from the programme when written). Neither: operators only.
 */
export interface NotificationScope {
  readonly tenantId?: string | null;
  readonly programmeId?: string | null;
}

export interface NotificationEvent {
  readonly type: NotificationEventType;
  /** JSON with amounts as decimal strings. */
  readonly payload: Record<string, unknown>;
  readonly scope?: NotificationScope;
}

/** The SQL a writer runs inside the caller's transaction: `pgAuditSql(client)` or `prismaAuditSql(tx)`. */
export interface OutboxSql {
  query<T extends object>(text: string, values: readonly unknown[]): Promise<T[]>;
}
