import { Inject, Injectable, Optional } from '@nestjs/common';
import { PrismaService, type Prisma } from '@park/db';
import { DEFAULT_DELIVERY_OPTIONS, DELIVERY_OPTIONS, retryDelayMs, type DeliveryOptions } from './delivery-options';
import { SecretCipher } from './secret-cipher';
import { WebhookBreaker } from './webhook-breaker';
import { sendWebhook, type WebhookResponse } from './webhook.sender';

type DeliveryRow = Prisma.WebhookDeliveryGetPayload<{ include: { endpoint: true; event: true } }>;
const WITH_ENDPOINT = { endpoint: true, event: true } as const;

/** An attempt that did not get a 2xx: thrown so that BullMQ retries the job with its back-off. */
export class WebhookAttemptFailed extends Error {
  override readonly name = 'WebhookAttemptFailed';
}

/** The body every endpoint gets (Standard Webhooks' recommended shape). */
export function webhookBody(event: { eventType: string; createdAt: Date; id: string; payload: unknown }): string {
  return JSON.stringify({
    type: event.eventType,
    timestamp: event.createdAt.toISOString(),
    eventId: event.id,
    data: event.payload,
  });
}

/** The oldest parked delivery of an endpoint (by its event's time), locked for the drain that sends it. */
const OLDEST_PARKED = `
SELECT d.id FROM webhook_deliveries d JOIN notification_outbox o ON o.id = d.event_id
 WHERE d.endpoint_id = $1 AND d.status = 'pending' AND d.parked_at IS NOT NULL
 ORDER BY o.created_at, o.id LIMIT 1`;

/**
 * One attempt of one delivery: send, then record the attempt on the delivery row (count, status or error, the
 * next attempt's time, or delivered) and on the endpoint's circuit breaker. A delivery that is no longer pending
 * (delivered, cancelled) is not sent. One for a suspended endpoint, or for an endpoint that still has parked
 * deliveries (they go first), is parked: pending, not attempted, until the drain after a resume sends it in order.
 */
@Injectable()
export class WebhookDeliveryService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly cipher: SecretCipher,
    private readonly breaker: WebhookBreaker,
    @Optional() @Inject(DELIVERY_OPTIONS) private readonly options: DeliveryOptions = DEFAULT_DELIVERY_OPTIONS,
  ) {}

  /** `attempt.made`: attempts BullMQ made before this one. */
  async attempt(
    deliveryId: string,
    attempt: { made: number; max: number },
  ): Promise<'delivered' | 'skipped' | 'parked'> {
    const db = this.prisma.client;
    const row = await db.webhookDelivery.findUnique({ where: { id: deliveryId }, include: WITH_ENDPOINT });
    if (!row || row.status !== 'pending' || row.endpoint.deletedAt || row.parkedAt) return 'skipped';
    if (row.endpoint.suspendedAt || (await this.hasParked(row.endpointId))) {
      await db.webhookDelivery.updateMany({
        where: { id: deliveryId, status: 'pending', parkedAt: null },
        data: { parkedAt: new Date(), nextAttemptAt: null },
      });
      return 'parked';
    }
    const answer = await this.send(row);
    const made = attempt.made + 1;
    const final = !answer.ok && made >= attempt.max;
    const now = new Date();
    await db.webhookDelivery.updateMany({
      where: { id: deliveryId, status: 'pending' },
      data: {
        ...this.attemptData(answer, now),
        status: answer.ok ? 'delivered' : final ? 'failed' : 'pending',
        nextAttemptAt: answer.ok || final ? null : new Date(now.getTime() + retryDelayMs(this.options, made)),
      },
    });
    await this.countOnBreaker(row, answer);
    return 'delivered';
  }

  /**
   * After a resume: sends the endpoint's parked deliveries one at a time, oldest event first. A failure leaves that
   * delivery parked (first in line) and throws, so BullMQ retries the drain with back-off; the breaker counts it, and
   * an endpoint suspended again keeps the rest parked until the next resume.
   */
  async drainParked(endpointId: string): Promise<{ delivered: number; suspended: boolean }> {
    const db = this.prisma.client;
    let delivered = 0;
    for (;;) {
      const [next] = await db.$queryRawUnsafe<{ id: string }[]>(OLDEST_PARKED, endpointId);
      if (!next) return { delivered, suspended: false };
      const row = await db.webhookDelivery.findUnique({ where: { id: next.id }, include: WITH_ENDPOINT });
      if (!row || row.status !== 'pending' || !row.parkedAt) continue; // taken by a delete or another drain
      if (row.endpoint.deletedAt) return { delivered, suspended: false }; // its deletion cancels what is pending
      if (row.endpoint.suspendedAt) return { delivered, suspended: true };
      const answer = await this.send(row);
      await db.webhookDelivery.updateMany({
        where: { id: row.id, status: 'pending' },
        data: {
          ...this.attemptData(answer, new Date()),
          ...(answer.ok ? { status: 'delivered', parkedAt: null, nextAttemptAt: null } : {}),
        },
      });
      await this.countOnBreaker(row, answer);
      delivered += 1;
    }
  }

  private async hasParked(endpointId: string): Promise<boolean> {
    const parked = await this.prisma.client.webhookDelivery.findFirst({
      where: { endpointId, status: 'pending', parkedAt: { not: null } },
      select: { id: true },
    });
    return parked !== null;
  }

  private attemptData(answer: WebhookResponse, now: Date) {
    return {
      attemptCount: { increment: 1 },
      lastStatus: answer.status ?? null,
      lastError: answer.error ?? null,
      lastAttemptAt: now,
      deliveredAt: answer.ok ? now : null,
    };
  }

  /** A 2xx resets the endpoint's count of failures in a row; a failure adds one (and may suspend it), then throws. */
  private async countOnBreaker(row: DeliveryRow, answer: WebhookResponse): Promise<void> {
    if (answer.ok) return this.breaker.succeeded(row.endpointId);
    const error = answer.error ?? 'failed';
    await this.breaker.failed(row.endpointId, error);
    throw new WebhookAttemptFailed(`${row.endpoint.url}: ${error}`);
  }

  /** A secret that does not open (altered, or PARK_SECRETS_KEY changed) is a failed attempt naming the cause. */
  private async send(row: DeliveryRow): Promise<WebhookResponse> {
    let secret: string;
    try {
      secret = this.cipher.open(row.endpoint.secret, row.endpoint.id);
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : 'signing secret unreadable' };
    }
    const body = webhookBody(row.event);
    return sendWebhook({ url: row.endpoint.url, secret, messageId: row.id, body, timeoutMs: this.options.timeoutMs });
  }
}
