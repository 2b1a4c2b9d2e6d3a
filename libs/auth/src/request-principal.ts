import type { ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from './principal.types';

/** An HTTP request after AuthGuard let it through a route declared with @Allow. */
export type AuthenticatedRequest = Request & { principal?: Principal };

// gRPC calls carry no request object of ours; the call's metadata object is the key.
const rpcPrincipals = new WeakMap<object, Principal>();

function carrierOf(context: ExecutionContext): object | null {
  if (context.getType() === 'http') return context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (context.getType() === 'rpc') {
    const metadata: unknown = context.switchToRpc().getContext();
    return typeof metadata === 'object' && metadata !== null ? metadata : null;
  }
  return null;
}

export function attachPrincipal(context: ExecutionContext, principal: Principal): void {
  const frozen = Object.freeze({ ...principal });
  if (context.getType() === 'http') {
    context.switchToHttp().getRequest<AuthenticatedRequest>().principal = frozen;
    return;
  }
  const carrier = carrierOf(context);
  if (carrier) rpcPrincipals.set(carrier, frozen);
}

export function principalOf(context: ExecutionContext): Principal | undefined {
  if (context.getType() === 'http') return context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  const carrier = carrierOf(context);
  return carrier ? rpcPrincipals.get(carrier) : undefined;
}
