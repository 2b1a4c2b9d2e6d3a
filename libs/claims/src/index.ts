export { ClaimsModule } from './claims.module';
export { ClaimService, type CreateClaimInput, type ReviewDecision } from './claim.service';
export { ClawbackService, type ClawbackInput } from './clawback.service';
export { ClaimNotFound, ClaimTransitionRefused } from './claims.errors';
export {
  CADENCES,
  CLAIM_TRANSITIONS,
  canTransition,
  cyclePeriods,
  statusAfterReview,
  type ClaimState,
  type SettlementCadence,
} from './claim-cycle';
export {
  renderEvidencePack,
  verifyEvidencePack,
  sha256,
  MANIFEST,
  type ClaimDocument,
  type EvidenceFile,
  type PackVerification,
} from './claim-evidence';
