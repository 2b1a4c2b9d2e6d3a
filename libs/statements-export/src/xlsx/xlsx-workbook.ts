import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { Decimal } from '@park/money';
import type { RenderedExport } from '../statement-export.types';

/** A column of a table: text as is, money as a number shown with two decimals, quantities with six at most. */
export interface XlsxColumn {
  readonly header: string;
  readonly kind: 'text' | 'money' | 'quantity';
  readonly width?: number;
}

/** One table on one sheet: label rows above it, then the header, the rows, and a total row for money columns. */
export interface XlsxSheet {
  readonly name: string;
  readonly preamble: readonly (readonly string[])[];
  readonly columns: readonly XlsxColumn[];
  readonly rows: readonly (readonly (string | null)[])[];
  /** Label of the total row; the money columns' totals are given exactly, as the API computed them. */
  readonly total?: { readonly label: string; readonly amounts: Readonly<Record<number, string>> };
}

const MONEY_FORMAT = '#,##0.00';
const QUANTITY_FORMAT = '#,##0.######';

/**
 * An xlsx cell holds an IEEE double. Amounts are decimal strings everywhere else; here each one becomes the
 * double whose shortest decimal form is the same string, and is refused when there is none (past 15
 * significant digits a decimal may not round-trip).
 */
export function excelNumber(value: string): number {
  if (!fitsExcelNumber(value))
    throw new RangeError(`amount ${value} cannot be written exactly as a spreadsheet number`);
  return Number(value);
}

function fitsExcelNumber(value: string): boolean {
  const n = Number(value);
  return Number.isFinite(n) && new Decimal(String(n)).eq(new Decimal(value));
}

function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function writeSheet(book: ExcelJS.Workbook, sheet: XlsxSheet): void {
  const ws = book.addWorksheet(sheet.name);
  for (const row of sheet.preamble) ws.addRow([...row]);
  if (sheet.preamble.length > 0) ws.addRow([]);
  const header = ws.addRow(sheet.columns.map((c) => c.header));
  header.font = { bold: true };
  const firstDataRow = header.number + 1;
  for (const values of sheet.rows) {
    const row = ws.addRow(
      sheet.columns.map((c, i) => {
        const v = values[i];
        if (v == null || v === '') return null;
        if (c.kind === 'text') return v;
        // a quantity too precise for a double stays exact as text; an amount must be a number
        return c.kind === 'quantity' && !fitsExcelNumber(v) ? v : excelNumber(v);
      }),
    );
    sheet.columns.forEach((c, i) => {
      if (c.kind !== 'text') row.getCell(i + 1).numFmt = c.kind === 'money' ? MONEY_FORMAT : QUANTITY_FORMAT;
    });
  }
  const lastDataRow = firstDataRow + sheet.rows.length - 1;
  if (sheet.total) {
    const total = ws.addRow([sheet.total.label]);
    total.font = { bold: true };
    for (const [index, amount] of Object.entries(sheet.total.amounts)) {
      const col = columnLetter(Number(index));
      const cell = total.getCell(Number(index) + 1);
      // a formula, so edits in the sheet add up; its cached result is the API's exact total
      cell.value = { formula: `SUM(${col}${firstDataRow}:${col}${lastDataRow})`, result: excelNumber(amount) };
      cell.numFmt = MONEY_FORMAT;
    }
  }
  sheet.columns.forEach((c, i) => {
    ws.getColumn(i + 1).width = c.width ?? (c.kind === 'text' ? 18 : 14);
  });
  ws.views = [{ state: 'frozen', ySplit: header.number }];
}

/**
 * Renders sheets as an .xlsx whose bytes depend only on its content and `fixedDate` (the workbook's dates and
 * every zip entry's time), so the same statement gives the same SHA-256, as its PDF and CSV do.
 */
export async function renderWorkbook(
  sheets: readonly XlsxSheet[],
  meta: { readonly fixedDate: Date; readonly title: string; readonly filename: string },
): Promise<RenderedExport> {
  const book = new ExcelJS.Workbook();
  book.creator = 'park-metering';
  book.lastModifiedBy = 'park-metering';
  book.title = meta.title;
  book.created = meta.fixedDate;
  book.modified = meta.fixedDate;
  for (const sheet of sheets) writeSheet(book, sheet);
  const raw = Buffer.from(await book.xlsx.writeBuffer());
  // exceljs stamps zip entries with the current time: re-pack with the fixed date
  const zip = await JSZip.loadAsync(raw);
  const repacked = new JSZip();
  for (const name of Object.keys(zip.files).sort()) {
    const entry = zip.files[name];
    if (entry.dir) continue;
    repacked.file(name, await entry.async('uint8array'), { date: meta.fixedDate, createFolders: false });
  }
  const content = await repacked.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 6 },
  });
  return {
    content,
    sha256: createHash('sha256').update(content).digest('hex'),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    filename: meta.filename,
  };
}
