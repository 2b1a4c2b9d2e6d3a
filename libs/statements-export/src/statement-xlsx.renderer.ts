import type { StatementLineView, TaxAmountsView } from '@park/billing-domain';
import { Decimal, formatAmount, sum } from '@park/money';
import type { RenderedExport, StatementDocument } from './statement-export.types';
import { partyTableRows } from './statement-parties';
import { LINE_TAX_HEADERS, lineTaxCells, taxSummaryRows } from './statement-tax.rows';
import { CREDIT_HEADERS, chargeCells, creditTotalRows, hasCredits } from './statement-charges.rows';
import { renderWorkbook, type XlsxColumn, type XlsxSheet } from './xlsx/xlsx-workbook';

const LINE_COLUMNS: readonly XlsxColumn[] = [
  { header: '账期 Usage period', kind: 'text', width: 12 },
  { header: '行号 Line', kind: 'text', width: 26 },
  { header: 'SKU', kind: 'text', width: 22 },
  { header: '资源类别 Resource class', kind: 'text' },
  { header: '作业类型 Job type', kind: 'text', width: 14 },
  { header: '数量 Quantity', kind: 'quantity' },
  { header: '单位 Unit', kind: 'text', width: 10 },
  { header: '单价 Unit price', kind: 'money' },
  { header: '金额 Amount', kind: 'money' },
  { header: '券抵扣 Voucher deductions', kind: 'money' },
  { header: '报销 Reimbursable', kind: 'money' },
  { header: '应付 Net', kind: 'money' },
  { header: LINE_TAX_HEADERS[0], kind: 'text', width: 10 },
  { header: LINE_TAX_HEADERS[1], kind: 'money' },
  { header: LINE_TAX_HEADERS[2], kind: 'money' },
  { header: LINE_TAX_HEADERS[3], kind: 'money' },
];
// the money columns that add up to the statement's totals (unit price does not)
const AMOUNT = 8;
const DEDUCTIONS = 9;
const REIMBURSABLE = 10;
const NET = 11;
const EXCL_TAX = 13;
const TAX = 14;
const INCL_TAX = 15;

function lineRow(l: StatementLineView): (string | null)[] {
  return [
    l.periodId,
    l.lineId,
    l.sku ?? l.kind,
    l.resourceClassLabel ? `${l.resourceClassLabel.zh} ${l.resourceClassLabel.en}` : null,
    l.jobType,
    l.quantity,
    l.billingUnit,
    l.unitPrice,
    l.amount,
    l.onBillDeductions,
    l.reimbursable,
    l.net,
    ...lineTaxCells(l),
  ];
}

const taxAmounts = (t: TaxAmountsView): Record<number, string> => ({
  [EXCL_TAX]: t.amountExclTax,
  [TAX]: t.tax,
  [INCL_TAX]: t.amountInclTax,
});

function preamble(doc: StatementDocument): string[][] {
  return [
    ['结算单 Statement', doc.number],
    ['企业 Tenant', doc.tenant.name, doc.tenant.id],
    ['统一社会信用代码 USCC', doc.tenant.unifiedSocialCreditCode ?? ''],
    ['账期 Period', doc.periodId],
    ['状态 Status', doc.status],
    ...(doc.isDemo ? [['演示数据 DEMO DATA']] : []),
    ...partyTableRows(doc),
  ];
}

function linesSheet(doc: StatementDocument): XlsxSheet {
  const { lines: usage, adjustments, totals, taxTotals } = doc.view;
  const lines = [...usage, ...adjustments.flatMap((a) => a.lines)];
  // the lines' net is the net payable before charges billed back (views frozen before charges have none)
  const linesNet = new Decimal(totals.netPayable).minus(totals.charges ?? '0');
  return {
    name: '明细 Lines',
    preamble: preamble(doc),
    columns: LINE_COLUMNS,
    rows: lines.map(lineRow),
    total: {
      label: '合计 Total',
      amounts: {
        // as rated: the gross in tax-inclusive books (a tax-exclusive book's gross is the 价税合计 column's)
        [AMOUNT]: formatAmount(sum(lines.map((l) => new Decimal(l.amount)))),
        [DEDUCTIONS]: totals.deductions,
        [REIMBURSABLE]: totals.reimbursable,
        [NET]: formatAmount(linesNet),
        ...(taxTotals ? taxAmounts(taxTotals) : {}),
      },
    },
  };
}

function programmesSheet(doc: StatementDocument): XlsxSheet {
  const programmes = doc.view.deductionsByProgramme;
  return {
    name: '补贴 Programmes',
    preamble: [],
    columns: [
      { header: '项目 Programme', kind: 'text', width: 30 },
      { header: '项目编号 Programme id', kind: 'text', width: 22 },
      { header: '发放机构 Bureau', kind: 'text', width: 22 },
      { header: '方式 Mechanism', kind: 'text', width: 12 },
      { header: '金额 Amount', kind: 'money' },
    ],
    rows: programmes.map((p) => [p.name, p.programmeId, p.bureau, p.mechanism, p.amount]),
    total: { label: '合计 Total', amounts: { 4: formatAmount(sum(programmes.map((p) => new Decimal(p.amount)))) } },
  };
}

function chargesSheet(doc: StatementDocument): XlsxSheet {
  const v = doc.view;
  const credits = hasCredits(v);
  const amounts: Record<number, string> = { 3: v.totals.charges ?? '0.00' };
  if (v.totals.creditCarriedForward !== undefined) amounts[5] = v.totals.creditCarriedForward;
  return {
    name: '补缴 Charges',
    preamble: [],
    columns: [
      { header: '原因 Reason', kind: 'text', width: 40 },
      { header: '项目 Programme', kind: 'text', width: 22 },
      { header: '类型 Kind', kind: 'text', width: 16 },
      { header: '金额 Amount', kind: 'money' },
      ...(credits ? CREDIT_HEADERS.map((header): XlsxColumn => ({ header, kind: 'money' })) : []),
    ],
    rows: (v.charges ?? []).map((c) => chargeCells(v, c)),
    total: { label: '合计 Total', amounts },
  };
}

function totalsSheet(doc: StatementDocument): XlsxSheet {
  const t = doc.view.totals;
  return {
    name: '汇总 Totals',
    preamble: preamble(doc),
    columns: [
      { header: '项目 Item', kind: 'text', width: 32 },
      { header: '金额 Amount', kind: 'money' },
    ],
    rows: [
      ['合计 Gross', t.gross],
      ['其中调整 Adjustments', t.adjustments],
      ['算力券抵扣 Voucher deductions', t.deductions],
      ['待报销补贴 Reimbursable subsidies', t.reimbursable],
      ['补缴 Charges billed back', t.charges ?? '0.00'],
      ...creditTotalRows(doc.view),
      ['应付金额 Net payable', t.netPayable],
      ...taxSummaryRows(doc.view),
    ],
  };
}

/** The statement as an Excel workbook: lines, programmes, charges and totals, Chinese headers first. */
export function renderStatementXlsx(doc: StatementDocument): Promise<RenderedExport> {
  const sheets = [totalsSheet(doc), linesSheet(doc), programmesSheet(doc)];
  if ((doc.view.charges ?? []).length > 0) sheets.push(chargesSheet(doc));
  return renderWorkbook(sheets, {
    fixedDate: doc.issuedAt,
    title: `结算单 ${doc.number}`,
    filename: `${doc.number}.xlsx`,
  });
}
