export { canonicalJson, type JsonValue } from './canonical-json.encoder';
export { digest, chainHash, GENESIS_HASH } from './audit-chain.hasher';
export { appendEvent, pendingEvent, type PendingEvent } from './audit-chain.appender';
export { verifyChain, createChainVerifier, type ChainVerifier, type VerifyOptions } from './audit-chain.verifier';
export { formatVerification, withoutDetail, type RedactedVerification } from './verification.formatter';
export { CanonicalJsonError, AuditInputError } from './audit.errors';
export type {
  AuditEvent,
  AuditEventInput,
  UnhashedAuditEvent,
  ChainAnchor,
  ChainFault,
  ChainIntact,
  ChainBroken,
  ChainVerification,
} from './audit-event.types';
