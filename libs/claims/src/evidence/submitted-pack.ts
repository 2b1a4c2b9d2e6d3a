import type { Checklist, ChecklistItem } from './checklist';
import { MANIFEST, sha256, type EvidenceFile } from './evidence-document';

/** Which programme rules version a checklist is of: `version`, in force for the period `inForceFor`. */
export interface RulesOfChecklist {
  readonly version: number;
  readonly inForceFor: string;
}

/** A document the operator supplied, as the pack lists it. */
export interface SuppliedDocument {
  readonly id: string;
  readonly kind: string;
  readonly label: string | null;
  readonly tenantId: string | null;
  readonly statementId: string | null;
  readonly filename: string;
  readonly content: Buffer;
}

/** Where a supplied document sits in the pack (and what verification names when its bytes change). */
export const documentName = (d: { id: string; filename: string }): string => `documents/${d.id}/${d.filename}`;

const BUILT_KINDS: Readonly<Record<string, string>> = { 'summary.pdf': 'claim_summary' };

/**
 * The pack as submitted: the files rendered when the claim was built, the items generated now (delivery certificate,
 * cross-programme check), every supplied document and the invoices recorded against its statements, each listed in
 * manifest.json with its kind, where it comes from, its scope (tenant, statement or the claim) and its SHA-256; the
 * checklist as it stood. Pure.
 */
export function submittedPack(input: {
  claim: { id: string; programmeId: string; bureauId: string; cycle: string; total: string };
  built: readonly { name: string; content: Buffer }[];
  generated: readonly (EvidenceFile & { kind: string })[];
  documents: readonly SuppliedDocument[];
  /** Invoices recorded against the claim's statements, copied into the pack (stored with it, like `generated`). */
  recorded?: readonly (EvidenceFile & { tenantId: string; statementId: string })[];
  checklist: Checklist;
  /** The programme rules version the checklist is of, and the period it is in force for (the cycle's end). */
  rules?: RulesOfChecklist;
  submittedAt: Date;
}): { files: EvidenceFile[]; manifestSha256: string } {
  const entry = (name: string, content: Buffer) => ({ name, sha256: sha256(content), bytes: content.length });
  const generatedNames = new Set(input.generated.map((g) => g.name));
  const built = input.built.filter((f) => f.name !== MANIFEST && !generatedNames.has(f.name));
  const files = [
    ...built.map((f) => ({
      ...entry(f.name, f.content),
      kind: BUILT_KINDS[f.name] ?? 'claim_tables',
      source: 'built',
      scope: 'claim',
    })),
    ...input.generated.map((g) => ({ ...entry(g.name, g.content), kind: g.kind, source: 'generated', scope: 'claim' })),
    ...input.documents.map((d) => ({
      ...entry(documentName(d), d.content),
      kind: d.kind,
      ...(d.label ? { label: d.label } : {}),
      source: 'supplied',
      scope: d.statementId
        ? { tenantId: d.tenantId, statementId: d.statementId }
        : d.tenantId
          ? { tenantId: d.tenantId }
          : 'claim',
    })),
    ...(input.recorded ?? []).map((r) => ({
      ...entry(r.name, r.content),
      kind: 'invoice',
      source: 'recorded',
      scope: { tenantId: r.tenantId, statementId: r.statementId },
    })),
  ];
  const manifest = {
    ...input.claim,
    submittedAt: input.submittedAt.toISOString(),
    algorithm: 'sha256',
    ...(input.rules ? { rules: input.rules } : {}),
    checklist: input.checklist.items.map((i) => ({
      item: i.item,
      source: i.source,
      scope: i.scope,
      satisfied: i.satisfied,
    })),
    files,
  };
  const content = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
  const manifestFile: EvidenceFile = {
    name: MANIFEST,
    contentType: 'application/json',
    content,
    sha256: sha256(content),
  };
  const stored = [
    ...input.generated,
    ...(input.recorded ?? []).map(({ name, contentType, content, sha256 }) => ({
      name,
      contentType,
      content,
      sha256,
    })),
  ];
  return { files: [...stored, manifestFile], manifestSha256: manifestFile.sha256 };
}

/**
 * The checklist a submitted claim's manifest records, with the rules version it was of: what the claim was submitted
 * with, whatever the programme's rules say later. Null when the manifest holds none (a draft's, or one submitted
 * before checklists). Pure.
 */
export function checklistAsSubmitted(manifest: Buffer): (Checklist & { rules: RulesOfChecklist | null }) | null {
  const parsed = JSON.parse(manifest.toString('utf8')) as {
    checklist?: Omit<ChecklistItem, 'missing'>[];
    rules?: RulesOfChecklist;
  };
  if (!Array.isArray(parsed.checklist)) return null;
  const items = parsed.checklist.map((i) => ({
    ...i,
    missing: i.satisfied ? [] : [`${i.item} was not satisfied when the claim was submitted`],
  }));
  return { complete: items.every((i) => i.satisfied), items, rules: parsed.rules ?? null };
}
