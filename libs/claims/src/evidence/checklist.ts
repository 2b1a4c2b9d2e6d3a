import type { EvidenceItem } from '@park/billing-domain';

/** What a checklist item is about: each tenant of the claim, each claim line's statement, or the claim as a whole. */
export type ItemScope = 'tenant' | 'statement' | 'claim';

/** Made by the product when the claim is submitted (or its checklist read); every other item is a document. */
export const GENERATED_ITEMS = ['delivery_certificate', 'cross_programme_check'] as const;
export type GeneratedItem = (typeof GENERATED_ITEMS)[number];

/** The kinds of document an operator uploads: the supplied items, and `other` (listed, never required). */
export const DOCUMENT_KINDS = [
  'contract',
  'invoice',
  'payment_proof',
  'non_affiliation_declaration',
  'no_double_subsidy_declaration',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const ITEM_SCOPE: Readonly<Record<EvidenceItem | 'other', ItemScope>> = {
  contract: 'tenant',
  invoice: 'statement',
  payment_proof: 'statement',
  non_affiliation_declaration: 'tenant',
  no_double_subsidy_declaration: 'tenant',
  delivery_certificate: 'claim',
  cross_programme_check: 'claim',
  other: 'claim',
};

const isGenerated = (item: EvidenceItem): item is GeneratedItem =>
  (GENERATED_ITEMS as readonly string[]).includes(item);

/**
 * Something that shows a supplied item is there: an uploaded claim document today. A statement invoice or payment
 * recorded against the statement (issue 16, i16-pay) is one more entry of the same shape, `source` naming it.
 */
export interface PresentEvidence {
  readonly kind: string;
  readonly tenantId: string | null;
  readonly statementId: string | null;
  readonly source: string;
}

export interface ChecklistInput {
  readonly required: readonly EvidenceItem[];
  readonly lines: readonly {
    readonly tenantId: string;
    readonly statementId: string;
    readonly statementNumber: string;
  }[];
  readonly present: readonly PresentEvidence[];
  /** What each generated item lacks (empty: it is satisfied), e.g. a cross-programme conflict. */
  readonly generated: Readonly<Record<GeneratedItem, readonly string[]>>;
}

export interface ChecklistItem {
  readonly item: EvidenceItem;
  readonly source: 'generated' | 'supplied';
  readonly scope: ItemScope;
  readonly satisfied: boolean;
  /** Each thing missing, named: "invoice missing for tenant t-1 statement ST-202610-0001". */
  readonly missing: readonly string[];
}

export interface Checklist {
  readonly complete: boolean;
  readonly items: readonly ChecklistItem[];
}

/** The one place that decides whether a claim carries each item its programme requires. Pure. */
export function evaluateChecklist(input: ChecklistInput): Checklist {
  const items = input.required.map((item): ChecklistItem => {
    const scope = ITEM_SCOPE[item];
    const missing = isGenerated(item) ? [...input.generated[item]] : missingSupplied(item, scope, input);
    return { item, source: isGenerated(item) ? 'generated' : 'supplied', scope, satisfied: !missing.length, missing };
  });
  return { complete: items.every((i) => i.satisfied), items };
}

function missingSupplied(item: EvidenceItem, scope: ItemScope, input: ChecklistInput): string[] {
  const of = input.present.filter((p) => p.kind === item);
  if (scope === 'statement') {
    const statements = [...new Map(input.lines.map((l) => [l.statementId, l])).values()];
    return statements
      .filter((l) => !of.some((p) => p.statementId === l.statementId))
      .map((l) => `${item} missing for tenant ${l.tenantId} statement ${l.statementNumber}`);
  }
  if (scope === 'tenant') {
    const tenants = [...new Set(input.lines.map((l) => l.tenantId))].sort();
    return tenants.filter((t) => !of.some((p) => p.tenantId === t)).map((t) => `${item} missing for tenant ${t}`);
  }
  return of.length ? [] : [`${item} missing for the claim`];
}
