import type { RenderedExport, InvoicingParty } from './statement-export.types';
import { renderWorkbook, type XlsxColumn, type XlsxSheet } from './xlsx/xlsx-workbook';

/**
 * An invoice request batch for the tax bureau's e-invoice (数电票) bulk issue (批量开具): one invoice per statement,
 * in the template's two sheets (1-发票基本信息, 2-发票明细信息, joined on 发票流水号), amounts excluding tax (是否含税
 * 否) with each line's own 税额, so the platform issues exactly what the statements say. A third sheet lists the
 * statements left out and why (no buyer 开票信息, nothing to invoice, issued before tax was data).
 */
export interface InvoiceBatch {
  readonly periodId: string;
  /** The export's own date (deterministic bytes for the same batch). */
  readonly at: Date;
  /** 数电票（增值税专用发票） or 数电票（普通发票）. */
  readonly invoiceType: string;
  readonly seller: InvoicingParty | null;
  readonly invoices: readonly InvoiceRequest[];
  readonly skipped: readonly { readonly statement: string; readonly tenant: string; readonly reason: string }[];
}

export interface InvoiceRequest {
  /** 发票流水号: the statement number. */
  readonly serial: string;
  readonly buyer: InvoicingParty;
  readonly remark: string;
  readonly lines: readonly InvoiceRequestLine[];
}

export interface InvoiceRequestLine {
  /** 项目名称, e.g. 智算服务. */
  readonly name: string;
  /** 商品和服务税收分类编码 (19 digits). */
  readonly taxCode: string;
  /** 规格型号: the SKU. */
  readonly spec: string;
  readonly unit: string;
  /** Only when the line is invoiced whole (a voucher share taken off leaves the amount alone). */
  readonly quantity: string | null;
  readonly unitPrice: string | null;
  /** 金额 excluding tax, 2 dp. */
  readonly amount: string;
  /** "0.06". */
  readonly rate: string;
  readonly tax: string;
}

export const BASIC_COLUMNS = [
  '发票流水号',
  '发票类型',
  '特定业务类型',
  '是否含税',
  '受票方自然人标识',
  '购买方名称',
  '购买方纳税人识别号',
  '购买方地址',
  '购买方电话',
  '购买方开户银行',
  '购买方银行账号',
  '备注',
  '是否展示购买方地址电话银行账号',
  '销售方开户行',
  '销售方银行账号',
  '是否展示销售方地址电话银行账号',
] as const;

export const DETAIL_COLUMNS = [
  '发票流水号',
  '项目名称',
  '商品和服务税收分类编码',
  '规格型号',
  '单位',
  '数量',
  '单价',
  '金额',
  '税率/征收率',
  '税额',
  '折扣金额',
] as const;

const text = (header: string, width = 18): XlsxColumn => ({ header, kind: 'text', width });
const DETAIL_KINDS: Record<string, XlsxColumn['kind']> = { 数量: 'quantity', 单价: 'quantity', 金额: 'money' };

export function renderInvoiceRequests(batch: InvoiceBatch): Promise<RenderedExport> {
  const basic: XlsxSheet = {
    name: '1-发票基本信息',
    preamble: [],
    columns: BASIC_COLUMNS.map((h) => text(h)),
    rows: batch.invoices.map((i) => [
      i.serial,
      batch.invoiceType,
      null,
      '否',
      '否',
      i.buyer.name,
      i.buyer.taxpayerId,
      i.buyer.address,
      i.buyer.phone,
      i.buyer.bankName,
      i.buyer.bankAccount,
      i.remark,
      '是',
      batch.seller?.bankName ?? null,
      batch.seller?.bankAccount ?? null,
      batch.seller ? '是' : '否',
    ]),
  };
  const detail: XlsxSheet = {
    name: '2-发票明细信息',
    preamble: [],
    columns: DETAIL_COLUMNS.map((h) => ({
      header: h,
      kind: h === '税率/征收率' ? 'quantity' : h === '税额' ? 'money' : (DETAIL_KINDS[h] ?? 'text'),
      width: h === '项目名称' || h === '商品和服务税收分类编码' ? 24 : 14,
    })),
    rows: batch.invoices.flatMap((i) =>
      i.lines.map((l) => [
        i.serial,
        l.name,
        l.taxCode,
        l.spec,
        l.unit,
        l.quantity,
        l.unitPrice,
        l.amount,
        l.rate,
        l.tax,
        null,
      ]),
    ),
  };
  const skipped: XlsxSheet = {
    name: '3-未纳入 Not included',
    preamble: [],
    columns: [text('结算单 Statement', 28), text('企业 Tenant', 28), text('原因 Reason', 60)],
    rows: batch.skipped.map((s) => [s.statement, s.tenant, s.reason]),
  };
  return renderWorkbook([basic, detail, skipped], {
    fixedDate: batch.at,
    title: `批量开具 ${batch.periodId}`,
    filename: `invoice-requests-${batch.periodId}.xlsx`,
  });
}
