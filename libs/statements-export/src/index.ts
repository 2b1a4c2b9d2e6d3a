export type { StatementDocument, RenderedExport, InvoicingParty } from './statement-export.types';
export { csvBytes, renderStatementCsv } from './statement-csv.renderer';
export { renderStatementPdf } from './statement-pdf.renderer';
export { cjkFontRegistry, parseUnicodeRanges } from './cjk-font.registry';
export { renderStatementXlsx } from './statement-xlsx.renderer';
export { renderWorkbook, excelNumber } from './xlsx/xlsx-workbook';
export type { XlsxColumn, XlsxSheet } from './xlsx/xlsx-workbook';
export {
  BASIC_COLUMNS as INVOICE_BASIC_COLUMNS,
  DETAIL_COLUMNS as INVOICE_DETAIL_COLUMNS,
  renderInvoiceRequests,
} from './invoice-requests.renderer';
export type { InvoiceBatch, InvoiceRequest, InvoiceRequestLine } from './invoice-requests.renderer';
