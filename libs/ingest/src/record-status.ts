/**
 * What each per-record answer of a push means, said once for both transports: the OpenAPI description uses these
 * texts and record-status.spec.ts holds the proto's comments to them.
 */
export const RECORD_STATUS_MEANINGS = {
  accepted:
    'Durably in Kafka (idempotent producer, acks from all in-sync replicas). ' +
    'A record already stored by an earlier push is accepted again and counted once.',
  rejected: 'Not billed: reason_code and the message name the field. Kept with its reason (usage_rejected).',
  duplicate: 'A copy of an earlier record in the same batch (same event_id): counted once, nothing to retry.',
} as const;

export type RecordStatus = keyof typeof RECORD_STATUS_MEANINGS;
