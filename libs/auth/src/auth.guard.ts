import { HttpException, Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import type { Request, Response } from 'express';
import type { ScopeResolverContext } from './access-rule.types';
import { accessDeclarationOf } from './access.decorators';
import { decideAccess, type AccessDecision, type ScopeLookup } from './access.policy';
import type { AuthModuleOptions } from './auth-module.options';
import {
  AUTH_OPTIONS,
  AUTH_UNAVAILABLE_BODY,
  FORBIDDEN_BODY,
  GRPC_STATUS,
  NOT_FOUND_BODY,
  TOKEN_VERIFIER,
  UNAUTHENTICATED_BODY,
} from './auth.constants';
import { AuthUnavailableError, InvalidTokenError } from './auth.errors';
import type { Principal } from './principal.types';
import { attachPrincipal } from './request-principal';
import type { TokenVerifier } from './token.verifier';

type Refusal = 'unauthenticated' | 'invalid-token' | 'forbidden' | 'not-found' | 'unavailable';

const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i;

interface CallView {
  transport: 'http' | 'rpc';
  token: string | null;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

function stringFields(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

function viewOf(context: ExecutionContext): CallView | null {
  if (context.getType() === 'http') {
    const request = context.switchToHttp().getRequest<Request>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    return {
      transport: 'http',
      token: match ? match[1] : null,
      params: stringFields(request.params),
      query: typeof request.query === 'object' && request.query !== null ? { ...request.query } : {},
      body: request.body,
    };
  }
  if (context.getType() === 'rpc') {
    const rpc = context.switchToRpc();
    const data: unknown = rpc.getData();
    const metadata: unknown = rpc.getContext();
    let token: string | null = null;
    if (typeof metadata === 'object' && metadata !== null && 'get' in metadata && typeof metadata.get === 'function') {
      const values: unknown = metadata.get('authorization');
      const first = Array.isArray(values) ? values[0] : undefined;
      const match = typeof first === 'string' ? BEARER.exec(first) : null;
      token = match ? match[1] : null;
    }
    return { transport: 'rpc', token, params: stringFields(data), query: {}, body: data };
  }
  return null;
}

/**
 * Global guard (AuthModule registers it): deny by default. A route without @Allow / @Public is refused;
 * otherwise the bearer token is verified, the role and scope checked, and the principal put on the request.
 * Answers carry fixed bodies (auth.constants.ts) and never name the resource or its owner.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: AuthModuleOptions,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const route = `${context.getClass().name}.${context.getHandler().name}`;
    const declaration = accessDeclarationOf(context.getClass(), context.getHandler());
    const view = viewOf(context);
    if (view === null) {
      this.logger.warn(`refused ${route}: transport ${context.getType()} is not supported`);
      return false;
    }
    if (declaration === undefined) {
      this.logger.error(`refused ${route}: the route declares no access (add @Allow or @Public)`);
      throw this.refusal(context, view, 'forbidden');
    }
    if (declaration.kind === 'public') return true;
    // The route's own signature check (a guard after this one, or the gRPC handler) authenticates the agent.
    if (declaration.kind === 'signed') return true;
    if (view.token === null) throw this.refusal(context, view, 'unauthenticated');

    let principal: Principal;
    try {
      principal = await this.verifier.verify(view.token);
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        this.logger.debug(`refused ${route}: ${error.message}`);
        throw this.refusal(context, view, 'invalid-token');
      }
      if (error instanceof AuthUnavailableError) {
        this.logger.error(`refused ${route}: ${error.message}`);
        throw this.refusal(context, view, 'unavailable');
      }
      throw error;
    }

    const decision = await decideAccess(declaration, principal, this.lookup(view, principal));
    if (decision.outcome === 'allow') {
      attachPrincipal(context, principal);
      return true;
    }
    this.logger.debug(`refused ${route} to ${principal.role} ${principal.subject}: ${describe(decision)}`);
    if (decision.outcome === 'not-found' && decision.why === 'unknown-resolver')
      this.logger.error(`${route} names a resolver that is not registered`);
    throw this.refusal(context, view, decision.outcome === 'forbidden' ? 'forbidden' : 'not-found');
  }

  private lookup(view: CallView, principal: Principal): ScopeLookup {
    const resolvers = this.options.resolvers ?? {};
    const context: ScopeResolverContext = {
      transport: view.transport,
      principal,
      params: view.params,
      query: view.query,
      body: view.body,
    };
    return {
      param: (name) => view.params[name],
      resolve: (name) => {
        const resolver = Object.prototype.hasOwnProperty.call(resolvers, name) ? resolvers[name] : undefined;
        return resolver ? Promise.resolve().then(() => resolver(context)) : undefined;
      },
    };
  }

  private refusal(context: ExecutionContext, view: CallView, kind: Refusal): Error {
    if (view.transport === 'rpc') {
      const [code, message] = {
        unauthenticated: [GRPC_STATUS.UNAUTHENTICATED, UNAUTHENTICATED_BODY.message],
        'invalid-token': [GRPC_STATUS.UNAUTHENTICATED, UNAUTHENTICATED_BODY.message],
        forbidden: [GRPC_STATUS.PERMISSION_DENIED, FORBIDDEN_BODY.message],
        'not-found': [GRPC_STATUS.NOT_FOUND, NOT_FOUND_BODY.message],
        unavailable: [GRPC_STATUS.UNAVAILABLE, AUTH_UNAVAILABLE_BODY.message],
      }[kind];
      return new RpcException({ code, message });
    }
    if (kind === 'unauthenticated' || kind === 'invalid-token') {
      const challenge = kind === 'invalid-token' ? 'Bearer realm="park", error="invalid_token"' : 'Bearer realm="park"';
      context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', challenge);
    }
    const body = {
      unauthenticated: UNAUTHENTICATED_BODY,
      'invalid-token': UNAUTHENTICATED_BODY,
      forbidden: FORBIDDEN_BODY,
      'not-found': NOT_FOUND_BODY,
      unavailable: AUTH_UNAVAILABLE_BODY,
    }[kind];
    return new HttpException({ ...body }, body.statusCode);
  }
}

function describe(decision: Exclude<AccessDecision, { outcome: 'allow' }>): string {
  return 'why' in decision ? `${decision.outcome} (${decision.why})` : decision.outcome;
}
