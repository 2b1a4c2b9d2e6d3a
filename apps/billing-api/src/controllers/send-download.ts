import type { Response } from 'express';

/** A file the API hands out: its bytes, type, name and (for every export and stored file) its SHA-256. */
export interface Download {
  readonly content: Buffer;
  readonly contentType: string;
  readonly filename: string;
  readonly sha256?: string;
}

/**
 * Sends a download the one way every route does: as an attachment under its name (RFC 6266 `filename*` when the name
 * is not plain ASCII, e.g. 合同.pdf) with its SHA-256 in `x-content-sha256`, so a reader can check what it received.
 */
export function sendDownload(res: Response, file: Download): void {
  const plain = /^[\x20-\x7e]+$/.test(file.filename) && !/["\\]/.test(file.filename);
  res.setHeader('content-type', file.contentType);
  res.setHeader(
    'content-disposition',
    plain
      ? `attachment; filename="${file.filename}"`
      : `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
  );
  if (file.sha256) res.setHeader('x-content-sha256', file.sha256);
  res.send(file.content);
}
