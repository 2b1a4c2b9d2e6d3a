import { Injectable } from '@nestjs/common';
import { toDecimal } from '@park/billing';
import { formatAmount } from '@park/money';
import { claimedStatementLines } from './claim-coverage';
import { ClaimJobs, jobsOf } from './claim-jobs';
import { ClaimRules, type RulesInForce } from './claim-rules';
import { ClaimSourcesRepository } from './claim-sources.repository';
import type { ClaimDocumentMeta } from './claim-documents.repository';
import type { ClaimWithLines } from './claims.repository';
import { evaluateChecklist, type Checklist, type GeneratedItem, type PresentEvidence } from './evidence/checklist';
import { crossProgrammeCheck, crossProgrammeMissing } from './evidence/cross-programme-check';
import { deliveryCertificate, type DeliveredJob } from './evidence/delivery-certificate';
import { sha256, type EvidenceFile } from './evidence/evidence-document';
import type { RecordedInvoice } from './evidence/recorded-invoices';

export interface GeneratedItems {
  readonly files: readonly (EvidenceFile & { kind: GeneratedItem })[];
  /** What each generated item lacks (empty: satisfied). */
  readonly missing: Readonly<Record<GeneratedItem, readonly string[]>>;
}

const file = (name: string, kind: GeneratedItem, contentType: string, content: Buffer) => ({
  name,
  kind,
  contentType,
  content,
  sha256: sha256(content),
});

/**
 * The checklist items the product makes from a claim (issue 16 item 4): the delivery certificate (算力交付凭证) from
 * the usage behind its claimed statement lines, and the cross-programme check against other programmes' claims.
 */
@Injectable()
export class ClaimEvidenceItems {
  constructor(
    private readonly sources: ClaimSourcesRepository,
    private readonly jobs: ClaimJobs,
    private readonly rules: ClaimRules,
  ) {}

  /** `inForce`: the claim's rules (ClaimRules.of); other programmes' are read in force for the same period. */
  async generate(claim: ClaimWithLines, inForce: RulesInForce): Promise<GeneratedItems> {
    const programme = inForce.rules;
    const { relevant, claimedOf } = await claimedStatementLines(this.sources, claim);
    const numberOf = new Map(claim.lines.map((l) => [l.statementId, l.statementNumber]));
    const jobs = await this.jobs.quantities(relevant);
    const delivered: DeliveredJob[] = relevant.flatMap((l) =>
      jobsOf(jobs, l).map((j) => ({
        tenantId: j.tenantId,
        statementNumber: numberOf.get(l.statementId) ?? l.statementId,
        usagePeriodId: l.usagePeriodId,
        jobId: j.jobId,
        sku: j.sku,
        jobType: j.jobType,
        quantityBase: j.quantityBase,
        clusters: j.clusters,
      })),
    );
    const skus = await this.sources.skuUnits([...new Set(delivered.map((d) => d.sku))]);
    const units = new Map(
      skus.map((u) => [u.code, { billingUnit: u.billingUnit, unitsPerBillingUnit: u.unitsPerBillingUnit.toString() }]),
    );
    const certificate = deliveryCertificate({ jobs: delivered, units, lines: claim.lines });

    const others = await this.sources.otherClaimedDeductions(
      claim.programmeId,
      claim.lines.map((l) => l.statementId),
    );
    const groups = new Map<string, string | null>();
    for (const id of new Set(others.map((o) => o.programmeId)))
      groups.set(id, (await this.rules.inPeriod(id, inForce.period))?.stackingGroup ?? null);
    const check = crossProgrammeCheck({
      programme: { id: programme.id, stackingGroup: programme.stackingGroup },
      lines: relevant.map((l) => ({
        statementId: l.statementId,
        statementNumber: numberOf.get(l.statementId) ?? l.statementId,
        tenantId: l.tenantId,
        lineId: l.lineId,
        claimed: formatAmount(claimedOf(l.statementId, l.lineId)),
      })),
      others: others.map((o) => ({
        ...o,
        amount: formatAmount(toDecimal(o.amount)),
        stackingGroup: groups.get(o.programmeId) ?? null,
      })),
    });
    const json = Buffer.from(JSON.stringify(check, null, 2) + '\n', 'utf8');
    return {
      files: [
        file('delivery-certificate.csv', 'delivery_certificate', 'text/csv; charset=utf-8', certificate.csv),
        file('cross-programme-check.json', 'cross_programme_check', 'application/json', json),
      ],
      missing: { delivery_certificate: certificate.missing, cross_programme_check: crossProgrammeMissing(check) },
    };
  }

  /** The programme's checklist against what the claim carries now: the one place a supplied item counts as there. */
  checklist(
    claim: ClaimWithLines,
    inForce: RulesInForce,
    generated: GeneratedItems,
    documents: readonly ClaimDocumentMeta[],
    invoices: readonly RecordedInvoice[],
  ): Checklist {
    return evaluateChecklist({
      required: inForce.rules.evidenceChecklist,
      lines: claim.lines,
      present: presentEvidence(documents, invoices),
      generated: generated.missing,
    });
  }
}

/**
 * What shows a supplied item is there: the claim's documents, and the invoices recorded (with their file) against a
 * claim line's statement, which count as that statement's `invoice`. Recorded payments do not count as
 * `payment_proof`: they are the park's own book entries, the bureau asks for the bank's receipt (a document).
 */
export function presentEvidence(
  documents: readonly ClaimDocumentMeta[],
  invoices: readonly RecordedInvoice[] = [],
): PresentEvidence[] {
  return [
    ...documents.map((d) => ({
      kind: d.kind,
      tenantId: d.tenantId,
      statementId: d.statementId,
      source: `claim_document:${d.id}`,
    })),
    ...invoices.map((i) => ({
      kind: 'invoice',
      tenantId: i.tenantId,
      statementId: i.statementId,
      source: `statement_invoice:${i.id}`,
    })),
  ];
}
