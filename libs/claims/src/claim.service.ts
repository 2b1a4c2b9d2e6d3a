import { Injectable } from '@nestjs/common';
import { type AuditActor, SYSTEM_ACTOR } from '@park/audit-store';
import { BuildClaim, type CreateClaimInput } from './build-claim.usecase';
import { ClaimDocuments, type AddClaimDocumentInput } from './claim-documents.usecase';
import { ClaimQueries } from './claim.queries';
import { DrillDownClaim } from './drill-down-claim.usecase';
import { PayClaim } from './pay-claim.usecase';
import { ReviewClaim, type ReviewDecision } from './review-claim.usecase';
import { SubmitClaim } from './submit-claim.usecase';

/**
 * Reimbursement claims (兑付申请), as the API and the demo call them: each change is a use case (build, submit,
 * review, pay) and answers the claim as it now is; reads are ClaimQueries and DrillDownClaim.
 */
@Injectable()
export class ClaimService {
  constructor(
    private readonly building: BuildClaim,
    private readonly submitting: SubmitClaim,
    private readonly reviewing: ReviewClaim,
    private readonly paying: PayClaim,
    private readonly drilling: DrillDownClaim,
    private readonly queries: ClaimQueries,
    private readonly documents: ClaimDocuments,
  ) {}

  /** The bureau of a claim, or null when there is none (the `claim` scope resolver). */
  bureauOf(claimId: string): Promise<string | null> {
    return this.queries.bureauOf(claimId);
  }

  async create(input: CreateClaimInput, actor: AuditActor = SYSTEM_ACTOR) {
    return this.get(await this.building.execute(input, actor));
  }

  list(filter: { bureauId?: string; programmeId?: string; status?: string } = {}) {
    return this.queries.list(filter);
  }

  get(claimId: string) {
    return this.queries.get(claimId);
  }

  async submit(claimId: string, actor: AuditActor = SYSTEM_ACTOR) {
    await this.submitting.execute(claimId, actor);
    return this.get(claimId);
  }

  async startReview(claimId: string, actor: AuditActor = SYSTEM_ACTOR) {
    await this.reviewing.start(claimId, actor);
    return this.get(claimId);
  }

  async review(claimId: string, decisions: ReviewDecision[], actor: AuditActor = SYSTEM_ACTOR) {
    await this.reviewing.decide(claimId, decisions, actor);
    return this.get(claimId);
  }

  async pay(claimId: string, paymentReference: string, actor: AuditActor = SYSTEM_ACTOR) {
    await this.paying.execute(claimId, paymentReference, actor);
    return this.get(claimId);
  }

  evidenceFile(claimId: string, name: string) {
    return this.queries.evidenceFile(claimId, name);
  }

  verifyEvidence(claimId: string) {
    return this.queries.verifyEvidence(claimId);
  }

  /** A document for the checklist (contract, invoice, payment proof, declaration): only while the claim is a draft. */
  addDocument(input: AddClaimDocumentInput, actor: AuditActor = SYSTEM_ACTOR) {
    return this.documents.add(input, actor);
  }

  listDocuments(claimId: string) {
    return this.documents.list(claimId);
  }

  document(claimId: string, documentId: string) {
    return this.documents.file(claimId, documentId);
  }

  /** The programme's evidence checklist against what the claim carries now: each item satisfied or what is missing. */
  checklist(claimId: string) {
    return this.documents.checklist(claimId);
  }

  drillDown(claimId: string) {
    return this.drilling.execute(claimId);
  }
}
