import type { Writer } from '../pdf-text-writer';

// What a finance department and a bureau look for on every settlement paper, whatever its body: the parties, a
// digest to check the figures against, a place to seal and sign, and page numbers. Used by the statement PDF and
// the claim summary PDF; each function draws through a Writer, so it runs in the layout's collecting pass too.

/** Where the chrome may draw: the page's left edge and usable width, its top, and the lowest y for content. */
export interface PageFrame {
  readonly left: number;
  readonly width: number;
  readonly top: number;
  readonly bottom: number;
}

/** A party as a titled block of label/value rows. */
export interface ChromeParty {
  readonly title: string;
  readonly rows: readonly (readonly [string, string])[];
}

/** A file's SHA-256 as printed: which file, and its digest. */
export interface PrintedDigest {
  readonly label: string;
  readonly sha256: string;
}

export const SEAL_LABELS = ['盖章 Seal', '签字 Signature', '日期 Date'] as const;
const SEAL_BOX_HEIGHT = 92;

/** A new page when fewer than `height` points remain; returns the y to draw at. */
function room(doc: PDFKit.PDFDocument, frame: PageFrame, y: number, height: number): number {
  if (y + height <= frame.bottom) return y;
  doc.addPage();
  return frame.top;
}

/** The parties side by side (as on a VAT invoice); returns the y below them. */
export function drawParties(
  doc: PDFKit.PDFDocument,
  w: Writer,
  frame: PageFrame,
  y: number,
  parties: readonly ChromeParty[],
  columnWidth = Math.floor(frame.width / Math.max(1, parties.length)),
): number {
  if (parties.length === 0) return y;
  const labelWidth = Math.min(120, Math.floor(columnWidth * 0.48));
  const top = room(doc, frame, y, 13 + 12 * Math.max(...parties.map((p) => p.rows.length)));
  let bottom = top;
  parties.forEach((party, i) => {
    const x = frame.left + i * columnWidth;
    let rowY = top;
    w.write(party.title, x, rowY, { width: columnWidth - 10, size: 9, bold: true });
    rowY += 13;
    for (const [k, v] of party.rows) {
      w.write(k, x, rowY, { width: labelWidth, size: 8 });
      w.write(v, x + labelWidth, rowY, { width: columnWidth - labelWidth - 10, size: 8 });
      rowY += 12;
    }
    bottom = Math.max(bottom, rowY);
  });
  return bottom;
}

/**
 * The digests a reader checks the paper against, with what each is of and how to check it (a PDF cannot carry its
 * own digest, so it prints those of its sibling files). Returns the y below.
 */
export function drawDigests(
  doc: PDFKit.PDFDocument,
  w: Writer,
  frame: PageFrame,
  y: number,
  block: { readonly explanation: readonly string[]; readonly digests: readonly PrintedDigest[] },
): number {
  y = room(doc, frame, y, 16 + 11 * (block.digests.length + block.explanation.length));
  w.write('文件摘要 Digest (SHA-256)', frame.left, y, { width: frame.width, size: 9, bold: true });
  y += 13;
  for (const d of block.digests) {
    w.write(d.label, frame.left, y, { width: 200, size: 8 });
    w.write(d.sha256, frame.left + 200, y, { width: frame.width - 200, size: 8 });
    y += 11;
  }
  for (const line of block.explanation) {
    w.write(line, frame.left, y, { width: frame.width, size: 7 });
    y += 10;
  }
  return y + 4;
}

/** Boxes side by side, one per signer, each with room for 盖章 (the seal), 签字 and 日期. Returns the y below. */
export function drawSealArea(
  doc: PDFKit.PDFDocument,
  w: Writer,
  frame: PageFrame,
  y: number,
  signers: readonly string[],
): number {
  y = room(doc, frame, y, SEAL_BOX_HEIGHT + 8);
  const gap = 12;
  const boxWidth = Math.floor((frame.width - gap * (signers.length - 1)) / signers.length);
  signers.forEach((signer, i) => {
    const x = frame.left + i * (boxWidth + gap);
    doc.rect(x, y, boxWidth, SEAL_BOX_HEIGHT).lineWidth(0.6).stroke();
    w.write(signer, x + 6, y + 5, { width: boxWidth - 12, size: 8, bold: true });
    // the seal's place: a square as large as a round company seal (about 40 mm) allows on the row
    const seal = SEAL_BOX_HEIGHT - 24;
    doc
      .rect(x + 6, y + 18, seal, seal)
      .dash(2, { space: 2 })
      .lineWidth(0.4)
      .stroke()
      .undash();
    w.write(SEAL_LABELS[0], x + 10, y + 18 + seal / 2 - 4, { width: seal - 8, size: 8 });
    const fieldX = x + seal + 16;
    const fieldWidth = boxWidth - seal - 24;
    [SEAL_LABELS[1], SEAL_LABELS[2]].forEach((label, row) => {
      const lineY = y + 42 + row * 28;
      w.write(label, fieldX, lineY - 11, { width: fieldWidth, size: 8 });
      doc
        .moveTo(fieldX + 62, lineY)
        .lineTo(fieldX + fieldWidth, lineY)
        .lineWidth(0.4)
        .stroke();
    });
  });
  return y + SEAL_BOX_HEIGHT + 8;
}

export const pageLabel = (n: number, of: number): string => `第 ${n} 页 / 共 ${of} 页  Page ${n} of ${of}`;

/**
 * `第 n 页 / 共 m 页 Page n of m` at the foot of every page, with the paper's reference on the left. The document
 * must buffer its pages (`bufferPages: true`): the count is known only once the body is laid out.
 */
export function numberPages(doc: PDFKit.PDFDocument, w: Writer, frame: PageFrame, reference: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - 24;
    w.write(reference, frame.left, y, { width: frame.width / 2, size: 7 });
    w.write(pageLabel(i - start + 1, count), frame.left + frame.width / 2, y, {
      width: frame.width / 2,
      align: 'right',
      size: 8,
    });
  }
}
