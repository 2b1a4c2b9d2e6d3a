import { Decimal, formatAmount, sum } from '@park/money';
import { csvBytes, type XlsxColumn, type XlsxSheet } from '@park/statements-export';
import type { ClaimDocument } from './evidence-document';

/** One table of the evidence pack: written as a CSV file of its own and as a sheet of `tables.xlsx`. */
export interface EvidenceTable {
  readonly file: string;
  readonly sheet: XlsxSheet;
}

const text = (header: string): XlsxColumn => ({ header, kind: 'text' });
const money = (header: string): XlsxColumn => ({ header, kind: 'money' });
const quantity = (header: string): XlsxColumn => ({ header, kind: 'quantity' });

/** The exact sum of the given money column, for the total row. */
function totalOf(rows: readonly (readonly (string | null)[])[], column: number): string {
  return formatAmount(sum(rows.map((r) => new Decimal(r[column] ?? '0'))));
}

function table(file: string, name: string, columns: readonly XlsxColumn[], rows: (string | null)[][]): EvidenceTable {
  const moneyColumns = columns.flatMap((c, i) => (c.kind === 'money' ? [i] : []));
  const amounts = Object.fromEntries(moneyColumns.map((i) => [i, totalOf(rows, i)]));
  return { file, sheet: { name, preamble: [], columns, rows, total: { label: '合计 Total', amounts } } };
}

function tenantsTable(c: ClaimDocument): EvidenceTable {
  const tenants = new Map<string, { name: string; statements: number; amount: Decimal }>();
  for (const l of c.lines) {
    const t = tenants.get(l.tenantId) ?? { name: l.tenantName, statements: 0, amount: new Decimal(0) };
    tenants.set(l.tenantId, { ...t, statements: t.statements + 1, amount: t.amount.plus(l.amount) });
  }
  return table(
    'tenants.csv',
    '企业 Tenants',
    [text('企业 tenant_id'), text('名称 name'), quantity('结算单数 statements'), money('金额 amount')],
    [...tenants.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, t]) => [id, t.name, String(t.statements), formatAmount(t.amount)]),
  );
}

function statementsTable(c: ClaimDocument): EvidenceTable {
  return table(
    'statements.csv',
    '结算单 Statements',
    [
      text('申请行 claim_line'),
      text('企业 tenant_id'),
      text('结算单 statement_number'),
      text('账期 period'),
      money('金额 amount'),
      text('发票 invoice_number'),
      text('付款 payment_reference'),
      text('合同 contract_ids'),
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
  );
}

function statementLinesTable(c: ClaimDocument): EvidenceTable {
  return table(
    'statement-lines.csv',
    '结算单行 Statement lines',
    [
      text('结算单 statement_number'),
      text('企业 tenant_id'),
      text('行 line_id'),
      text('用量账期 usage_period'),
      text('SKU'),
      text('作业 job_type'),
      quantity('数量 quantity_base'),
      money('金额 amount'),
      money('申请 claimed'),
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
  );
}

function jobsTable(c: ClaimDocument): EvidenceTable {
  return table(
    'usage-by-job.csv',
    '作业用量 Usage by job',
    [
      text('结算单 statement_number'),
      text('行 line_id'),
      text('企业 tenant_id'),
      text('作业 job_id'),
      text('SKU'),
      text('作业类型 job_type'),
      quantity('数量 quantity_base'),
    ],
    c.jobs.map((j) => [j.statementNumber, j.lineId, j.tenantId, j.jobId, j.sku, j.jobType, j.quantityBase]),
  );
}

/** The pack's tables, in the order they are listed in its manifest. */
export function evidenceTables(c: ClaimDocument): EvidenceTable[] {
  return [tenantsTable(c), statementsTable(c), statementLinesTable(c), jobsTable(c)];
}

/** Headers then rows (no total row: a CSV row is data). */
export function tableCsv(t: EvidenceTable): Buffer {
  return csvBytes([t.sheet.columns.map((c) => c.header), ...t.sheet.rows]);
}
