import * as fs from 'node:fs';
import * as path from 'node:path';
import { decompress } from 'wawoff2';

/**
 * 思源宋体 Source Han Serif CN (SIL OFL 1.1) from the npm package @chinese-fonts/syst, shipped as a few hundred
 * WOFF2 chunks, each with the Unicode ranges it holds listed in the package's result.css. We index that once
 * per process; the PDF renderer switches chunk per run of text and pdfkit embeds (subsets) the glyphs used.
 */
export interface CjkFontRegistry {
  /** Chunk file holding this code point, or undefined (the renderer then uses a standard PDF font). */
  fileFor(codePoint: number): string | undefined;
  /** Decompresses (WOFF2 → TrueType) every chunk the text needs; call before `ttf`. */
  prepare(text: string): Promise<void>;
  /** A prepared chunk as TrueType (pdfkit cannot subset WOFF2's transformed glyf table, so it gets TTF). */
  ttf(file: string): Buffer;
}

let registry: CjkFontRegistry | undefined;

export function fontDirectory(): string {
  return path.join(path.dirname(require.resolve('@chinese-fonts/syst/package.json')), 'dist', 'SourceHanSerifCN');
}

/** Parses `@font-face{…url("./x.woff2")…unicode-range:U+4E00-4E0F,U+4E11;}` blocks. */
export function parseUnicodeRanges(css: string): { file: string; ranges: [number, number][] }[] {
  const out: { file: string; ranges: [number, number][] }[] = [];
  for (const block of css.split('@font-face').slice(1)) {
    const file = /url\("\.\/([^"]+\.woff2)"\)/.exec(block)?.[1];
    const range = /unicode-range:([^;}]+)/.exec(block)?.[1];
    if (!file || !range) continue;
    const ranges = range.split(',').map((r): [number, number] => {
      const [a, b] = r.trim().replace(/^U\+/i, '').split('-');
      return [parseInt(a, 16), parseInt(b ?? a, 16)];
    });
    out.push({ file, ranges });
  }
  return out;
}

export function cjkFontRegistry(): CjkFontRegistry {
  if (registry) return registry;
  const dir = fontDirectory();
  const byCodePoint = new Map<number, string>();
  for (const { file, ranges } of parseUnicodeRanges(fs.readFileSync(path.join(dir, 'result.css'), 'utf8'))) {
    for (const [a, b] of ranges) for (let cp = a; cp <= b; cp++) if (!byCodePoint.has(cp)) byCodePoint.set(cp, file);
  }
  const cache = new Map<string, Promise<Buffer>>();
  // wawoff2 hands back a view on its WebAssembly heap that the next call reuses: one at a time, copied at once.
  let queue: Promise<unknown> = Promise.resolve();
  const toTtf = (woff2: Buffer): Promise<Buffer> => {
    const next = queue.then(() => decompress(woff2)).then((u: Uint8Array) => Buffer.from(u));
    queue = next.catch(() => undefined);
    return next;
  };
  const ready = new Map<string, Buffer>();
  registry = {
    fileFor: (cp) => byCodePoint.get(cp),
    prepare: async (text) => {
      const files = new Set<string>();
      for (const ch of text) {
        const file = byCodePoint.get(ch.codePointAt(0) ?? 0);
        if (file && !ready.has(file)) files.add(file);
      }
      await Promise.all(
        [...files].map(async (file) => {
          let p = cache.get(file);
          if (!p) cache.set(file, (p = toTtf(fs.readFileSync(path.join(dir, file)))));
          ready.set(file, await p);
        }),
      );
    },
    ttf: (file) => {
      const b = ready.get(file);
      if (!b) throw new Error(`font chunk ${file} was not prepared`);
      return b;
    },
  };
  return registry;
}
