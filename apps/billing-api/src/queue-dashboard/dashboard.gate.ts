import type { NextFunction, Request, Response } from 'express';
import {
  AUTH_UNAVAILABLE_BODY,
  AuthUnavailableError,
  FORBIDDEN_BODY,
  InvalidTokenError,
  UNAUTHENTICATED_BODY,
  type Role,
  type TokenVerifier,
} from '@park/auth';
import type { DashboardHolder, DashboardTickets } from './dashboard-ticket';

export const DASHBOARD_PATH = '/admin/queues';
export const DASHBOARD_COOKIE = 'park_queue_dashboard';

/** Who may look (any operator) and who may also act: retry, remove, pause, clean (operator-admin). */
const READERS: readonly Role[] = ['operator-admin', 'operator-finance'];
const ACTORS: readonly Role[] = ['operator-admin'];
const READS = new Set(['GET', 'HEAD']);

const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i;

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/**
 * Express middleware in front of the dashboard (deny by default, like the AuthGuard): the caller is the holder of
 * a bearer token (scripts) or of the dashboard cookie (a browser, see QueueDashboardController); anyone else gets
 * 401, a role other than an operator's 403, and operator-finance reads only (403 on the board's actions).
 */
export function dashboardGate(verifier: TokenVerifier, tickets: DashboardTickets) {
  async function holderOf(req: Request): Promise<DashboardHolder | null> {
    const header = req.headers.authorization;
    const bearer = typeof header === 'string' ? BEARER.exec(header) : null;
    if (bearer) {
      const principal = await verifier.verify(bearer[1]);
      return { subject: principal.subject, role: principal.role };
    }
    const ticket = cookieOf(req, DASHBOARD_COOKIE);
    return ticket ? tickets.verify(ticket) : null;
  }

  return (req: Request, res: Response, next: NextFunction): void => {
    res.setHeader('Cache-Control', 'no-store');
    holderOf(req).then(
      (holder) => {
        if (holder === null) {
          res.setHeader('WWW-Authenticate', 'Bearer realm="park"');
          res.status(401).json(UNAUTHENTICATED_BODY);
        } else if (!(READS.has(req.method) ? READERS : ACTORS).includes(holder.role)) {
          res.status(403).json(FORBIDDEN_BODY);
        } else next();
      },
      (error: unknown) => {
        if (error instanceof InvalidTokenError) {
          res.setHeader('WWW-Authenticate', 'Bearer realm="park", error="invalid_token"');
          res.status(401).json(UNAUTHENTICATED_BODY);
        } else if (error instanceof AuthUnavailableError) res.status(503).json(AUTH_UNAVAILABLE_BODY);
        else next(error);
      },
    );
  };
}
