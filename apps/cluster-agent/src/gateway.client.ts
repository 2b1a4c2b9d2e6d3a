import { createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import { Agent, fetch as fetchWith } from 'undici';
import { signedHeaders } from '@park/agent-auth';
import { AgentError, EXIT } from './agent.errors';

export interface AgentIdentity {
  readonly clusterId: string;
  readonly keyId: string;
  readonly privateKey: KeyObject;
}

export interface RetryPolicy {
  /** Attempts per request, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Per attempt; a timed-out attempt is retried like a network error. */
  readonly timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 30_000, timeoutMs: 30_000 };

export interface GatewayAnswer {
  readonly status: number;
  readonly body: unknown;
  /** Attempts beyond the first that this request needed. */
  readonly retries: number;
}

export interface GatewayClientOptions {
  readonly baseUrl: string;
  readonly identity: AgentIdentity;
  readonly retry?: RetryPolicy;
  /** Where retry notices go (stderr by default). */
  readonly log?: (line: string) => void;
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * PEM bundle of the certificate authorities that may sign the gateway's certificate (`--ca`), instead of the
   * system's: a park with its own CA. The server is verified either way; nothing here turns verification off.
   */
  readonly ca?: string;
}

/** Reads a PEM private key, naming the file when it is not one. */
export function loadPrivateKey(pem: string, source: string): KeyObject {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ed25519')
      throw new Error(`an ${key.asymmetricKeyType ?? 'unknown'} key, the park expects Ed25519`);
    return key;
  } catch (e) {
    throw new AgentError(
      `${source}: not a usable private key (${e instanceof Error ? e.message : String(e)})`,
      EXIT.usage,
    );
  }
}

/**
 * `{ error: { code, message } }` from the gateway, as "CODE: message"; else the status line and a bit of the body.
 */
export function describeRefusal(status: number, body: unknown): string {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string')
    return `${error.code}: ${typeof error.message === 'string' ? error.message : ''}`.trim();
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return `HTTP ${status}${text ? ` ${text.slice(0, 200)}` : ''}`;
}

/** 5xx (503: Kafka did not acknowledge) and 429 may succeed later; every other answer is final. */
function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

/**
 * Signed HTTP to the ingest gateway with a safe retry policy. Each attempt is signed afresh (new timestamp and
 * nonce: the gateway refuses a nonce it has seen) over the same body, so a retried batch carries the same records
 * and event ids and the pipeline counts them once. Network errors, time-outs, 429 and 5xx are retried with
 * exponential back-off and jitter up to `maxAttempts`; 400 and 401 never are: they would fail the same way.
 */
export class GatewayClient {
  private readonly retry: RetryPolicy;
  private readonly log: (line: string) => void;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly dispatcher: Agent | undefined;

  constructor(private readonly options: GatewayClientOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.dispatcher = options.ca === undefined ? undefined : new Agent({ connect: { ca: options.ca } });
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Sends until a final answer. Throws AgentError (exit 4) when every attempt failed or was retryable. */
  async send(method: 'GET' | 'POST', pathAndQuery: string, payload?: unknown): Promise<GatewayAnswer> {
    const url = new URL(pathAndQuery, this.options.baseUrl);
    // The gateway verifies the path it receives, query included.
    const signedPath = `${url.pathname}${url.search}`;
    const body = payload === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(payload));
    const { identity } = this.options;
    let problem = '';
    let retryAfterMs = 0;
    for (let attempt = 1; attempt <= this.retry.maxAttempts; attempt++) {
      if (attempt > 1) {
        // a 429's Retry-After is a floor: retrying sooner would only be refused again
        const delay = Math.max(this.backoff(attempt - 1), retryAfterMs);
        this.log(
          `retrying ${method} ${signedPath} in ${delay} ms (attempt ${attempt} of ${this.retry.maxAttempts}) after ` +
            `${problem}`,
        );
        await this.sleep(delay);
      }
      const headers = signedHeaders(identity.privateKey, {
        method,
        path: signedPath,
        body,
        clusterId: identity.clusterId,
        keyId: identity.keyId,
        nonce: randomBytes(16).toString('hex'),
      });
      let res: { status: number; headers: { get(name: string): string | null }; text(): Promise<string> };
      try {
        const init = {
          method,
          headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
          body: payload === undefined ? undefined : body,
          signal: AbortSignal.timeout(this.retry.timeoutMs),
        };
        res = this.dispatcher ? await fetchWith(url, { ...init, dispatcher: this.dispatcher }) : await fetch(url, init);
      } catch (e) {
        problem = networkProblem(e);
        continue;
      }
      const answer = await readBody(res);
      if (isRetryableStatus(res.status)) {
        problem = describeRefusal(res.status, answer);
        retryAfterMs = res.status === 429 ? retryAfterSeconds(res.headers.get('retry-after')) * 1000 : 0;
        continue;
      }
      return { status: res.status, body: answer, retries: attempt - 1 };
    }
    throw new AgentError(
      `gateway ${url.origin} unavailable: ${method} ${signedPath} failed ${this.retry.maxAttempts} times, last: ` +
        `${problem}`,
      EXIT.unavailable,
    );
  }

  /** "Equal jitter": half the exponential delay fixed, half random, so agents that failed together spread out. */
  private backoff(retry: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (retry - 1));
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }
}

/** Retry-After in seconds (the park sends seconds; an HTTP date or garbage counts as 0), at most 5 minutes. */
function retryAfterSeconds(value: string | null): number {
  const seconds = value !== null && /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : 0;
  return Math.min(seconds, 300);
}

async function readBody(res: { text(): Promise<string> }): Promise<unknown> {
  const text = await res.text().catch(() => '');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * fetch's TypeError hides the reason (refused, reset, an untrusted certificate) in `cause`; name it. Read by shape:
 * the error may come from another realm (Node's bundled fetch under a test runner), where instanceof fails.
 */
function networkProblem(e: unknown): string {
  type Shape = { name?: unknown; message?: unknown; cause?: unknown; code?: unknown };
  const shape = (value: unknown): Shape => (typeof value === 'object' && value !== null ? value : {});
  const error = shape(e);
  if (error.name === 'TimeoutError') return 'no answer before the time-out';
  const cause = shape(error.cause);
  if (typeof cause.message === 'string') {
    return `network error: ${typeof cause.code === 'string' ? `${cause.code} ` : ''}${cause.message}`;
  }
  return `network error: ${typeof error.message === 'string' ? error.message : String(e)}`;
}
