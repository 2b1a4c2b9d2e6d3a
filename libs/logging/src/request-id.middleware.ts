import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { requestContext } from './request-context';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Express-style middleware: takes a well-formed `x-request-id` from the caller or makes one, echoes it,
 * runs the rest of the request inside its context, and logs one line when the response is finished.
 */
export function requestIdMiddleware(logger: Logger) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        { requestId, method: req.method, url: req.url, status: res.statusCode, ms: Math.round(ms * 10) / 10 },
        'request',
      );
    });
    requestContext.run({ requestId }, next);
  };
}
