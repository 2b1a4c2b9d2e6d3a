import { createHash } from 'node:crypto';
import { assembleStatement, testing, type StatementCharge } from '@park/billing-domain';
import { Decimal } from '@park/money';
import { parseUnicodeRanges } from './cjk-font.registry';
import { renderStatementCsv } from './statement-csv.renderer';
import { renderStatementPdf } from './statement-pdf.renderer';
import type { StatementDocument } from './statement-export.types';

const A_CREDIT: StatementCharge = {
  chargeId: 'chg_dsp-1',
  kind: 'dispute_credit',
  programmeId: null,
  grantId: null,
  reason: '申诉 dispute of line x (2026-09) accepted',
  amount: new Decimal('-2000.00'),
};

function aDocument(charges: readonly StatementCharge[] = []): StatementDocument {
  const line = testing.aLine({
    lineId: '2026-10/gpu.h100-80g/training/book@1/-',
    amount: '1234.50',
    periodId: '2026-10',
    tenantId: 'tenant-a',
  });
  const view = assembleStatement({
    tenantId: 'tenant-a',
    periodId: '2026-10',
    lines: [line],
    deductions: [],
    programmes: [],
    charges,
  });
  return {
    number: 'JS-202610-tenant-a',
    status: 'issued',
    periodId: '2026-10',
    issuedAt: new Date('2026-11-01T02:00:00Z'),
    tenant: { id: 'tenant-a', name: '星云智能科技有限公司', unifiedSocialCreditCode: '91350100M000100Y43' },
    view,
  };
}

describe('statement exports', () => {
  it('CSV: bilingual, exact amounts, digest of its bytes', () => {
    const csv = renderStatementCsv(aDocument());
    const text = csv.content.toString('utf8');
    expect(text.startsWith('\uFEFF结算单 Statement,JS-202610-tenant-a')).toBe(true);
    expect(text).toContain('应付金额 Net payable,1234.50');
    expect(csv.sha256).toBe(createHash('sha256').update(csv.content).digest('hex'));
  });

  it('CSV: a credit larger than the bill shows as applied, as it stood and carried forward; net 0.00', () => {
    const text = renderStatementCsv(aDocument([A_CREDIT])).content.toString('utf8');
    expect(text).toContain(
      '补缴 Charges billed back,项目 Programme,类型 Kind,金额 Amount,抵扣额 Credit,结转下期 Carried forward\r\n' +
        '申诉 dispute of line x (2026-09) accepted,,dispute_credit,-1234.50,-2000.00,-765.50\r\n',
    );
    expect(text).toContain(
      '补缴 Charges billed back,-1234.50\r\n' +
        '其中本期抵扣 of which credit applied,-1234.50\r\n' +
        '结转下期抵扣 Credit carried forward to the next statement,-765.50\r\n' +
        '应付金额 Net payable,0.00\r\n',
    );
    // a statement without a credit keeps the rows it had
    expect(renderStatementCsv(aDocument()).content.toString('utf8')).not.toContain('结转');
  });

  it('PDF: embeds the CJK glyphs it uses and renders the same bytes twice', async () => {
    const [a, b] = await Promise.all([renderStatementPdf(aDocument()), renderStatementPdf(aDocument())]);
    expect(a.content.subarray(0, 5).toString()).toBe('%PDF-');
    expect(a.content.toString('latin1')).toMatch(/FontFile2/);
    expect(a.sha256).toBe(b.sha256);
    expect(a.sha256).toBe(createHash('sha256').update(a.content).digest('hex'));
  });

  it('reads the font chunks’ Unicode ranges', () => {
    expect(
      parseUnicodeRanges('@font-face{src:url("./a.woff2")format("woff2");unicode-range:U+4E00-4E02,U+20;}'),
    ).toEqual([
      {
        file: 'a.woff2',
        ranges: [
          [0x4e00, 0x4e02],
          [0x20, 0x20],
        ],
      },
    ]);
  });
});
