import { HttpException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Request } from 'express';
import { AgentAuthenticator } from '@park/agent-auth';
import { currentRequestId } from '@park/logging';
import { parseJsonBody, type BodyOptions, type RequestWithRawBody } from '@park/platform';
import { asHttpError } from './ingest-errors';

export type AgentRequest = RequestWithRawBody & { agent?: { clusterId: string; keyId: string } };

/** The signed agent routes over HTTPS: their JSON is parsed by the guard below, once the signature holds. */
const AGENT_ROUTES: ReadonlySet<string> = new Set([
  '/v1/usage/batches',
  '/v1/manifests',
  '/v1/usage/lookup',
  '/v1/ingestion/status',
]);

const isAgentRoute = (req: Request): boolean => AGENT_ROUTES.has(req.path);

/**
 * `RunAppOptions.bodies` for the gateway: an agent request's headers and key are checked before its body is read
 * (cheap refusals never buffer up to 8 MiB), and its JSON is parsed only once the signature holds (the guard).
 */
export function agentBodies(app: INestApplication): BodyOptions {
  let authenticator: AgentAuthenticator;
  try {
    // through ModuleRef: a miss on the app itself would abort the process (Nest's abortOnError)
    authenticator = app.get(ModuleRef).get(AgentAuthenticator, { strict: false });
  } catch {
    return {}; // an app composed without the gateway's module has no agent routes
  }
  return {
    deferJson: isAgentRoute,
    screen: (req) => {
      if (!isAgentRoute(req)) return undefined;
      return authenticator
        .screen((name) => headerOf(req, name))
        .then((refused) => refused && { status: 401, code: refused.code, message: refused.message });
    },
  };
}

function headerOf(req: Request, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * HTTP agents sign every request (see @park/agent-auth); the verified cluster is put on the request, and only then
 * is its body parsed (the signature covers the raw bytes).
 */
@Injectable()
export class AgentSignatureGuard implements CanActivate {
  constructor(private readonly authenticator: AgentAuthenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AgentRequest>();
    const result = await this.authenticator
      .authenticate({
        method: req.method,
        path: req.originalUrl,
        body: req.rawBody ?? Buffer.alloc(0),
        header: (name) => headerOf(req, name),
      })
      .catch((error: unknown) => {
        throw asHttpError(error);
      });
    if (!result.ok) refuse(401, result.code, result.message);
    req.agent = { clusterId: result.clusterId, keyId: result.keyId };
    if (req.body === undefined) {
      const parsed = parseJsonBody(req);
      if (!parsed.ok) refuse(400, parsed.code, parsed.message);
      req.body = parsed.body;
    }
    return true;
  }
}

function refuse(status: number, code: string, message: string): never {
  throw new HttpException({ error: { code, message, requestId: currentRequestId() } }, status);
}
