import * as fs from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import type { Request, RequestHandler } from 'express';
import helmet from 'helmet';
import { listRoutes } from '@park/auth';
import type { AppConfig } from '@park/config';

/** Agents push batches up to 4 MiB; above it, so that limit is reported per batch with its reason code. */
export const AGENT_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/**
 * Security headers (helmet): HSTS, X-Content-Type-Options, X-Frame-Options DENY, a content security policy. The
 * policy allows scripts, styles, images and fonts from the same origin only (inline styles too, which Swagger UI and
 * CSS-in-JS consoles such as Ant Design need), so a console served later under /console/ from the same origin works.
 * `upgrade-insecure-requests` only when the app serves TLS itself: on plain http it would break /docs locally.
 * `oidcIssuer`: the console signs in with authorization code + PKCE, so its page fetches the issuer's discovery
 * document, keys and token endpoint from the browser; `connect-src` names that origin too.
 */
export function securityHeaders(tls: boolean, oidcIssuer?: string): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'connect-src': ["'self'", ...(oidcIssuer ? [new URL(oidcIssuer).origin] : [])],
        'frame-ancestors': ["'none'"],
        'upgrade-insecure-requests': tls ? [] : null,
      },
    },
    frameguard: { action: 'deny' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function pathPattern(path: string): RegExp {
  const escaped = path.split('/').map((part) => (part.startsWith(':') ? '[^/]+' : escapeRegExp(part)));
  return new RegExp(`^${escaped.join('/')}/?$`);
}

/**
 * Which requests go to a route authenticated by an agent's signature (`@SignedByClusterAgent`): read from the
 * app's route table, so the larger agent body limit follows the routes, not a list kept beside them.
 */
export function agentRouteMatcher(app: INestApplication): (req: Request) => boolean {
  const patterns = listRoutes(app)
    .filter((route) => route.transport === 'http' && route.access?.kind === 'signed')
    .map((route) => pathPattern(route.path));
  return (req) => patterns.some((pattern) => pattern.test(req.path));
}

/** The body limit of each request: agent routes keep theirs; every other route's comes from HTTP_BODY_LIMIT_BYTES. */
export function bodyLimitOf(app: INestApplication, config: AppConfig): (req: Request) => number {
  const isAgentRoute = agentRouteMatcher(app);
  return (req) => (isAgentRoute(req) ? AGENT_BODY_LIMIT_BYTES : config.http.bodyLimitBytes);
}

/** The PEM certificate and key of TLS_CERT_FILE / TLS_KEY_FILE, read at boot; null when TLS is off. */
export function readTlsFiles(config: AppConfig): { cert: Buffer; key: Buffer } | null {
  if (config.tls === null) return null;
  return { cert: fs.readFileSync(config.tls.certFile), key: fs.readFileSync(config.tls.keyFile) };
}
