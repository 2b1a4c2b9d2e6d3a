export {
  SIGNATURE_SCHEME,
  AGENT_HEADERS,
  AGENT_KEY_ID,
  bodyDigest,
  canonicalString,
  signRequest,
  verifyRequestSignature,
  signedHeaders,
  generateAgentCredential,
  publicKeyFingerprint,
  type SignedParts,
  type AgentCredential,
} from './agent-signature';
export {
  AgentAuthenticator,
  type AgentKeyDirectory,
  type StoredAgentKey,
  type NonceStore,
  type AgentAuthFailureCode,
  type AgentAuthResult,
  type AgentAuthFailure,
  type AgentRequest,
  type AgentAuthOptions,
} from './agent-authenticator';
export { RedisNonceStore, NonceStoreUnavailableError } from './redis-nonce.store';
export { withDeadline, DeadlineExceededError } from './deadline';
