import { Inject, Injectable } from '@nestjs/common';
import { AuditStore, SYSTEM_ACTOR, prismaAuditSql } from '@park/audit-store';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { PrismaService } from '@park/db';

/**
 * One more failure in a row; the endpoint is suspended (time and error) when the count reaches the threshold. The
 * `before` row is locked, so of two attempts failing together exactly one sees the suspension happen (`tripped`).
 */
const FAILED = `
WITH before AS (SELECT id, suspended_at FROM webhook_endpoints WHERE id = $1 AND deleted_at IS NULL FOR UPDATE)
UPDATE webhook_endpoints e
   SET consecutive_failures = e.consecutive_failures + 1,
       suspended_at = CASE WHEN e.suspended_at IS NULL AND e.consecutive_failures + 1 >= $3
                           THEN now() ELSE e.suspended_at END,
       suspended_reason = CASE WHEN e.suspended_at IS NULL AND e.consecutive_failures + 1 >= $3
                               THEN $2 ELSE e.suspended_reason END
  FROM before WHERE e.id = before.id
RETURNING e.id, e.url, e.owner_kind AS "ownerKind", e.owner_id AS "ownerId", e.programme_id AS "programmeId",
          e.consecutive_failures AS "consecutiveFailures", e.suspended_at AS "suspendedAt",
          (before.suspended_at IS NULL AND e.suspended_at IS NOT NULL) AS tripped`;

/** The suspension's event: to the operator, and to the owner's tenant or bureau (its programme, if narrowed). */
const NOTIFY = `INSERT INTO notification_outbox (id, event_type, payload, tenant_id, programme_id, bureau_id)
  VALUES ('evt_' || gen_random_uuid(), 'webhook.endpoint.suspended', $1::jsonb, $2, $3, $4)`;

interface Failed {
  id: string;
  url: string;
  ownerKind: string;
  ownerId: string;
  programmeId: string | null;
  consecutiveFailures: number;
  suspendedAt: Date | null;
  tripped: boolean;
}

/**
 * The per-endpoint circuit breaker: counts failed attempts in a row (a 2xx resets the count) and suspends the
 * endpoint after WEBHOOK_SUSPEND_AFTER_FAILURES of them. The suspension, its audit event (`webhook.suspend`, by the
 * system) and its notification (`webhook.endpoint.suspended`) are one transaction.
 */
@Injectable()
export class WebhookBreaker {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async succeeded(endpointId: string): Promise<void> {
    await this.prisma.client.$executeRawUnsafe(
      `UPDATE webhook_endpoints SET consecutive_failures = 0 WHERE id = $1 AND consecutive_failures > 0`,
      endpointId,
    );
  }

  /** Returns whether this failure suspended the endpoint. */
  async failed(endpointId: string, error: string): Promise<boolean> {
    const threshold = this.config.webhooks.suspendAfterFailures;
    return this.prisma.client.$transaction(async (tx) => {
      const [row] = await tx.$queryRawUnsafe<Failed[]>(FAILED, endpointId, error, threshold);
      if (!row?.tripped) return false;
      const { id, url, ownerKind, ownerId, programmeId, consecutiveFailures, suspendedAt } = row;
      const state = { suspendedAt, suspendedReason: error, consecutiveFailures };
      await this.audit.append(prismaAuditSql(tx), {
        actor: SYSTEM_ACTOR,
        action: 'webhook.suspend',
        entityType: 'webhook',
        entityId: id,
        after: state,
        payload: { threshold, lastError: error },
      });
      const payload = {
        webhookId: id,
        url,
        ownerKind,
        ...(ownerKind === 'tenant' ? { tenantId: ownerId } : ownerKind === 'bureau' ? { bureauId: ownerId } : {}),
        suspendedAt: suspendedAt?.toISOString(),
        consecutiveFailures,
        lastError: error,
      };
      const tenantId = ownerKind === 'tenant' ? ownerId : null;
      const bureauId = ownerKind === 'bureau' ? ownerId : null;
      await tx.$executeRawUnsafe(NOTIFY, JSON.stringify(payload), tenantId, programmeId, bureauId);
      return true;
    });
  }
}
