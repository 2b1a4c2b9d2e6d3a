import { Injectable } from '@nestjs/common';
import { type AuditActor, SYSTEM_ACTOR } from '@park/audit-store';
import { toDecimal } from '@park/billing';
import { formatAmount } from '@park/money';
import { ClaimDocumentsRepository } from './claim-documents.repository';
import { ClaimEvidenceItems } from './claim-evidence-items';
import { ClaimRecordedInvoicesRepository } from './claim-recorded-invoices.repository';
import { ClaimRules } from './claim-rules';
import { ClaimTransition, type ClaimChange } from './claim-transition';
import { ClaimQueries } from './claim.queries';
import { ClaimEvidenceIncomplete } from './claims.errors';
import { ClaimsRepository, type ClaimWithLines, type Tx } from './claims.repository';
import { recordedInvoiceFiles } from './evidence/recorded-invoices';
import { submittedPack } from './evidence/submitted-pack';

/**
 * An operator submits a draft claim to the bureau (draft → submitted): refused while an item of the programme's
 * evidence checklist is missing; otherwise the pack is completed (generated items, supplied documents) and its new
 * manifest's digest becomes the claim's, in the transition's transaction.
 */
@Injectable()
export class SubmitClaim {
  constructor(
    private readonly transition: ClaimTransition,
    private readonly queries: ClaimQueries,
    private readonly rules: ClaimRules,
    private readonly items: ClaimEvidenceItems,
    private readonly documents: ClaimDocumentsRepository,
    private readonly claims: ClaimsRepository,
    private readonly invoices: ClaimRecordedInvoicesRepository,
  ) {}

  async execute(claimId: string, actor: AuditActor = SYSTEM_ACTOR): Promise<void> {
    const claim = await this.queries.load(claimId);
    // the rules in force at the cycle's end, as the claim is assembled now; once submitted, its manifest holds them
    const inForce = claim.status === 'draft' ? await this.rules.of(claim) : null;
    // generated before the lock (ClickHouse): a claim's lines are fixed once it is built
    const generated = inForce ? await this.items.generate(claim, inForce) : null;
    return this.transition.run({
      claimId,
      to: 'submitted',
      actor,
      action: 'claim.submit',
      change: async (tx: Tx, locked: ClaimWithLines): Promise<ClaimChange> => {
        if (!inForce || !generated) return {};
        const documents = await this.documents.withContent(claimId, tx);
        const invoices = await this.invoices.of(
          locked.lines.map((l) => l.statementId),
          tx,
        );
        const checklist = this.items.checklist(locked, inForce, generated, documents, invoices);
        if (!checklist.complete)
          throw new ClaimEvidenceIncomplete(
            claimId,
            checklist.items.flatMap((i) => i.missing.map((message) => ({ item: i.item, message }))),
          );
        const built = await this.claims.evidenceFiles(claimId, tx);
        const pack = submittedPack({
          claim: {
            id: locked.id,
            programmeId: locked.programmeId,
            bureauId: locked.bureauId,
            cycle: locked.cycle,
            total: formatAmount(toDecimal(locked.total)),
          },
          built: built.map((f) => ({ name: f.name, content: Buffer.from(f.content) })),
          generated: generated.files,
          documents: documents.map((d) => ({ ...d, content: Buffer.from(d.content) })),
          recorded: recordedInvoiceFiles(invoices),
          checklist,
          rules: { version: inForce.version, inForceFor: inForce.period },
          submittedAt: new Date(),
        });
        await this.claims.putEvidenceFiles(tx, claimId, pack.files);
        return {
          manifestSha256: pack.manifestSha256,
          payload: {
            manifestSha256: pack.manifestSha256,
            documents: documents.map((d) => d.id),
            invoices: invoices.map((i) => i.id),
          },
        };
      },
    });
  }
}
