export { ClaimsModule } from './claims.module';
export { ClaimService } from './claim.service';
export { BuildClaim, type CreateClaimInput } from './build-claim.usecase';
export { SubmitClaim } from './submit-claim.usecase';
export { ReviewClaim, type ReviewDecision } from './review-claim.usecase';
export { PayClaim } from './pay-claim.usecase';
export { DrillDownClaim } from './drill-down-claim.usecase';
export { ClaimQueries } from './claim.queries';
export { ClawbackService, type ClawbackInput } from './clawback.service';
export { ClaimEvidenceIncomplete, ClaimNotDraft, ClaimNotFound, ClaimTransitionRefused } from './claims.errors';
export { ClaimDocuments, type AddClaimDocumentInput } from './claim-documents.usecase';
export { DOCUMENT_KINDS, GENERATED_ITEMS, ITEM_SCOPE, evaluateChecklist, type Checklist } from './evidence/checklist';
export { documentTypeOf, MAX_DOCUMENT_BYTES } from './evidence/document-type';
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
