import {
  HttpException,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import type { Principal } from '@park/auth';
import { currentRequestId } from '@park/logging';
import { RateLimits, type RateDecision } from './rate-limits.service';

export const RATE_LIMITED = 'RATE_LIMITED';
/** gRPC's status for "too many requests" (RESOURCE_EXHAUSTED). */
const GRPC_RESOURCE_EXHAUSTED = 8;

type LimitedRequest = Request & { agent?: { clusterId: string }; principal?: Principal; rawBody?: Buffer };

function messageOf(decision: Extract<RateDecision, { allowed: false }>, who: string): string {
  const retry = `retry after ${decision.retryAfterSeconds} s`;
  return `${RATE_LIMITED}: ${who} is over its ${decision.limit} per second limit; ${retry}`;
}

/** Usage records in an agent request (a push's `records`), counted against the cluster's records/s. */
export function recordsIn(body: unknown): number {
  const records = typeof body === 'object' && body !== null ? (body as { records?: unknown }).records : undefined;
  return Array.isArray(records) ? records.length : 0;
}

/** 429 with Retry-After and the park's error body. */
export class RateLimitedException extends HttpException {
  constructor(decision: Extract<RateDecision, { allowed: false }>, who: string) {
    const message = messageOf(decision, who);
    super({ error: { code: RATE_LIMITED, message, requestId: currentRequestId() } }, 429, { description: message });
    this.message = message;
  }
}

/**
 * Applies the rate limits to every HTTP call once the guards have identified it: an agent route (the signature
 * guard put the verified cluster on the request) counts against its cluster, a bearer-token route against its
 * principal. Public routes are not limited. gRPC agent calls are verified inside their handlers, which call
 * `enforceIngestLimitRpc` after the signature check.
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  constructor(private readonly limits: RateLimits) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<LimitedRequest>();
    let decision: RateDecision;
    let who: string;
    if (req.agent) {
      who = `cluster ${req.agent.clusterId}`;
      const usage = { records: recordsIn(req.body), bytes: req.rawBody?.length ?? 0 };
      decision = await this.limits.consumeIngest(req.agent.clusterId, usage);
    } else if (req.principal) {
      who = 'this caller';
      decision = await this.limits.consumeRest(`${req.principal.role}:${req.principal.subject}`);
    } else {
      return next.handle();
    }
    if (!decision.allowed) {
      context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(decision.retryAfterSeconds));
      throw new RateLimitedException(decision, who);
    }
    return next.handle();
  }
}

/** For gRPC agent handlers, after the signature check: RESOURCE_EXHAUSTED when the cluster is over its limits. */
export async function enforceIngestLimitRpc(
  limits: RateLimits | undefined,
  clusterId: string,
  usage: { records: number; bytes: number },
): Promise<void> {
  if (limits === undefined) return;
  const decision = await limits.consumeIngest(clusterId, usage);
  if (decision.allowed) return;
  throw new RpcException({ code: GRPC_RESOURCE_EXHAUSTED, message: messageOf(decision, `cluster ${clusterId}`) });
}
