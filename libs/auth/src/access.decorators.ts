import 'reflect-metadata';
import { UseGuards, createParamDecorator, type CanActivate, type ExecutionContext, type Type } from '@nestjs/common';
import type { AccessDeclaration, AllowRule } from './access-rule.types';
import { ruleProblems } from './access.policy';
import { PolicyDeclarationError } from './auth.errors';
import type { Principal } from './principal.types';
import { principalOf } from './request-principal';

export const ACCESS_METADATA = 'park:access';

type AccessDecorator = ClassDecorator & MethodDecorator;

function nameOf(target: object, key?: string | symbol): string {
  const owner = typeof target === 'function' ? target.name : target.constructor.name;
  return key === undefined ? owner : `${owner}.${String(key)}`;
}

function declare(declaration: AccessDeclaration): AccessDecorator {
  const decorator = (target: object, key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    const holder: unknown = descriptor ? descriptor.value : target;
    if (typeof holder !== 'function')
      throw new PolicyDeclarationError([`${nameOf(target, key)}: access is declared on a class or a method`]);
    if (Reflect.hasOwnMetadata(ACCESS_METADATA, holder)) {
      throw new PolicyDeclarationError([
        `${nameOf(target, key)}: declare access once (one @Allow with several rules, or @Public)`,
      ]);
    }
    Reflect.defineMetadata(ACCESS_METADATA, declaration, holder);
  };
  return decorator as AccessDecorator;
}

/**
 * Who may call this route (method) or every route of this controller (class; a method's own declaration
 * replaces the class's). A caller is let in when any rule lets it in. Examples:
 *   @Allow({ roles: ['operator-admin', 'operator-finance'] })
 * @Allow({ roles: ['operator-admin'] }, { roles: ['tenant-admin', 'tenant-viewer'], scope: 'tenant', param: 'tenantId'
 * })
 *   @Allow({ roles: ['bureau-auditor'], scope: 'bureau', resolver: 'programme' })
 *   @Allow({ roles: ['cluster-agent'], scope: 'cluster', own: true })
 */
export function Allow(...rules: [AllowRule, ...AllowRule[]]): AccessDecorator {
  const problems = ruleProblems(rules);
  if (problems.length > 0) throw new PolicyDeclarationError(problems);
  return declare({
    kind: 'allow',
    rules: rules.map((rule) => Object.freeze({ ...rule, roles: Object.freeze([...rule.roles]) })) as AllowRule[],
  });
}

/** Open to anyone, without a token (e.g. /health). Every other route needs @Allow. */
export function Public(): AccessDecorator {
  return declare({ kind: 'public' });
}

/**
 * Signed by a cluster agent: the route checks the agent's Ed25519 request signature itself (HTTP: a guard such as
 * the gateway's AgentSignatureGuard, passed here so it cannot be forgotten; gRPC: pass nothing, the handler
 * verifies the metadata). No bearer token is read: the AuthGuard lets the call through to that check, which
 * answers 401 / UNAUTHENTICATED on its own when the signature is missing or bad.
 */
export function SignedByClusterAgent(...signatureGuards: Array<Type<CanActivate>>): AccessDecorator {
  const marker = declare({ kind: 'signed', by: 'cluster-agent' });
  if (signatureGuards.length === 0) return marker;
  const guards = UseGuards(...signatureGuards);
  const decorator = (target: object, key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    if (descriptor) {
      (marker as MethodDecorator)(target, key as string | symbol, descriptor);
      (guards as MethodDecorator)(target, key as string | symbol, descriptor);
    } else {
      (marker as ClassDecorator)(target as never);
      (guards as ClassDecorator)(target as never);
    }
  };
  return decorator as AccessDecorator;
}

/** The declaration that applies to a handler: its own, else its controller's. */
export function accessDeclarationOf(controller: object, handler: object): AccessDeclaration | undefined {
  const own: unknown = Reflect.getMetadata(ACCESS_METADATA, handler);
  const inherited: unknown = own ?? Reflect.getMetadata(ACCESS_METADATA, controller);
  return inherited as AccessDeclaration | undefined;
}

/** The authenticated caller, in a handler of a route declared with @Allow. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = principalOf(context);
  // Only reachable from a @Public route: a programming error, not the caller's.
  if (!principal)
    throw new Error('@CurrentPrincipal() used on a route without an authenticated principal (is it @Public?)');
  return principal;
});
