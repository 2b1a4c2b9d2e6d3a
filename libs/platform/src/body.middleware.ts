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

export type JsonBodyParse =
  { ok: true; body: unknown } | { ok: false; code: 'INVALID_UTF8' | 'MALFORMED_JSON'; message: string };

/**
 * Parses a request's raw body strictly when it is declared JSON (else leaves it undefined): bad UTF-8 and bad JSON
 * are named, never replaced by U+FFFD or a 5xx.
 */
export function parseJsonBody(req: RequestWithRawBody): JsonBodyParse {
  const body = req.rawBody ?? Buffer.alloc(0);
  const type = req.headers['content-type'] ?? '';
  if (body.length === 0 || !/^application\/([\w.+-]+\+)?json\b/i.test(type)) return { ok: true, body: undefined };
  // checked first, then decoded: a fatal TextDecoder does both, at several times the CPU of this pair
  if (!isUtf8(body)) return { ok: false, code: 'INVALID_UTF8', message: 'request body is not valid UTF-8' };
  try {
    return { ok: true, body: JSON.parse(body.toString('utf8', hasUtf8Bom(body) ? 3 : 0)) };
  } catch (parseError) {
    const reason = (parseError as Error).message.slice(0, 200);
    return { ok: false, code: 'MALFORMED_JSON', message: `request body is not valid JSON: ${reason}` };
  }
}

/** Why a request is refused before its body is read. */
export interface BodyRefusal {
  status: number;
  code: string;
  message: string;
}

export interface BodyOptions {
  /**
   * Checks made before the body is read (e.g. a signed request's headers and key): a refusal is answered at once,
   * the body neither buffered nor parsed. A check that throws lets the request through to the usual path.
   */
  screen?: (req: Request) => Promise<BodyRefusal | undefined> | undefined;
  /**
   * Requests whose JSON is parsed later, by whoever authenticates them (`parseJsonBody`): signed agent requests,
   * whose signature covers the raw bytes, so an unauthenticated request is never parsed.
   */
  deferJson?: (req: Request) => boolean;
}

/**
 * Reads every request body as bytes (kept on `req.rawBody`), then parses JSON bodies strictly (`parseJsonBody`)
 * unless deferred: bad UTF-8 and bad JSON get a 400 naming the problem, an oversized body a 413, never a 5xx.
 */
export function bodyMiddleware(limit: BodyLimit, options: BodyOptions = {}) {
  const readers = new Map<number, ReturnType<typeof raw>>();
  const readerFor = (limitBytes: number) => {
    let reader = readers.get(limitBytes);
    if (reader === undefined) readers.set(limitBytes, (reader = raw({ type: () => true, limit: limitBytes })));
    return reader;
  };
  const read = (req: RequestWithRawBody, res: Response, next: NextFunction) => {
    const limitBytes = typeof limit === 'number' ? limit : limit(req);
    readerFor(limitBytes)(req, res, (err?: unknown) => {
      if (err) {
        const e = err as { type?: string; status?: number; message?: string };
        if (e.type === 'entity.too.large')
          return sendError(res, 413, 'BODY_TOO_LARGE', `request body is larger than ${limitBytes} bytes`);
        return sendError(
          res,
          e.status && e.status < 500 ? e.status : 400,
          'BAD_BODY',
          `request body could not be read: ${e.message ?? 'unknown error'}`,
        );
      }
      req.rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      req.body = undefined;
      if (options.deferJson?.(req)) return next();
      const parsed = parseJsonBody(req);
      if (!parsed.ok) return sendError(res, 400, parsed.code, parsed.message);
      req.body = parsed.body;
      next();
    });
  };
  return (req: RequestWithRawBody, res: Response, next: NextFunction) => {
    const screening = options.screen?.(req);
    if (!screening) return read(req, res, next);
    screening.then(
      (refusal) => (refusal ? sendError(res, refusal.status, refusal.code, refusal.message) : read(req, res, next)),
      () => read(req, res, next),
    );
  };
}
