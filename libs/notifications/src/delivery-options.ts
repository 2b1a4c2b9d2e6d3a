/** How webhooks are delivered; tests shorten the waits (provide DELIVERY_OPTIONS). */
export interface DeliveryOptions {
  /** Attempts per delivery before it is `failed`. */
  readonly attempts: number;
  /** Exponential back-off: the n-th retry waits backoffMs × 2^(n−1). */
  readonly backoffMs: number;
  /** Per request. */
  readonly timeoutMs: number;
  /** How often new outbox rows are fanned out. */
  readonly dispatchEveryMs: number;
  /** Deliveries sent at once per worker: a slow or dead endpoint holds one slot per attempt, not the queue. */
  readonly concurrency: number;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  attempts: 10,
  backoffMs: 30_000,
  timeoutMs: 10_000,
  dispatchEveryMs: 2_000,
  concurrency: 16,
};

export const DELIVERY_OPTIONS = Symbol('DELIVERY_OPTIONS');

/** When the retry after attempt `made` (1-based) is due, as BullMQ's exponential back-off computes it. */
export function retryDelayMs(options: DeliveryOptions, made: number): number {
  return options.backoffMs * 2 ** (made - 1);
}
