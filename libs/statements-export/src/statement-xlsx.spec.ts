import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { assembleStatement, testing } from '@park/billing-domain';
import { Decimal } from '@park/money';
import { renderStatementXlsx } from './statement-xlsx.renderer';
import type { StatementDocument } from './statement-export.types';
import { excelNumber } from './xlsx/xlsx-workbook';

const ISSUED_AT = new Date('2026-11-01T02:00:00Z');

function aDocument(credit?: string): StatementDocument {
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
  const charges = credit
    ? [
        {
          chargeId: 'chg_dsp-1',
          kind: 'dispute_credit' as const,
          programmeId: null,
          grantId: null,
          reason: '申诉 dispute accepted',
          amount: new Decimal(credit),
        },
      ]
    : [];
  const view = assembleStatement({
    tenantId: 'tenant-a',
    periodId: '2026-10',
    lines,
    deductions: [],
    programmes: [],
    charges,
  });
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
  it('has Chinese headers first, amounts as two-decimal numbers, and a total row equal to the gross', async () => {
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

  it('a credit larger than the bill: its sheet shows it as applied, as it stood and carried forward', async () => {
    const book = await readBook((await renderStatementXlsx(aDocument('-2000.00'))).content);
    const charges = book.getWorksheet('补缴 Charges')!;
    const rows = charges.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0].slice(4)).toEqual(['金额 Amount', '抵扣额 Credit', '结转下期 Carried forward']);
    expect(rows[1].slice(3)).toEqual(['dispute_credit', -1334.75, -2000, -665.25]);
    const total = charges.getRow(charges.rowCount);
    expect([4, 6].map((i) => total.getCell(i).value)).toEqual([
      { formula: 'SUM(D2:D2)', result: -1334.75 },
      { formula: 'SUM(F2:F2)', result: -665.25 },
    ]);
    const totals = book.getWorksheet('汇总 Totals')!.getSheetValues() as unknown[][];
    const row = (label: string) => totals.find((r) => Array.isArray(r) && r[1] === label)?.[2];
    expect(row('其中本期抵扣 of which credit applied')).toBe(-1334.75);
    expect(row('结转下期抵扣 Credit carried forward to the next statement')).toBe(-665.25);
    expect(row('应付金额 Net payable')).toBe(0);
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
