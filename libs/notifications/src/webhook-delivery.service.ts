import { Inject, Injectable, Optional } from '@nestjs/common';
import { PrismaService, type Prisma } from '@park/db';
import { DEFAULT_DELIVERY_OPTIONS, DELIVERY_OPTIONS, retryDelayMs, type DeliveryOptions } from './delivery-options';
import { SecretCipher } from './secret-cipher';
import { sendWebhook, type WebhookResponse } from './webhook.sender';

type DeliveryRow = Prisma.WebhookDeliveryGetPayload<{ include: { endpoint: true; event: true } }>;

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

/**
 * One attempt of one delivery: send, then record the attempt on the delivery row (count, status or error, the
 * next attempt's time, or delivered). A delivery that is no longer pending (delivered, cancelled) is not sent.
 */
@Injectable()
export class WebhookDeliveryService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly cipher: SecretCipher,
    @Optional() @Inject(DELIVERY_OPTIONS) private readonly options: DeliveryOptions = DEFAULT_DELIVERY_OPTIONS,
  ) {}

  /** `attempt.made`: attempts BullMQ made before this one. */
  async attempt(deliveryId: string, attempt: { made: number; max: number }): Promise<'delivered' | 'skipped'> {
    const db = this.prisma.client;
    const row = await db.webhookDelivery.findUnique({
      where: { id: deliveryId },
      include: { endpoint: true, event: true },
    });
    if (!row || row.status !== 'pending' || row.endpoint.deletedAt) return 'skipped';
    const answer = await this.send(row);
    const made = attempt.made + 1;
    const final = !answer.ok && made >= attempt.max;
    const now = new Date();
    await db.webhookDelivery.updateMany({
      where: { id: deliveryId, status: 'pending' },
      data: {
        attemptCount: { increment: 1 },
        lastStatus: answer.status ?? null,
        lastError: answer.error ?? null,
        lastAttemptAt: now,
        status: answer.ok ? 'delivered' : final ? 'failed' : 'pending',
        deliveredAt: answer.ok ? now : null,
        nextAttemptAt: answer.ok || final ? null : new Date(now.getTime() + retryDelayMs(this.options, made)),
      },
    });
    if (!answer.ok) throw new WebhookAttemptFailed(`${row.endpoint.url}: ${answer.error ?? 'failed'}`);
    return 'delivered';
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
