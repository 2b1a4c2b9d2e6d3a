import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditStore, prismaAuditSql, type AuditActor, SYSTEM_ACTOR } from '@park/audit-store';
import { InvalidInput, NotFound } from '@park/billing';
import { ClaimDocumentsRepository, type ClaimDocumentMeta } from './claim-documents.repository';
import { ClaimEvidenceItems } from './claim-evidence-items';
import { ClaimRecordedInvoicesRepository } from './claim-recorded-invoices.repository';
import { ClaimRules } from './claim-rules';
import { ClaimQueries } from './claim.queries';
import { ClaimNotDraft, ClaimNotFound } from './claims.errors';
import { ClaimsRepository, type ClaimWithLines } from './claims.repository';
import { ITEM_SCOPE, type DocumentKind } from './evidence/checklist';
import { documentTypeOf, MAX_DOCUMENT_BYTES } from './evidence/document-type';
import { MANIFEST, sha256 } from './evidence/evidence-document';
import { checklistAsSubmitted } from './evidence/submitted-pack';

export interface AddClaimDocumentInput {
  readonly claimId: string;
  readonly kind: DocumentKind;
  readonly label?: string;
  /** The tenant it belongs to (a contract, a declaration); inferred from `statementId` when that is given. */
  readonly tenantId?: string;
  /** A claim line's statement (an invoice, a payment proof). */
  readonly statementId?: string;
  readonly filename: string;
  readonly content: Buffer;
}

const view = (d: ClaimDocumentMeta & { bytes?: number }) => ({
  id: d.id,
  claimId: d.claimId,
  kind: d.kind,
  label: d.label,
  tenantId: d.tenantId,
  statementId: d.statementId,
  filename: d.filename,
  contentType: d.contentType,
  sha256: d.sha256,
  uploadedBy: d.uploadedBy,
  createdAt: d.createdAt,
});

/** Documents an operator supplies for a draft claim's checklist, and the checklist as the claim now stands. */
@Injectable()
export class ClaimDocuments {
  constructor(
    private readonly claims: ClaimsRepository,
    private readonly documents: ClaimDocumentsRepository,
    private readonly rules: ClaimRules,
    private readonly items: ClaimEvidenceItems,
    private readonly queries: ClaimQueries,
    private readonly audit: AuditStore,
    private readonly invoices: ClaimRecordedInvoicesRepository,
  ) {}

  /** Stores the bytes with their SHA-256 and an audit event, under the claim's lock; only while it is a draft. */
  add(input: AddClaimDocumentInput, actor: AuditActor = SYSTEM_ACTOR) {
    const contentType = documentTypeOf(input.content);
    if (!contentType || input.content.length > MAX_DOCUMENT_BYTES)
      throw new InvalidInput('claim document', [
        { path: 'content', message: `a PDF, OFD, PNG or JPEG file of at most ${MAX_DOCUMENT_BYTES} bytes` },
      ]);
    return this.claims.inLock(input.claimId, async (tx, claim) => {
      if (!claim) throw new ClaimNotFound(input.claimId);
      if (claim.status !== 'draft') throw new ClaimNotDraft(claim.id, claim.status);
      const { tenantId, statementId } = scopeOf(claim, input);
      const doc = {
        id: `cdoc_${randomUUID()}`,
        claimId: claim.id,
        kind: input.kind,
        label: input.label ?? null,
        tenantId,
        statementId,
        filename: input.filename,
        contentType,
        sha256: sha256(input.content),
        uploadedBy: actor.subject,
        createdAt: new Date(),
      };
      await this.documents.insert(tx, { ...doc, content: new Uint8Array(input.content) });
      await this.audit.append(prismaAuditSql(tx), {
        actor,
        action: 'claim.document.add',
        entityType: 'claim',
        entityId: claim.id,
        after: { ...view(doc), bytes: input.content.length },
      });
      return view(doc);
    });
  }

  async list(claimId: string) {
    await this.queries.load(claimId);
    return (await this.documents.list(claimId)).map(view);
  }

  async file(claimId: string, documentId: string) {
    await this.queries.load(claimId);
    const doc = await this.documents.find(claimId, documentId);
    if (!doc) throw new NotFound('claim_document', documentId);
    return { ...view(doc), content: Buffer.from(doc.content) };
  }

  /**
   * A draft's required items (the rules version in force at its cycle's end): each satisfied, or what exactly is
   * missing (generated items are made now to be checked). A submitted claim's: as its manifest recorded them.
   */
  async checklist(claimId: string) {
    const claim = await this.queries.load(claimId);
    const { status } = claim;
    if (status !== 'draft') {
      const manifest = await this.claims.evidenceFile(claimId, MANIFEST);
      const submitted = manifest ? checklistAsSubmitted(Buffer.from(manifest.content)) : null;
      if (submitted)
        return { claimId, status, asSubmitted: true, required: submitted.items.map((i) => i.item), ...submitted };
    }
    const inForce = await this.rules.of(claim);
    const generated = await this.items.generate(claim, inForce);
    const documents = await this.documents.list(claimId);
    const invoices = await this.invoices.of(claim.lines.map((l) => l.statementId));
    const checklist = this.items.checklist(claim, inForce, generated, documents, invoices);
    const rules = { version: inForce.version, inForceFor: inForce.period };
    return { claimId, status, asSubmitted: false, required: inForce.rules.evidenceChecklist, rules, ...checklist };
  }
}

/** The tenant and statement a document belongs to, checked against the claim's lines (every problem at once). */
function scopeOf(claim: ClaimWithLines, input: AddClaimDocumentInput) {
  const issues: { path: string; message: string }[] = [];
  const line = input.statementId ? claim.lines.find((l) => l.statementId === input.statementId) : undefined;
  if (input.statementId && !line) issues.push({ path: 'statementId', message: 'not a statement of this claim' });
  const tenantId = input.tenantId ?? line?.tenantId ?? null;
  if (input.tenantId && !claim.lines.some((l) => l.tenantId === input.tenantId))
    issues.push({ path: 'tenantId', message: 'not a tenant of this claim' });
  if (line && input.tenantId && line.tenantId !== input.tenantId)
    issues.push({ path: 'statementId', message: `a statement of tenant ${line.tenantId}` });
  const scope = ITEM_SCOPE[input.kind];
  if (scope === 'statement' && !input.statementId)
    issues.push({ path: 'statementId', message: `required: ${input.kind} belongs to a claim line's statement` });
  if (scope === 'tenant' && !tenantId)
    issues.push({ path: 'tenantId', message: `required: ${input.kind} belongs to a tenant of the claim` });
  if (issues.length) throw new InvalidInput('claim document', issues);
  return { tenantId, statementId: input.statementId ?? null };
}
