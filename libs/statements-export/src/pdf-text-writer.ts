import type { CjkFontRegistry } from './cjk-font.registry';

const LATIN = 'Helvetica';
const LATIN_BOLD = 'Helvetica-Bold';

// How the statement layout puts text on a page: the layout runs once through a TextCollector (to learn which CJK
// font chunks it needs) and once through a TextWriter (to draw), so both share the Writer interface.

export interface Writer {
  write(
    text: string,
    x: number,
    y: number,
    opts: { width: number; align?: 'left' | 'right'; size?: number; bold?: boolean },
  ): void;
}

/** First pass: only collects the text, so the font chunks it needs can be prepared before drawing. */
export class TextCollector implements Writer {
  readonly texts: string[] = [];

  write(text: string): void {
    this.texts.push(text);
  }
}

/** Writes text in runs: ASCII in Helvetica, everything else in the CJK chunk that holds it. */
export class TextWriter implements Writer {
  private readonly registered = new Set<string>();

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly fonts: CjkFontRegistry,
  ) {}

  private runs(text: string, latin: string): { font: string; text: string }[] {
    const out: { font: string; text: string }[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 32;
      let font = latin;
      if (cp >= 128) {
        const file = this.fonts.fileFor(cp);
        if (file) {
          if (!this.registered.has(file)) {
            this.doc.registerFont(file, this.fonts.ttf(file));
            this.registered.add(file);
          }
          font = file;
        }
      }
      const last = out[out.length - 1];
      if (last && last.font === font) last.text += ch;
      else out.push({ font, text: ch });
    }
    return out;
  }

  write(
    text: string,
    x: number,
    y: number,
    opts: { width: number; align?: 'left' | 'right'; size?: number; bold?: boolean },
  ): void {
    this.doc.fontSize(opts.size ?? 8);
    const runs = this.runs(text, opts.bold ? LATIN_BOLD : LATIN);
    if (runs.length === 0) return;
    if (opts.align === 'right') {
      const width = runs.reduce((w, r) => w + this.doc.font(r.font).widthOfString(r.text), 0);
      x = x + opts.width - width;
    }
    // On a common alphabetic baseline: the CJK and Latin fonts have different ascents.
    const baselineY = y + (opts.size ?? 8) * 0.9;
    runs.forEach((r, i) => {
      this.doc.font(r.font);
      const last = i === runs.length - 1;
      const options = { lineBreak: false, continued: !last, baseline: 'alphabetic' as const };
      if (i === 0) this.doc.text(r.text, x, baselineY, options);
      else this.doc.text(r.text, options);
    });
  }
}
