import { Webhook } from 'standardwebhooks';

export interface WebhookRequest {
  readonly url: string;
  /** `whsec_…`, the endpoint's signing secret. */
  readonly secret: string;
  /** `webhook-id`: the delivery's id, the same on every attempt, so a receiver can drop a repeat. */
  readonly messageId: string;
  readonly body: string;
  readonly timeoutMs: number;
}

export interface WebhookResponse {
  readonly ok: boolean;
  /** The HTTP status, absent when no answer came (refused, timed out). */
  readonly status?: number;
  readonly error?: string;
}

/**
 * One signed POST per the Standard Webhooks spec: `webhook-id`, `webhook-timestamp` (seconds) and
 * `webhook-signature` (`v1,<base64 HMAC-SHA256 of id.timestamp.body>`). Any 2xx is delivered; redirects are not
 * followed (a receiver that moved registers its new URL). Never throws: a failure is an answer.
 */
export async function sendWebhook(request: WebhookRequest): Promise<WebhookResponse> {
  const now = new Date();
  const signature = new Webhook(request.secret).sign(request.messageId, now, request.body);
  try {
    const res = await fetch(request.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'park-billing-webhooks/1',
        'webhook-id': request.messageId,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1_000)),
        'webhook-signature': signature,
      },
      body: request.body,
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    return { ok: false, status: res.status, error: `HTTP ${res.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const name = error instanceof Error ? error.name : 'Error';
    if (name === 'TimeoutError') return { ok: false, error: `no answer within ${request.timeoutMs} ms` };
    return { ok: false, error: cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : 'failed') };
  }
}
