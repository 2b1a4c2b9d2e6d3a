import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** One problem of a request, as the API's zod validation names it ("body.rules.ratio"). */
export interface ApiIssue {
  path: string;
  message: string;
}

/** An API error with the { error: { code, message, issues? } } body the API answers with. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
  }
}

let bearer: string | null = null;
/** The signed-in user's token, sent on every call (session.ts sets it). */
export function setBearer(token: string | null): void {
  bearer = token;
}

let unauthorized: (() => void) | null = null;
/** Called when the API refuses the signed-in user's token (401): the session is over (app.tsx signs out). */
export function whenUnauthorized(handler: (() => void) | null): void {
  unauthorized = handler;
}

const auth: Middleware = {
  onRequest({ request }) {
    if (bearer) request.headers.set('authorization', `Bearer ${bearer}`);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && request.headers.has('authorization')) unauthorized?.();
    return response;
  },
};

/** The typed client: paths, parameters and bodies come from the API's OpenAPI document (schema.d.ts). */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

interface Outcome {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * The body of a successful call, or an ApiError. The OpenAPI document does not describe most answers yet, so the
 * caller names the shape it reads (views.ts); requests stay typed by the generated schema.
 */
export async function ok<T>(call: Promise<Outcome>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const body = (error ?? {}) as { error?: { code?: string; message?: string; issues?: ApiIssue[] }; message?: string };
  throw new ApiError(
    response.status,
    body.error?.code ?? String(response.status),
    body.error?.message ?? body.message ?? response.statusText,
    body.error?.issues ?? [],
  );
}

/** A file the API serves (PDF, CSV), with the bearer token, as bytes. */
export async function download(path: string): Promise<{ bytes: ArrayBuffer; filename: string; sha256: string | null }> {
  const response = await fetch(path, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  if (!response.ok) throw new ApiError(response.status, String(response.status), response.statusText);
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? path.split('/').pop() ?? 'download';
  return { bytes: await response.arrayBuffer(), filename, sha256: response.headers.get('x-content-sha256') };
}
