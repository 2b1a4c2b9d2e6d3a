/** What an uploaded document may be: a PDF, an OFD (the national e-invoice format: a ZIP package) or an image. */
const MAGIC: readonly { type: string; bytes: readonly number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { type: 'application/ofd', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];

/** The largest document accepted (a scanned contract); the HTTP body limit also applies (HTTP_BODY_LIMIT_BYTES). */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

/** The content type read from the file's first bytes (never from what the caller says), or null. Pure. */
export function documentTypeOf(content: Uint8Array): string | null {
  return MAGIC.find((m) => m.bytes.every((b, i) => content[i] === b))?.type ?? null;
}
