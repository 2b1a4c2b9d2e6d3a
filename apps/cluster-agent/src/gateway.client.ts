import { createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
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
}

/** Reads a PEM private key, naming the file when it is not one. */
export function loadPrivateKey(pem: string, source: string): KeyObject {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`an ${key.asymmetricKeyType ?? 'unknown'} key, the park expects Ed25519`);
    return key;
  } catch (e) {
    throw new AgentError(`${source}: not a usable private key (${e instanceof Error ? e.message : String(e)})`, EXIT.usage);
  }
}

/**
 * `{ error: { code, message } }` from the gateway, as "CODE: message"; else the status line and a bit of the body.
 */
export function describeRefusal(status: number, body: unknown): string {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string') return `${error.code}: ${typeof error.message === 'string' ? error.message : ''}`.trim();
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

  constructor(private readonly options: GatewayClientOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY;
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
    for (let attempt = 1; attempt <= this.retry.maxAttempts; attempt++) {
      if (attempt > 1) {
        const delay = this.backoff(attempt - 1);
        this.log(`retrying ${method} ${signedPath} in ${delay} ms (attempt ${attempt} of ${this.retry.maxAttempts}) after ${problem}`);
        await this.sleep(delay);
      }
      const headers = signedHeaders(identity.privateKey, {
        method, path: signedPath, body, clusterId: identity.clusterId, keyId: identity.keyId, nonce: randomBytes(16).toString('hex'),
      });
      let res: Response;
      try {
        res = await fetch(url, {
          method,
          headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
          body: payload === undefined ? undefined : body,
          signal: AbortSignal.timeout(this.retry.timeoutMs),
        });
      } catch (e) {
        problem = networkProblem(e);
        continue;
      }
      const answer = await readBody(res);
      if (isRetryableStatus(res.status)) {
        problem = describeRefusal(res.status, answer);
        continue;
      }
      return { status: res.status, body: answer, retries: attempt - 1 };
    }
    throw new AgentError(`gateway ${url.origin} unavailable: ${method} ${signedPath} failed ${this.retry.maxAttempts} times, last: ${problem}`, EXIT.unavailable);
  }

  /** "Equal jitter": half the exponential delay fixed, half random, so agents that failed together spread out. */
  private backoff(retry: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (retry - 1));
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text().catch(() => '');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function networkProblem(e: unknown): string {
  if (e instanceof Error) {
    if (e.name === 'TimeoutError') return 'no answer before the time-out';
    const cause = (e as Error & { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `${(cause as Error & { code?: string }).code ?? ''} ${cause.message}`.trim() : '';
    return `network error: ${detail || e.message}`;
  }
  return `network error: ${String(e)}`;
}
