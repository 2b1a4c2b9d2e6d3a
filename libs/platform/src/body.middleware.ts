import { isUtf8 } from 'node:buffer';
import type { NextFunction, Request, Response } from 'express';
import { raw } from 'express';
import { currentRequestId } from '@park/logging';

/** The exact bytes received, kept for signature checks and digests. */
export type RequestWithRawBody = Request & { rawBody?: Buffer };

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message, requestId: currentRequestId() } });
}

/** A byte-order mark is allowed before JSON (RFC 8259 §8.1 lets parsers ignore it), as the WHATWG decoder did. */
function hasUtf8Bom(body: Buffer): boolean {
  return body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf;
}

/** The body limit of a request, chosen before it is read (e.g. larger for agent routes). */
export type BodyLimit = number | ((req: Request) => number);

/**
 * Reads every request body as bytes (kept on `req.rawBody`), then parses JSON bodies strictly: bad UTF-8 and bad
 * JSON get a 400 naming the problem, an oversized body a 413, never a 5xx and never a silent U+FFFD.
 */
export function bodyMiddleware(limit: BodyLimit) {
  const readers = new Map<number, ReturnType<typeof raw>>();
  const readerFor = (limitBytes: number) => {
    let reader = readers.get(limitBytes);
    if (reader === undefined) readers.set(limitBytes, (reader = raw({ type: () => true, limit: limitBytes })));
    return reader;
  };
  return (req: RequestWithRawBody, res: Response, next: NextFunction) => {
    const limitBytes = typeof limit === 'number' ? limit : limit(req);
    readerFor(limitBytes)(req, res, (err?: unknown) => {
      if (err) {
        const e = err as { type?: string; status?: number; message?: string };
        if (e.type === 'entity.too.large') return sendError(res, 413, 'BODY_TOO_LARGE', `request body is larger than ${limitBytes} bytes`);
        return sendError(res, e.status && e.status < 500 ? e.status : 400, 'BAD_BODY', `request body could not be read: ${e.message ?? 'unknown error'}`);
      }
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      req.rawBody = body;
      req.body = undefined;
      const type = req.headers['content-type'] ?? '';
      if (body.length === 0 || !/^application\/([\w.+-]+\+)?json\b/i.test(type)) return next();
      // checked first, then decoded: a fatal TextDecoder does both, at several times the CPU of this pair
      if (!isUtf8(body)) return sendError(res, 400, 'INVALID_UTF8', 'request body is not valid UTF-8');
      try {
        req.body = JSON.parse(body.toString('utf8', hasUtf8Bom(body) ? 3 : 0));
      } catch (parseError) {
        return sendError(res, 400, 'MALFORMED_JSON', `request body is not valid JSON: ${(parseError as Error).message.slice(0, 200)}`);
      }
      next();
    });
  };
}
