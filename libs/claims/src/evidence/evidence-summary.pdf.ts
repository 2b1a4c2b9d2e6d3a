import PDFDocument from 'pdfkit';
import { cjkFontRegistry } from '@park/statements-export';
import { CADENCE_LABELS } from '../claim-cycle';
import type { ClaimDocument } from './evidence-document';

type CjkFontRegistry = ReturnType<typeof cjkFontRegistry>;

/** Text in runs: ASCII in Helvetica, the rest in the Source Han Serif chunk holding it (as the statement PDF). */
function writer(doc: PDFKit.PDFDocument | null, fonts: CjkFontRegistry, texts: string[]) {
  const registered = new Set<string>();
  return (text: string, x: number, y: number, size = 9): void => {
    texts.push(text);
    if (!doc) return;
    doc.fontSize(size);
    const runs: { font: string; text: string }[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 32;
      let font = 'Helvetica';
      const chunk = cp >= 128 ? fonts.fileFor(cp) : undefined;
      if (chunk) {
        if (!registered.has(chunk)) {
          doc.registerFont(chunk, fonts.ttf(chunk));
          registered.add(chunk);
        }
        font = chunk;
      }
      const last = runs[runs.length - 1];
      if (last && last.font === font) last.text += ch;
      else runs.push({ font, text: ch });
    }
    runs.forEach((r, i) => {
      doc.font(r.font);
      const options = { lineBreak: false, continued: i < runs.length - 1, baseline: 'alphabetic' as const };
      if (i === 0) doc.text(r.text, x, y + size * 0.9, options);
      else doc.text(r.text, options);
    });
  };
}

/** The key-value rows at the top of the claim summary, as the bureau reads them. */
export function claimSummaryRows(c: ClaimDocument): [string, string][] {
  return [
    ['申请编号 Claim', c.id],
    ['政策 Programme', `${c.programme.name} (${c.programme.id})`],
    ['发放机构 Bureau', `${c.bureau.name} (${c.bureau.id})`],
    ['结算周期 Cycle', `${c.cycle} (${CADENCE_LABELS[c.cadence]})`],
    [
      '兑付方式 Mechanism',
      c.programme.mechanism === 'reimbursed'
        ? '事后报销 reimbursed (仅已付款结算单 paid statements only)'
        : '账单抵扣 on bill',
    ],
    ['申请金额 Amount claimed (CNY)', c.total],
  ];
}

function layout(doc: PDFKit.PDFDocument | null, fonts: CjkFontRegistry, texts: string[], c: ClaimDocument): void {
  const w = writer(doc, fonts, texts);
  let y = 36;
  const next = (dy: number) => {
    y += dy;
    if (doc && y > doc.page.height - 60) {
      doc.addPage();
      y = 36;
    }
  };
  w('算力券兑付申请 汇总  Voucher Reimbursement Claim Summary', 36, y, 15);
  next(26);
  for (const [k, v] of claimSummaryRows(c)) {
    w(k, 36, y, 10);
    w(v, 250, y, 10);
    next(15);
  }
  next(10);
  w('明细 Lines: 企业 Tenant | 结算单 Statement | 账期 Period | 金额 Amount | 发票 Invoice | 付款 Payment', 36, y, 9);
  next(14);
  for (const l of c.lines) {
    w(
      [
        `${l.tenantName} (${l.tenantId})`,
        l.statementNumber,
        l.periodId,
        l.amount,
        l.invoiceNumber ?? '-',
        l.paymentReference ?? '-',
      ].join(' | '),
      36,
      y,
      8,
    );
    next(12);
  }
  next(10);
  w('证据文件的SHA-256摘要见 manifest.json  SHA-256 digests of every file are in manifest.json', 36, y, 8);
}

export async function summaryPdf(c: ClaimDocument): Promise<Buffer> {
  const fonts = cjkFontRegistry();
  const texts: string[] = [];
  layout(null, fonts, texts, c);
  await fonts.prepare(texts.join(''));
  const doc = new PDFDocument({
    size: 'A4',
    margin: 36,
    info: { Title: `兑付申请 ${c.id}`, CreationDate: c.createdAt, Producer: 'park-metering' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  layout(doc, fonts, [], c);
  doc.end();
  return done;
}
