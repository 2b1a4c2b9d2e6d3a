export {
  SIGNATURE_SCHEME, AGENT_HEADERS, bodyDigest, canonicalString, signRequest, verifyRequestSignature, signedHeaders,
  generateAgentCredential, publicKeyFingerprint, type SignedParts, type AgentCredential,
} from './agent-signature';
export {
  AgentAuthenticator, type AgentKeyDirectory, type StoredAgentKey, type NonceStore, type AgentAuthFailureCode,
  type AgentAuthResult, type AgentRequest, type AgentAuthOptions,
} from './agent-authenticator';
export { RedisNonceStore } from './redis-nonce.store';
