import { renderWorkbook } from '@park/statements-export';
import { MANIFEST, sha256, type ClaimDocument, type EvidenceFile } from './evidence/evidence-document';
import { summaryPdf } from './evidence/evidence-summary.pdf';
import { evidenceTables, tableCsv } from './evidence/evidence-tables';

export { MANIFEST, sha256, type ClaimDocument, type EvidenceFile } from './evidence/evidence-document';
export { claimSummaryRows } from './evidence/evidence-summary.pdf';

const file = (name: string, contentType: string, content: Buffer): EvidenceFile => ({
  name,
  contentType,
  content,
  sha256: sha256(content),
});

/**
 * The evidence pack: summary.pdf (Chinese first), tenants.csv, statements.csv, statement-lines.csv,
 * usage-by-job.csv, the same four tables as sheets of tables.xlsx (with total rows), and manifest.json naming the
 * SHA-256 of every other file. Deterministic for one claim document.
 */
export async function renderEvidencePack(c: ClaimDocument): Promise<{ files: EvidenceFile[]; manifestSha256: string }> {
  const tables = evidenceTables(c);
  const workbook = await renderWorkbook(
    tables.map((t) => t.sheet),
    { fixedDate: c.createdAt, title: `兑付申请 ${c.id}`, filename: 'tables.xlsx' },
  );
  const data: EvidenceFile[] = [
    ...tables.map((t) => file(t.file, 'text/csv; charset=utf-8', tableCsv(t))),
    file(workbook.filename, workbook.contentType, workbook.content),
  ];
  // the summary prints the data files' digests (the manifest, which lists the summary's, cannot be printed on it)
  const summary = await summaryPdf(
    c,
    data.map((f) => ({ label: f.name, sha256: f.sha256 })),
  );
  const files: EvidenceFile[] = [file('summary.pdf', 'application/pdf', summary), ...data];
  const manifest = Buffer.from(
    JSON.stringify(
      {
        claimId: c.id,
        programmeId: c.programme.id,
        bureauId: c.bureau.id,
        cycle: c.cycle,
        total: c.total,
        algorithm: 'sha256',
        files: files.map((f) => ({ name: f.name, sha256: f.sha256, bytes: f.content.length })),
      },
      null,
      2,
    ) + '\n',
    'utf8',
  );
  const manifestFile = file(MANIFEST, 'application/json', manifest);
  return { files: [...files, manifestFile], manifestSha256: manifestFile.sha256 };
}
export interface PackVerification {
  readonly ok: boolean;
  /** Files whose bytes no longer match the manifest (or the manifest itself, when it no longer matches the claim). */
  readonly changed: string[];
  readonly missing: string[];
  readonly unexpected: string[];
}

/** Recomputes every stored file's digest against the manifest, and the manifest's against the claim. */
export function verifyEvidencePack(
  stored: readonly { name: string; content: Buffer }[],
  manifestSha256: string,
): PackVerification {
  const byName = new Map(stored.map((f) => [f.name, f.content]));
  const manifest = byName.get(MANIFEST);
  if (!manifest) return { ok: false, changed: [], missing: [MANIFEST], unexpected: [] };
  const changed: string[] = [];
  const missing: string[] = [];
  if (sha256(manifest) !== manifestSha256) changed.push(MANIFEST);
  let listed: { name: string; sha256: string }[] = [];
  try {
    listed = (JSON.parse(manifest.toString('utf8')) as { files: { name: string; sha256: string }[] }).files ?? [];
  } catch {
    return { ok: false, changed: [MANIFEST], missing: [], unexpected: [] };
  }
  for (const entry of listed) {
    const content = byName.get(entry.name);
    if (!content) missing.push(entry.name);
    else if (sha256(content) !== entry.sha256) changed.push(entry.name);
  }
  const unexpected = [...byName.keys()].filter((n) => n !== MANIFEST && !listed.some((e) => e.name === n));
  return { ok: changed.length === 0 && missing.length === 0 && unexpected.length === 0, changed, missing, unexpected };
}
