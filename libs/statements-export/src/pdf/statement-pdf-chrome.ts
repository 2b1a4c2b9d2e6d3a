import type { Writer } from '../pdf-text-writer';
import type { StatementDocument } from '../statement-export.types';
import { partyBlocks } from '../statement-parties';
import { drawDigests, drawParties, drawSealArea, numberPages, type PageFrame } from './pdf-page-chrome';

const PARTY_COLUMN_WIDTH = 385; // A4 landscape is 842 pt wide: two parties side by side

/** Layout 1 (statements' PDFs handed out before the chrome) has none. */
export const hasChrome = (input: StatementDocument): boolean => (input.pdfLayout ?? 2) >= 2;

/** The statement's chrome on an A4 landscape page with this margin. */
export function statementFrame(doc: PDFKit.PDFDocument, margin: number): PageFrame {
  return { left: margin, width: doc.page.width - 2 * margin, top: margin, bottom: doc.page.height - margin - 20 };
}

/** Seller and buyer side by side, the versions in force at issue; returns the y below them. */
export function statementParties(
  doc: PDFKit.PDFDocument,
  w: Writer,
  frame: PageFrame,
  y: number,
  input: StatementDocument,
): number {
  // 385 pt each, as laid out before the chrome: layout 1 must keep its bytes
  return drawParties(doc, w, frame, y, partyBlocks(input), PARTY_COLUMN_WIDTH);
}

/**
 * Below the totals: the digest of the statement's CSV export (the same figures; a PDF cannot print its own) with
 * how to check it, and the boxes where the issuer and the tenant seal and sign. Returns the y below.
 */
export function statementClosing(
  doc: PDFKit.PDFDocument,
  w: Writer,
  frame: PageFrame,
  y: number,
  input: StatementDocument,
): number {
  if (!hasChrome(input)) return y;
  if (input.csvSha256)
    y = drawDigests(doc, w, frame, y + 6, {
      digests: [{ label: "结算单 CSV 文件 Statement's export.csv", sha256: input.csvSha256 }],
      explanation: [
        '上列为本结算单 CSV 导出文件（同一结算单、同一数据）的 SHA-256 摘要；PDF 无法包含自身的摘要。核对方法：下载 export.csv，' +
          '运行 sha256sum（Windows：certutil -hashfile 文件名 SHA256），结果应与上列一致。',
        "The SHA-256 of this statement's CSV export (the same figures; a PDF cannot print its own digest). To check: " +
          'download export.csv and run sha256sum (Windows: certutil -hashfile <file> SHA256); it must equal the above.',
      ],
    });
  const seller = input.seller?.name ? ` ${input.seller.name}` : '';
  const buyer = input.buyer?.name ?? input.tenant.name;
  return drawSealArea(doc, w, frame, y + 6, [`出具方 Issuer${seller}`, `企业确认 Tenant acknowledgement ${buyer}`]);
}

/** Page numbers and the statement's number at the foot of every page (the document buffers its pages). */
export function statementPageNumbers(doc: PDFKit.PDFDocument, w: Writer, frame: PageFrame, input: StatementDocument) {
  if (hasChrome(input)) numberPages(doc, w, frame, `结算单 Statement ${input.number}`);
}
