import { createHash } from 'node:crypto';
import type { SettlementCadence } from './claim-cycle';
import { summaryPdf } from './claim-summary.pdf';

export { claimSummaryRows } from './claim-summary.pdf';

/** Everything the evidence pack is rendered from (amounts and quantities as exact decimal strings). */
export interface ClaimDocument {
  readonly id: string;
  readonly programme: { readonly id: string; readonly name: string; readonly mechanism: string };
  readonly bureau: { readonly id: string; readonly name: string };
  readonly cadence: SettlementCadence;
  readonly cycle: string;
  readonly total: string;
  readonly createdAt: Date;
  readonly lines: readonly {
    readonly id: string;
    readonly tenantId: string;
    readonly tenantName: string;
    readonly statementNumber: string;
    readonly periodId: string;
    readonly amount: string;
    readonly invoiceNumber: string | null;
    readonly paymentReference: string | null;
    readonly contractIds: readonly string[];
  }[];
  readonly statementLines: readonly {
    readonly statementNumber: string;
    readonly tenantId: string;
    readonly lineId: string;
    readonly usagePeriodId: string;
    readonly sku: string;
    readonly jobType: string;
    readonly quantityBase: string;
    readonly amount: string;
    readonly claimed: string;
  }[];
  readonly jobs: readonly {
    readonly statementNumber: string;
    readonly lineId: string;
    readonly tenantId: string;
    readonly jobId: string;
    readonly sku: string;
    readonly jobType: string;
    readonly quantityBase: string;
  }[];
}

export interface EvidenceFile {
  readonly name: string;
  readonly contentType: string;
  readonly content: Buffer;
  readonly sha256: string;
}

export const MANIFEST = 'manifest.json';

export const sha256 = (content: Buffer): string => createHash('sha256').update(content).digest('hex');

function csv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): Buffer {
  const cell = (v: string | number | null) => {
    const s = v == null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const text = [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

const file = (name: string, contentType: string, content: Buffer): EvidenceFile => ({
  name,
  contentType,
  content,
  sha256: sha256(content),
});

/**
 * The evidence pack: summary.pdf (Chinese first), tenants.csv, statements.csv, statement-lines.csv, usage-by-job.csv
 * and manifest.json naming the SHA-256 of every other file. Deterministic for one claim document.
 */
export async function renderEvidencePack(c: ClaimDocument): Promise<{ files: EvidenceFile[]; manifestSha256: string }> {
  const tenants = new Map<string, { name: string; statements: number; amount: bigint }>();
  const fen = (s: string) => BigInt(s.replace('.', ''));
  for (const l of c.lines) {
    const t = tenants.get(l.tenantId) ?? { name: l.tenantName, statements: 0, amount: 0n };
    tenants.set(l.tenantId, { ...t, statements: t.statements + 1, amount: t.amount + fen(l.amount) });
  }
  const yuan = (f: bigint) =>
    `${f < 0n ? '-' : ''}${(f < 0n ? -f : f) / 100n}.${String((f < 0n ? -f : f) % 100n).padStart(2, '0')}`;
  const files: EvidenceFile[] = [
    file('summary.pdf', 'application/pdf', await summaryPdf(c)),
    file(
      'tenants.csv',
      'text/csv; charset=utf-8',
      csv(
        ['企业 tenant_id', '名称 name', '结算单数 statements', '金额 amount'],
        [...tenants.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([id, t]) => [id, t.name, t.statements, yuan(t.amount)]),
      ),
    ),
    file(
      'statements.csv',
      'text/csv; charset=utf-8',
      csv(
        [
          '申请行 claim_line',
          '企业 tenant_id',
          '结算单 statement_number',
          '账期 period',
          '金额 amount',
          '发票 invoice_number',
          '付款 payment_reference',
          '合同 contract_ids',
        ],
        c.lines.map((l) => [
          l.id,
          l.tenantId,
          l.statementNumber,
          l.periodId,
          l.amount,
          l.invoiceNumber,
          l.paymentReference,
          l.contractIds.join(' '),
        ]),
      ),
    ),
    file(
      'statement-lines.csv',
      'text/csv; charset=utf-8',
      csv(
        [
          '结算单 statement_number',
          '企业 tenant_id',
          '行 line_id',
          '用量账期 usage_period',
          'SKU',
          '作业 job_type',
          '数量 quantity_base',
          '金额 amount',
          '申请 claimed',
        ],
        c.statementLines.map((l) => [
          l.statementNumber,
          l.tenantId,
          l.lineId,
          l.usagePeriodId,
          l.sku,
          l.jobType,
          l.quantityBase,
          l.amount,
          l.claimed,
        ]),
      ),
    ),
    file(
      'usage-by-job.csv',
      'text/csv; charset=utf-8',
      csv(
        [
          '结算单 statement_number',
          '行 line_id',
          '企业 tenant_id',
          '作业 job_id',
          'SKU',
          '作业类型 job_type',
          '数量 quantity_base',
        ],
        c.jobs.map((j) => [j.statementNumber, j.lineId, j.tenantId, j.jobId, j.sku, j.jobType, j.quantityBase]),
      ),
    ),
  ];
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
