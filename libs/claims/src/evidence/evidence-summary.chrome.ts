import {
  drawDigests,
  drawParties,
  drawSealArea,
  numberPages,
  type ChromeParty,
  type PageFrame,
  type PrintedDigest,
  type Writer,
} from '@park/statements-export';

const MARGIN = 36;

/** A4 portrait with the statement's margin, room kept at the foot for the page number. */
export function claimSummaryFrame(doc: PDFKit.PDFDocument): PageFrame {
  return { left: MARGIN, width: doc.page.width - 2 * MARGIN, top: MARGIN, bottom: doc.page.height - MARGIN - 24 };
}

/**
 * Below the claim's lines: the claimant and the bureau, the digests of the pack's data files with how to check
 * them, and the boxes where the claimant and the bureau's reviewer seal and sign.
 */
export function claimSummaryChrome(
  doc: PDFKit.PDFDocument,
  w: Writer,
  frame: PageFrame,
  y: number,
  block: { readonly parties: readonly ChromeParty[]; readonly digests: readonly PrintedDigest[]; bureau: string },
): number {
  y = drawParties(doc, w, frame, y, block.parties) + 8;
  y = drawDigests(doc, w, frame, y, {
    digests: block.digests,
    explanation: [
      '上列为证据包中与本汇总同时生成的数据文件的 SHA-256 摘要。manifest.json 列出包内全部文件（含本汇总）的摘要，',
      '其自身摘要记录在申请上（manifestSha256）。核对：下载文件后运行 sha256sum（Windows：certutil -hashfile 文件名 SHA256）。',
      "The SHA-256 of the pack's data files, rendered with this summary. manifest.json lists every file's digest",
      "(this summary's too) and the claim records the manifest's own (manifestSha256). To check: download a file and",
      'run sha256sum (Windows: certutil -hashfile <file> SHA256); it must equal the above.',
    ],
  });
  return drawSealArea(doc, w, frame, y + 6, [
    '申请方 Claimant (园区运营方 park operator)',
    `审核方 Bureau reviewer ${block.bureau}`,
  ]);
}

export function claimSummaryPageNumbers(doc: PDFKit.PDFDocument, w: Writer, frame: PageFrame, claimId: string) {
  numberPages(doc, w, frame, `兑付申请 Claim ${claimId}`);
}
