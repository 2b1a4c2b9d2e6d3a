export type { StatementDocument, RenderedExport, InvoicingParty } from './statement-export.types';
export { csvBytes, renderStatementCsv } from './statement-csv.renderer';
export { renderStatementPdf } from './statement-pdf.renderer';
export { cjkFontRegistry, parseUnicodeRanges } from './cjk-font.registry';
export { TextCollector, TextWriter, type Writer } from './pdf-text-writer';
export {
  drawDigests,
  drawParties,
  drawSealArea,
  numberPages,
  pageLabel,
  SEAL_LABELS,
  type ChromeParty,
  type PageFrame,
  type PrintedDigest,
} from './pdf/pdf-page-chrome';
export { partyRows } from './statement-parties';
export { renderStatementXlsx } from './statement-xlsx.renderer';
export { renderUsageXlsx, type UsageDocument } from './usage-xlsx.renderer';
export { renderWorkbook, excelNumber } from './xlsx/xlsx-workbook';
export type { XlsxColumn, XlsxSheet } from './xlsx/xlsx-workbook';
export {
  BASIC_COLUMNS as INVOICE_BASIC_COLUMNS,
  DETAIL_COLUMNS as INVOICE_DETAIL_COLUMNS,
  renderInvoiceRequests,
} from './invoice-requests.renderer';
export type { InvoiceBatch, InvoiceRequest, InvoiceRequestLine } from './invoice-requests.renderer';
