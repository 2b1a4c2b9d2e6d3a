import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request context carried through async calls, so every log line of a request names its request id. */
export interface RequestContext {
  requestId: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}
