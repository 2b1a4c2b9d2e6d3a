import PDFDocument from 'pdfkit';
import {
  cjkFontRegistry,
  partyRows,
  TextCollector,
  TextWriter,
  type ChromeParty,
  type PrintedDigest,
  type Writer,
} from '@park/statements-export';
import { CADENCE_LABELS } from '../claim-cycle';
import type { ClaimDocument } from './evidence-document';
import { claimSummaryChrome, claimSummaryFrame, claimSummaryPageNumbers } from './evidence-summary.chrome';

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

/** The claimant (the park's operator, its 开票信息 in force when the claim was built) and the reviewing bureau. */
function claimParties(c: ClaimDocument): ChromeParty[] {
  return [
    {
      title: '申请方 Claimant (园区运营方 park operator)',
      rows: c.claimant ? partyRows(c.claimant) : [['名称 Name', '未登记开票信息 no invoicing details recorded']],
    },
    {
      title: '审核方 Reviewer (发放机构 bureau)',
      rows: [
        ['名称 Name', c.bureau.name],
        ['机构编号 Bureau id', c.bureau.id],
      ],
    },
  ];
}

function layout(doc: PDFKit.PDFDocument, w: Writer, c: ClaimDocument, digests: readonly PrintedDigest[]): void {
  const frame = claimSummaryFrame(doc);
  let y = frame.top;
  const next = (dy: number) => {
    y += dy;
    if (y > frame.bottom) {
      doc.addPage();
      y = frame.top;
    }
  };
  w.write('算力券兑付申请 汇总  Voucher Reimbursement Claim Summary', frame.left, y, { width: frame.width, size: 15 });
  next(26);
  for (const [k, v] of claimSummaryRows(c)) {
    w.write(k, frame.left, y, { width: 210, size: 10 });
    w.write(v, frame.left + 214, y, { width: frame.width - 214, size: 10 });
    next(15);
  }
  next(8);
  const line = '明细 Lines: 企业 Tenant | 结算单 Statement | 账期 Period | 金额 Amount | 发票 Invoice | 付款 Payment';
  w.write(line, frame.left, y, { width: frame.width, size: 9 });
  next(14);
  for (const l of c.lines) {
    const cells = [`${l.tenantName} (${l.tenantId})`, l.statementNumber, l.periodId, l.amount];
    cells.push(l.invoiceNumber ?? '-', l.paymentReference ?? '-');
    w.write(cells.join(' | '), frame.left, y, { width: frame.width, size: 8 });
    next(12);
  }
  claimSummaryChrome(doc, w, frame, y + 10, { parties: claimParties(c), digests, bureau: c.bureau.name });
  claimSummaryPageNumbers(doc, w, frame, c.id);
}

/**
 * The claim's summary (summary.pdf of the evidence pack). `digests` are the pack's data files, rendered before it:
 * the PDF prints them, since the manifest lists the PDF's own digest and so cannot be printed on it.
 */
export async function summaryPdf(c: ClaimDocument, digests: readonly PrintedDigest[]): Promise<Buffer> {
  const fonts = cjkFontRegistry();
  const info = { Title: `兑付申请 ${c.id}`, CreationDate: c.createdAt, Producer: 'park-metering' };
  const options = { size: 'A4', margin: 36, info, bufferPages: true } as const;
  const collector = new TextCollector();
  layout(new PDFDocument(options), collector, c, digests);
  await fonts.prepare(collector.texts.join(''));
  const doc = new PDFDocument(options);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  layout(doc, new TextWriter(doc, fonts), c, digests);
  doc.end();
  return done;
}
