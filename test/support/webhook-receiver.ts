import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request as a receiver saw it: its Standard Webhooks id, the event, whether the signature verified. */
export interface Received {
  readonly path: string;
  readonly webhookId: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly verified: boolean;
  /** What the receiver answered (0: it never answered). */
  readonly answered: number;
}

/** Whether `standardwebhooks` accepts the request (an unknown path has no secret: never). */
function verifies(secret: string | undefined, body: string, headers: Record<string, string>): boolean {
  if (!secret) return false;
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch {
    return false;
  }
}

/**
 * How a path answers: 'ok', 'flaky' (500 to the first 3 tries of each webhook-id, then 204), 'dead' (never),
 * 'fail' (500 to everything; `url(path, 'ok')` later makes it recover).
 */
export type Behaviour = 'ok' | 'flaky' | 'dead' | 'fail';

/**
 * A local HTTP receiver of webhooks for tests: each path has a behaviour and, once registered, a secret; every
 * request is verified with the `standardwebhooks` verifier, as a receiver in production would.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  private readonly secrets = new Map<string, string>();
  private readonly behaviours = new Map<string, Behaviour>();
  private readonly tries = new Map<string, number>();
  private readonly hanging = new Set<ServerResponse>();
  private server?: Server;
  private port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(path: string, behaviour: Behaviour = 'ok'): string {
    this.behaviours.set(path, behaviour);
    return `http://127.0.0.1:${this.port}${path}`;
  }

  secret(path: string, secret: string): void {
    this.secrets.set(path, secret);
  }

  secretOf(path: string): string | undefined {
    return this.secrets.get(path);
  }

  /** Requests still waiting for an answer (a dead path's). */
  get open(): number {
    return this.hanging.size;
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '/';
    const headers = req.headers as Record<string, string>;
    const verified = verifies(this.secrets.get(path), body, headers);
    const event = JSON.parse(body) as { type: string; data: Record<string, unknown> };
    const webhookId = headers['webhook-id'];
    const behaviour = this.behaviours.get(path) ?? 'ok';
    const tries = (this.tries.get(webhookId) ?? 0) + 1;
    this.tries.set(webhookId, tries);
    const failing = behaviour === 'fail' || (behaviour === 'flaky' && tries <= 3);
    const answered = behaviour === 'dead' ? 0 : failing ? 500 : 204;
    this.received.push({ path, webhookId, type: event.type, data: event.data, verified, answered });
    if (answered === 0) {
      this.hanging.add(res);
      return;
    }
    res.writeHead(answered).end();
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
