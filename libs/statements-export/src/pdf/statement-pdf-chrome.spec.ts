import { assembleStatement, testing } from '@park/billing-domain';
import { renderStatementPdf } from '../statement-pdf.renderer';
import type { InvoicingParty, StatementDocument } from '../statement-export.types';
import { pageLabel } from './pdf-page-chrome';

const PARTY: InvoicingParty = {
  name: '贵州视听算力产业园运营有限公司',
  taxpayerId: '91520100MA6DKXXX1A',
  address: '贵阳市观山湖区长岭北路 1 号',
  phone: '0851-80000000',
  bankName: '中国工商银行贵阳分行',
  bankAccount: '2402000009000000001',
};

function aDocument(): StatementDocument {
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
  });
  return {
    number: 'JS-202610-tenant-a',
    status: 'issued',
    periodId: '2026-10',
    issuedAt: new Date('2026-11-01T02:00:00Z'),
    tenant: { id: 'tenant-a', name: '星云智能科技有限公司', unifiedSocialCreditCode: '91350100M000100Y43' },
    view,
    seller: PARTY,
    buyer: PARTY,
  };
}

describe('statement PDF chrome', () => {
  it('layout 1 renders the bytes PDFs had before the chrome, so one handed out then keeps its digest', async () => {
    // rendered by main at 524a5ab (before page numbers, digest and seal area): pdfkit and the font package pinned
    const before = '24c88c0bba43d9e0b367fbbcc0782d0574a493cb662c0d5e1982f8fad8aad072';
    expect((await renderStatementPdf({ ...aDocument(), pdfLayout: 1, csvSha256: 'a'.repeat(64) })).sha256).toBe(before);
    const now = await renderStatementPdf({ ...aDocument(), csvSha256: 'a'.repeat(64) });
    expect(now.sha256).not.toBe(before);
    expect((await renderStatementPdf({ ...aDocument(), csvSha256: 'a'.repeat(64) })).sha256).toBe(now.sha256);
  });

  it('labels pages in Chinese first', () => {
    expect(pageLabel(2, 3)).toBe('第 2 页 / 共 3 页  Page 2 of 3');
  });
});
