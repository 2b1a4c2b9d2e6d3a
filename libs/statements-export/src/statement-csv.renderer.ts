import { createHash } from 'node:crypto';
import type { StatementLineView } from '@park/billing-domain';
import type { RenderedExport, StatementDocument } from './statement-export.types';
import { partyTableRows } from './statement-parties';
import { LINE_TAX_HEADERS, lineTaxCells, taxSummaryRows } from './statement-tax.rows';
import { chargeCells, chargeHeaders, creditTotalRows } from './statement-charges.rows';

const HEADER = [
  '账期 Usage period',
  '行号 Line',
  'SKU',
  '资源类别 Resource class',
  '作业类型 Job type',
  '数量 Quantity',
  '单位 Unit',
  '单价 Unit price',
  '金额 Amount',
  '券抵扣 Voucher deductions',
  '报销 Reimbursable',
  '应付 Net',
  '抵扣明细 Deduction detail',
  ...LINE_TAX_HEADERS,
];

function cell(value: string | number | null | undefined): string {
  const s = value == null ? '' : String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** UTF-8 with a BOM (so spreadsheet software reads the Chinese labels) and CRLF line ends. */
export function csvBytes(rows: readonly (readonly (string | number | null | undefined)[])[]): Buffer {
  return Buffer.from('\uFEFF' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n', 'utf8');
}

function lineRow(l: StatementLineView): (string | null)[] {
  return [
    l.periodId,
    l.lineId,
    l.sku ?? l.kind,
    l.resourceClassLabel ? `${l.resourceClassLabel.zh} ${l.resourceClassLabel.en}` : '',
    l.jobType ?? '',
    l.quantity,
    l.billingUnit ?? '',
    l.unitPrice,
    l.amount,
    l.onBillDeductions,
    l.reimbursable,
    l.net,
    l.deductions.map((d) => `${d.programmeId}/${d.grantId}:${d.amount}`).join(' '),
    ...lineTaxCells(l),
  ];
}

/** UTF-8 CSV (with BOM, so spreadsheet software reads the Chinese labels), amounts as exact decimal strings. */
export function renderStatementCsv(doc: StatementDocument): RenderedExport {
  const v = doc.view;
  // views frozen before charges existed have none
  const charges = v.charges ?? [];
  const rows: (string | null)[][] = [
    ['结算单 Statement', doc.number],
    ['企业 Tenant', doc.tenant.name, doc.tenant.id],
    ['统一社会信用代码 USCC', doc.tenant.unifiedSocialCreditCode ?? ''],
    ['账期 Period', doc.periodId],
    ['状态 Status', doc.status],
    ...(doc.isDemo ? [['演示数据 DEMO DATA']] : []),
    ...partyTableRows(doc),
    [],
    HEADER,
    ...v.lines.map(lineRow),
    ...v.adjustments.flatMap((a) => [
      [`调整 Adjustment for ${a.periodId}`, '', '', '', '', '', '', '', a.subtotal],
      ...a.lines.map(lineRow),
    ]),
    [],
    ['项目 Programme', '发放机构 Bureau', '方式 Mechanism', '金额 Amount'],
    ...v.deductionsByProgramme.map((p) => [`${p.name} (${p.programmeId})`, p.bureau, p.mechanism, p.amount]),
    [],
    ...(charges.length > 0 ? [chargeHeaders(v), ...charges.map((c) => chargeCells(v, c)), []] : []),
    ['合计 Gross', v.totals.gross],
    ['其中调整 Adjustments', v.totals.adjustments],
    ['算力券抵扣 Voucher deductions', v.totals.deductions],
    ['待报销补贴 Reimbursable subsidies', v.totals.reimbursable],
    ...(charges.length > 0 ? [['补缴 Charges billed back', v.totals.charges], ...creditTotalRows(v)] : []),
    ['应付金额 Net payable', v.totals.netPayable],
    ...taxSummaryRows(v),
  ];
  const content = csvBytes(rows);
  return {
    content,
    sha256: createHash('sha256').update(content).digest('hex'),
    contentType: 'text/csv; charset=utf-8',
    filename: `${doc.number}.csv`,
  };
}
