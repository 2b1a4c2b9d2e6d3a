import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import type { StatementLineView } from '@park/billing-domain';
import { cjkFontRegistry } from './cjk-font.registry';
import { TextCollector, TextWriter, type Writer } from './pdf-text-writer';
import type { RenderedExport, StatementDocument } from './statement-export.types';
import { drawTaxBreakdown } from './statement-pdf-tax.section';
import { CHARGE_KIND_LABELS, creditTotalRows, hasCredits } from './statement-charges.rows';
import {
  hasChrome,
  statementClosing,
  statementFrame,
  statementPageNumbers,
  statementParties,
} from './pdf/statement-pdf-chrome';

const MARGIN = 36;

interface Column {
  readonly title: string;
  readonly width: number;
  readonly align: 'left' | 'right';
  readonly value: (l: StatementLineView) => string;
}

const COLUMNS: readonly Column[] = [
  { title: '账期 Period', width: 52, align: 'left', value: (l) => l.periodId },
  {
    title: '资源 SKU',
    width: 120,
    align: 'left',
    value: (l) => l.sku ?? (l.kind === 'commitment' ? '承诺消费补足 commitment true-up' : l.kind),
  },
  {
    title: '类别 Class',
    width: 88,
    align: 'left',
    value: (l) => (l.resourceClassLabel ? `${l.resourceClassLabel.zh} ${l.resourceClassLabel.en}` : ''),
  },
  { title: '作业 Job', width: 62, align: 'left', value: (l) => l.jobType ?? '' },
  {
    title: '数量 Quantity',
    width: 84,
    align: 'right',
    value: (l) => `${trimZeros(l.quantity)} ${l.billingUnit ?? ''}`.trim(),
  },
  { title: '单价 Unit price', width: 70, align: 'right', value: (l) => trimZeros(l.unitPrice) },
  { title: '金额 Amount', width: 74, align: 'right', value: (l) => l.amount },
  { title: '券抵扣 Vouchers', width: 74, align: 'right', value: (l) => l.onBillDeductions },
  { title: '应付 Net', width: 74, align: 'right', value: (l) => l.net },
];

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** Lays the statement out on `doc` through `w` (run twice: once to collect the text, once to draw). */
function layout(doc: PDFKit.PDFDocument, w: Writer, input: StatementDocument): void {
  const bottom = doc.page.height - MARGIN - 20;
  const v = input.view;
  let y = MARGIN;

  w.write('视听算力产业园 结算单  Settlement Statement', MARGIN, y, { width: 500, size: 16, bold: true });
  if (input.isDemo)
    w.write('演示数据 DEMO DATA', doc.page.width - MARGIN - 160, y, {
      width: 160,
      align: 'right',
      size: 12,
      bold: true,
    });
  y += 26;
  const meta: [string, string][] = [
    ['结算单号 No.', input.number],
    ['企业 Tenant', `${input.tenant.name} (${input.tenant.id})`],
    ['统一社会信用代码 USCC', input.tenant.unifiedSocialCreditCode ?? '-'],
    ['账期 Period', `${input.periodId} (Asia/Shanghai)`],
    [
      '状态 Status',
      input.status +
        (input.paymentReference
          ? `  付款 Payment ${input.paymentReference}  发票 Invoice ${input.invoiceNumber ?? ''}`
          : ''),
    ],
    ['出具日期 Issued', input.issuedAt.toISOString().slice(0, 10)],
  ];
  for (const [k, val] of meta) {
    w.write(k, MARGIN, y, { width: 150, size: 9 });
    w.write(val, MARGIN + 150, y, { width: 500, size: 9 });
    y += 13;
  }
  y += 8;
  const frame = statementFrame(doc, MARGIN);
  y = statementParties(doc, w, frame, y, input) + 8;

  const header = () => {
    let x = MARGIN;
    for (const c of COLUMNS) {
      w.write(c.title, x, y, { width: c.width, align: c.align, bold: true });
      x += c.width + 4;
    }
    y += 12;
    doc
      .moveTo(MARGIN, y - 2)
      .lineTo(doc.page.width - MARGIN, y - 2)
      .lineWidth(0.5)
      .stroke();
  };
  const row = (l: StatementLineView) => {
    if (y > bottom) {
      doc.addPage();
      y = MARGIN;
      header();
    }
    let x = MARGIN;
    for (const c of COLUMNS) {
      w.write(c.value(l), x, y, { width: c.width, align: c.align });
      x += c.width + 4;
    }
    y += 11;
  };
  const heading = (text: string) => {
    if (y > bottom - 30) {
      doc.addPage();
      y = MARGIN;
    }
    y += 6;
    w.write(text, MARGIN, y, { width: 600, size: 10, bold: true });
    y += 15;
  };

  heading('用量明细 Usage lines');
  header();
  v.lines.forEach(row);
  for (const a of v.adjustments) {
    heading(`往期调整 Adjustment for ${a.periodId} (late usage)  小计 subtotal ${a.subtotal}`);
    header();
    a.lines.forEach(row);
  }
  if (v.deductionsByProgramme.length > 0) {
    heading('算力券与补贴 Vouchers and subsidies');
    for (const p of v.deductionsByProgramme) {
      w.write(
        `${p.name} (${p.programmeId})  ${p.bureau}  ${p.mechanism === 'on_bill' ? '账单抵扣 on bill' : '事后报销 reimbursed'}`,
        MARGIN,
        y,
        { width: 560, size: 8 },
      );
      w.write(p.amount, MARGIN + 560, y, { width: 100, align: 'right', size: 8 });
      y += 12;
    }
  }
  const charges = v.charges ?? [];
  if (charges.length > 0) {
    const credits = hasCredits(v);
    heading(`补缴 Charges billed back (rejected claims, clawbacks 追缴${credits ? '; dispute credits 申诉抵扣' : ''})`);
    for (const c of charges) {
      const programme = c.programmeId === null ? '' : `  ${c.programmeId}`;
      w.write(`${CHARGE_KIND_LABELS[c.kind]}${programme}  ${c.reason}`, MARGIN, y, { width: 560, size: 8 });
      w.write(c.amount, MARGIN + 560, y, { width: 100, align: 'right', size: 8 });
      y += 12;
      if (!c.credit) continue;
      // a credit: as it stood, and what of it goes on to the next statement (the amount above is what this one applied)
      const carried = c.carriedForward ?? '0.00';
      w.write(`    抵扣额 credit ${c.credit}   结转下期 carried forward ${carried}`, MARGIN, y, {
        width: 560,
        size: 8,
      });
      y += 12;
    }
  }
  // layout 1 (PDFs handed out before issue 16) keeps its bytes: no tax section there
  if (v.taxTotals && hasChrome(input)) {
    if (y > bottom - 150) {
      doc.addPage();
      y = MARGIN;
    }
    heading('税额明细 VAT breakdown and invoicing 开票');
    y = drawTaxBreakdown(w, v, MARGIN, y);
  }
  heading('合计 Totals');
  const totals: [string, string][] = [
    ['费用合计 Gross', v.totals.gross],
    ['其中往期调整 of which adjustments', v.totals.adjustments],
    ['算力券抵扣 Voucher deductions (granted money)', minus(v.totals.deductions, hasChrome(input))],
    ...(charges.length > 0
      ? ([['补缴 Charges billed back', v.totals.charges], ...creditTotalRows(v)] as [string, string][])
      : []),
    ['应付金额 Net payable', v.totals.netPayable],
    ['待报销补贴 Reimbursable after payment', v.totals.reimbursable],
  ];
  for (const [k, val] of totals) {
    w.write(k, MARGIN, y, { width: 300, size: 10, bold: k.startsWith('应付') });
    w.write(val, MARGIN + 300, y, { width: 120, align: 'right', size: 10, bold: k.startsWith('应付') });
    y += 14;
  }
  statementClosing(doc, w, frame, y, input);
  w.write(
    '金额单位：人民币元 Amounts in CNY. 算力券抵扣由发放机构拨付，不由企业支付 Voucher deductions are paid by the issuing bureaus, not by the ' +
      'tenant.',
    MARGIN,
    doc.page.height - MARGIN - 10,
    { width: 760, size: 7 },
  );
  statementPageNumbers(doc, w, frame, input);
}

/** A deduction shown as subtracted; none is 0.00, not -0.00 (layout 1 printed -0.00 and keeps its bytes). */
const minus = (amount: string, chrome: boolean) => (chrome && /^0(\.0+)?$/.test(amount) ? amount : `-${amount}`);

/**
 * 结算单 as PDF: Chinese first with English labels, CJK glyphs embedded. Rendering is deterministic (the
 * creation date is the issue date), so the same statement always gives the same bytes and digest.
 */
export async function renderStatementPdf(input: StatementDocument): Promise<RenderedExport> {
  const info = { Title: `结算单 ${input.number}`, CreationDate: input.issuedAt, Producer: 'park-metering' };
  // pages are buffered so that each can be numbered `n of m` once the body is laid out
  const options = { size: 'A4', layout: 'landscape', margin: MARGIN, info, bufferPages: hasChrome(input) } as const;
  const fonts = cjkFontRegistry();
  const collector = new TextCollector();
  layout(new PDFDocument(options), collector, input);
  await fonts.prepare(collector.texts.join(''));

  const doc = new PDFDocument(options);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  layout(doc, new TextWriter(doc, fonts), input);
  doc.end();
  const content = await done;
  return {
    content,
    sha256: createHash('sha256').update(content).digest('hex'),
    contentType: 'application/pdf',
    filename: `${input.number}.pdf`,
  };
}
