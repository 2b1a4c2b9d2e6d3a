import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { assembleStatement, testing } from '@park/billing-domain';
import { renderStatementXlsx } from './statement-xlsx.renderer';
import type { StatementDocument } from './statement-export.types';
import { excelNumber } from './xlsx/xlsx-workbook';

const ISSUED_AT = new Date('2026-11-01T02:00:00Z');

function aDocument(): StatementDocument {
  const lines = [
    testing.aLine({
      lineId: '2026-10/gpu.h100-80g/training/book@1/-',
      amount: '1234.50',
      periodId: '2026-10',
      tenantId: 'tenant-a',
    }),
    testing.aLine({
      lineId: '2026-10/gpu.h100-80g/inference/book@1/-',
      amount: '100.25',
      periodId: '2026-10',
      tenantId: 'tenant-a',
    }),
  ];
  const view = assembleStatement({ tenantId: 'tenant-a', periodId: '2026-10', lines, deductions: [], programmes: [] });
  return {
    number: 'JS-202610-tenant-a',
    status: 'issued',
    periodId: '2026-10',
    issuedAt: ISSUED_AT,
    tenant: { id: 'tenant-a', name: '星云智能科技有限公司', unifiedSocialCreditCode: '91350100M000100Y43' },
    view,
  };
}

async function readBook(content: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(content as unknown as ArrayBuffer);
  return book;
}

describe('statement as xlsx', () => {
  it('has Chinese headers first, amounts as numbers to two decimals, a total row equal to the gross', async () => {
    const book = await readBook((await renderStatementXlsx(aDocument())).content);
    const lines = book.getWorksheet('明细 Lines')!;
    const rows = lines.getSheetValues().filter(Boolean) as unknown[][];
    const header = rows.find((r) => r[1] === '账期 Usage period')!;
    expect(header[9]).toBe('金额 Amount');
    const amountCells = lines.getColumn(9).values.filter((v) => typeof v === 'number');
    expect(amountCells).toEqual([1234.5, 100.25]);
    expect(lines.getRow(8).getCell(9).numFmt).toBe('#,##0.00');
    const totalRow = lines.getRow(lines.rowCount);
    expect(totalRow.getCell(1).value).toBe('合计 Total');
    expect(totalRow.getCell(9).value).toEqual({ formula: 'SUM(I8:I9)', result: 1334.75 });
    expect(totalRow.getCell(9).numFmt).toBe('#,##0.00');
    const totals = book.getWorksheet('汇总 Totals')!;
    const gross = totals.getSheetValues().find((r) => Array.isArray(r) && r[1] === '合计 Gross') as unknown[];
    expect(gross[2]).toBe(1334.75);
  });

  it('gives the same bytes for the same statement: every zip entry dated at the issue time', async () => {
    const a = await renderStatementXlsx(aDocument());
    const zip = await JSZip.loadAsync(a.content);
    const dates = Object.values(zip.files).map((f) => f.date.getTime());
    expect(new Set(dates).size).toBe(1);
    await new Promise((r) => setTimeout(r, 2_100));
    const b = await renderStatementXlsx(aDocument());
    expect(b.sha256).toBe(a.sha256);
    expect(a.filename).toBe('JS-202610-tenant-a.xlsx');
  });

  it('refuses an amount a spreadsheet number cannot hold exactly', () => {
    expect(excelNumber('9999999999999.99')).toBe(9999999999999.99);
    expect(() => excelNumber('900719925474099.13')).toThrow(/cannot be written exactly/);
  });
});
