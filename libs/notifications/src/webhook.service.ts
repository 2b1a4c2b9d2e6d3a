import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditStore, prismaAuditSql, type AuditActor } from '@park/audit-store';
import { ValidationError, type ValidationIssue } from '@park/billing-domain';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { endpointUrlProblem } from './endpoint-url';
import { NOTIFICATION_EVENTS, type NotificationEventType } from './notification-events';
import { WebhookNotFound } from './notifications.errors';
import { NotificationsQueue } from './notifications.queue';
import { SecretCipher } from './secret-cipher';
import { WebhookEndpointRepository, type WebhookEndpointRow } from './webhook-endpoint.repository';
import type { WebhookOwner } from './webhook-owner';

/** The events each kind of owner can ever receive (the outbox scopes events to a tenant and to a bureau). */
export const EVENTS_OF: Readonly<Record<WebhookOwner['kind'], readonly NotificationEventType[]>> = {
  operator: NOTIFICATION_EVENTS,
  tenant: [
    'statement.issued',
    'statement.dispute_opened',
    'statement.dispute_resolved',
    'statement.paid',
    'grant.balance_low',
    'grant.expiring',
    'grant.expired',
    'webhook.endpoint.suspended',
  ],
  bureau: [
    'grant.balance_low',
    'grant.expiring',
    'grant.expired',
    'claim.submitted',
    'claim.reviewed',
    'webhook.endpoint.suspended',
  ],
};

export interface RegisterWebhook {
  readonly url: string;
  readonly description?: string;
  /** Empty or absent: every event the owner can receive. */
  readonly eventTypes?: readonly string[];
  /** A bureau's endpoint narrowed to one of its programmes. */
  readonly programmeId?: string;
}

/** An endpoint as its owner sees it (the secret only in the answer to its registration). */
export function webhookView(e: WebhookEndpointRow) {
  const { secret: _secret, deletedAt: _deletedAt, ...view } = e;
  return view;
}

/** Registration, listing and deletion of webhook endpoints, each owner confined to its own. */
@Injectable()
export class WebhookService {
  constructor(
    private readonly repo: WebhookEndpointRepository,
    private readonly audit: AuditStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cipher: SecretCipher,
    private readonly queue: NotificationsQueue,
  ) {}

  async register(owner: WebhookOwner, input: RegisterWebhook, actor: AuditActor) {
    const issues: ValidationIssue[] = [];
    const urlProblem = endpointUrlProblem(input.url, this.config.mode);
    if (urlProblem) issues.push({ path: 'url', message: urlProblem });
    const allowed: readonly string[] = EVENTS_OF[owner.kind];
    for (const [i, type] of (input.eventTypes ?? []).entries())
      if (!allowed.includes(type))
        issues.push({ path: `eventTypes.${i}`, message: `${type} never reaches a ${owner.kind}'s endpoint` });
    if (input.programmeId !== undefined) {
      if (owner.kind !== 'bureau') issues.push({ path: 'programmeId', message: "only a bureau's endpoint narrows" });
      else if (!(await this.repo.programmeOfBureau(input.programmeId, owner.id)))
        issues.push({ path: 'programmeId', message: `no programme ${input.programmeId} of your bureau` });
    }
    if (issues.length > 0) throw new ValidationError(issues, 'webhook');
    const id = `wh_${randomUUID()}`;
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const data = {
      id,
      url: input.url,
      description: input.description ?? '',
      eventTypes: [...new Set(input.eventTypes ?? [])],
      ownerKind: owner.kind,
      ownerId: owner.id,
      programmeId: input.programmeId ?? null,
      secret: this.cipher.seal(secret, id), // sealed at rest (PARK_SECRETS_KEY); the caller sees it this once
      createdBy: actor.subject,
    };
    const created = await this.repo.create(data, (tx) =>
      this.audit.append(prismaAuditSql(tx), {
        actor,
        action: 'webhook.register',
        entityType: 'webhook',
        entityId: id,
        after: webhookView({
          ...data,
          createdAt: new Date(),
          deletedAt: null,
          consecutiveFailures: 0,
          suspendedAt: null,
          suspendedReason: null,
        }),
      }),
    );
    return { ...webhookView(created), secret };
  }

  async list(owner: WebhookOwner) {
    return (await this.repo.list(owner)).map(webhookView);
  }

  async get(owner: WebhookOwner, id: string) {
    const found = await this.repo.find(owner, id);
    if (!found) throw new WebhookNotFound(id);
    return webhookView(found);
  }

  async delete(owner: WebhookOwner, id: string, actor: AuditActor): Promise<void> {
    const before = await this.get(owner, id);
    const deleted = await this.repo.delete(owner, id, (tx) =>
      this.audit.append(prismaAuditSql(tx), {
        actor,
        action: 'webhook.delete',
        entityType: 'webhook',
        entityId: id,
        before,
      }),
    );
    if (!deleted) throw new WebhookNotFound(id);
  }

  /**
   * Resumes a suspended endpoint: its count of failures starts again from 0 and its parked deliveries are sent, one
   * at a time, oldest first (the drain job; queued here, else by the dispatcher within seconds). Resuming one that
   * is not suspended changes nothing. Answers the endpoint and how many deliveries were parked.
   */
  async resume(owner: WebhookOwner, id: string, actor: AuditActor) {
    const before = await this.get(owner, id);
    await this.repo.resume(owner, id, (tx) =>
      this.audit.append(prismaAuditSql(tx), {
        actor,
        action: 'webhook.resume',
        entityType: 'webhook',
        entityId: id,
        before,
        after: { ...before, suspendedAt: null, suspendedReason: null, consecutiveFailures: 0 },
      }),
    );
    const parkedDeliveries = await this.repo.parkedCount(id);
    if (parkedDeliveries > 0) await this.queue.enqueueDrains([id]).catch(() => undefined); // Redis down: dispatcher
    return { ...(await this.get(owner, id)), parkedDeliveries };
  }

  /** Its deliveries, newest first (at most 500): attempts, last status or error, next attempt, delivered at. */
  async deliveries(owner: WebhookOwner, id: string) {
    await this.get(owner, id);
    return this.repo.deliveries(id);
  }
}
