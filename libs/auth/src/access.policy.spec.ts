jest.mock('jose', () =>
  jest.requireActual<typeof import('./testing/native-jose')>('./testing/native-jose').nativeJose(),
);

import { Metadata } from '@grpc/grpc-js';
import { ConsoleLogger, Controller, Get, Logger } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { GrpcMethod, RpcException } from '@nestjs/microservices';
import fc from 'fast-check';
import type { AccessDeclaration, AllowRule } from './access-rule.types';
import { Allow, Public } from './access.decorators';
import { decideAccess, type ScopeLookup } from './access.policy';
import { GRPC_STATUS } from './auth.constants';
import { PolicyDeclarationError } from './auth.errors';
import { AuthGuard } from './auth.guard';
import { createLocalTokenMinter } from './local-token.minter';
import { ROLE_SCOPE, ROLES, scopeIdOf, type Principal, type Role } from './principal.types';
import { principalOf } from './request-principal';
import { routeDeclarationProblems, type RouteDeclaration } from './route-table.inspector';
import { localSettings } from './testing/auth.fixtures';
import { createTokenVerifier } from './token.verifier';

function principal(role: Role, scope = 'X-1'): Principal {
  const kind = ROLE_SCOPE[role];
  return {
    subject: `${role}-subject`,
    role,
    ...(kind === 'tenant'
      ? { tenantId: scope }
      : kind === 'bureau'
        ? { bureauId: scope }
        : kind === 'cluster'
          ? { clusterId: scope }
          : {}),
  };
}

const lookup = (params: Record<string, string>, resolved: Record<string, string | null> = {}): ScopeLookup => ({
  param: (name) => params[name],
  resolve: (name) => (name in resolved ? Promise.resolve(resolved[name]) : undefined),
});

describe('decideAccess', () => {
  const tenantRoute: AccessDeclaration = {
    kind: 'allow',
    rules: [
      { roles: ['operator-admin'] },
      { roles: ['tenant-admin', 'tenant-viewer'], scope: 'tenant', param: 'tenantId' },
    ],
  };

  it('refuses what is not declared and opens what is public, with or without a principal', async () => {
    expect(await decideAccess(undefined, principal('operator-admin'), lookup({}))).toEqual({
      outcome: 'forbidden',
      why: 'undeclared',
    });
    expect(await decideAccess({ kind: 'public' }, null, lookup({}))).toEqual({ outcome: 'allow', rule: null });
    expect(await decideAccess(tenantRoute, null, lookup({}))).toEqual({ outcome: 'unauthenticated' });
  });

  it('answers not-found for another scope, an absent param, a missing resource, an unknown resolver', async () => {
    const viewer = principal('tenant-viewer', 'T-1');
    expect(await decideAccess(tenantRoute, viewer, lookup({ tenantId: 'T-2' }))).toEqual({
      outcome: 'not-found',
      why: 'other-scope',
    });
    expect(await decideAccess(tenantRoute, viewer, lookup({}))).toEqual({
      outcome: 'not-found',
      why: 'missing-param',
    });
    const byResolver: AccessDeclaration = {
      kind: 'allow',
      rules: [{ roles: ['bureau-auditor'], scope: 'bureau', resolver: 'programme' }],
    };
    const auditor = principal('bureau-auditor', 'B-1');
    expect(await decideAccess(byResolver, auditor, lookup({}, { programme: null }))).toEqual({
      outcome: 'not-found',
      why: 'no-such-resource',
    });
    expect(await decideAccess(byResolver, auditor, lookup({}))).toEqual({
      outcome: 'not-found',
      why: 'unknown-resolver',
    });
    expect(await decideAccess(byResolver, auditor, lookup({}, { programme: 'B-1' }))).toMatchObject({
      outcome: 'allow',
    });
  });

  it('never lets a scoped role through an unscoped rule, even one smuggled past the types', async () => {
    const smuggled = { kind: 'allow', rules: [{ roles: ['tenant-admin'] }] } as unknown as AccessDeclaration;
    expect(await decideAccess(smuggled, principal('tenant-admin'), lookup({}))).toEqual({
      outcome: 'not-found',
      why: 'other-scope',
    });
  });

  it('property: a scoped caller is let in only to its own scope (or an own-scope route)', async () => {
    const scopedRoles = ROLES.filter((r) => ROLE_SCOPE[r] !== null);
    const rule = fc.oneof(
      fc.record({ roles: fc.subarray(['operator-admin', 'operator-finance'] as const, { minLength: 1 }) }),
      fc.constantFrom('tenant', 'bureau', 'cluster').chain((scope) =>
        fc.record({
          roles: fc.constant(ROLES.filter((r) => ROLE_SCOPE[r] === scope)),
          scope: fc.constant(scope),
          param: fc.constant('id'),
        }),
      ),
    ) as fc.Arbitrary<AllowRule>;
    await fc.assert(
      fc.asyncProperty(
        fc.array(rule, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...scopedRoles),
        fc.constantFrom('S-1', 'S-2'),
        fc.constantFrom('S-1', 'S-2', ''),
        async (rules, role, own, requested) => {
          const caller = principal(role, own);
          const decision = await decideAccess(
            { kind: 'allow', rules },
            caller,
            lookup(requested === '' ? {} : { id: requested }),
          );
          if (decision.outcome === 'allow') expect(requested).toBe(scopeIdOf(caller)?.id);
          const named = rules.some((r) => (r.roles as readonly string[]).includes(role));
          if (named && requested === own) expect(decision.outcome).toBe('allow');
          if (!named) expect(decision).toEqual({ outcome: 'forbidden', why: 'role' });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('@Allow / @Public declarations', () => {
  function problems(build: () => unknown): readonly string[] {
    try {
      build();
    } catch (error) {
      if (error instanceof PolicyDeclarationError) return error.problems;
      throw error;
    }
    throw new Error('expected PolicyDeclarationError');
  }

  it('are checked by the compiler', () => {
    // Each call below must fail to compile (tsc runs over spec files too); never run, they would throw.
    const neverCalled = () => [
      // @ts-expect-error a tenant role needs a scope
      Allow({ roles: ['tenant-admin'] }),
      // @ts-expect-error operators take no scope
      Allow({ roles: ['operator-admin'], scope: 'tenant', param: 'tenantId' }),
      // @ts-expect-error the bureau auditor is not confined to a tenant
      Allow({ roles: ['bureau-auditor'], scope: 'tenant', param: 'tenantId' }),
      // @ts-expect-error a scope needs exactly one source
      Allow({ roles: ['cluster-agent'], scope: 'cluster', param: 'clusterId', own: true }),
      // @ts-expect-error at least one rule
      Allow(),
    ];
    expect(typeof neverCalled).toBe('function');
  });

  it('are checked at run time too, listing every problem', () => {
    const loose = Allow as (...rules: unknown[]) => unknown;
    expect(problems(() => loose())).toEqual(['Allow() needs at least one rule']);
    expect(
      problems(() =>
        loose(
          { roles: [] },
          { roles: ['root'] },
          { roles: ['tenant-admin', 'operator-admin'], scope: 'tenant', param: 'tenantId' },
          { roles: ['cluster-agent'], scope: 'cluster' },
          { roles: ['operator-admin'], param: 'x' },
        ),
      ),
    ).toEqual([
      'rule 1: roles must be a non-empty list',
      'rule 2: unknown role "root" (known: operator-admin, operator-finance, tenant-admin, tenant-viewer, ' +
        'bureau-auditor, cluster-agent)',
      'rule 3: operator-admin sees the whole park; put it in a rule without scope',
      "rule 4: scope 'cluster' needs exactly one of param, resolver, own",
      'rule 5: param / resolver / own only go with a scope',
    ]);
  });

  it('may be given once per class or method', () => {
    expect(() => {
      class Twice {
        @Public()
        @Allow({ roles: ['operator-admin'] })
        handler() {
          return null;
        }
      }
      return Twice;
    }).toThrow(PolicyDeclarationError);
  });
});

describe('route table checks', () => {
  const route = (path: string, access: AccessDeclaration | null): RouteDeclaration => ({
    transport: 'http',
    method: 'GET',
    path,
    controller: 'C',
    handler: 'h',
    access,
  });

  it('notice a param that is not in the path (a typo would otherwise refuse every scoped caller)', () => {
    const typo: AccessDeclaration = {
      kind: 'allow',
      rules: [{ roles: ['tenant-viewer'], scope: 'tenant', param: 'tenant' }],
    };
    const good: AccessDeclaration = {
      kind: 'allow',
      rules: [{ roles: ['tenant-viewer'], scope: 'tenant', param: 'tenantId' }],
    };
    expect(
      routeDeclarationProblems([route('/tenants/:tenantId/usage', typo), route('/tenants/:tenantId/usage', good)], []),
    ).toEqual(["GET /tenants/:tenantId/usage (C.h): param 'tenant' is not a parameter of the path"]);
  });
});

describe('AuthGuard on a gRPC call', () => {
  @Controller()
  class IngestGrpcController {
    @GrpcMethod('Ingest', 'Push')
    @Allow({ roles: ['cluster-agent'], scope: 'cluster', param: 'clusterId' })
    push() {
      return {};
    }

    @Get('unused')
    @Public()
    unused() {
      return {};
    }
  }

  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(new ConsoleLogger()));

  const guard = new AuthGuard({ settings: localSettings() }, createTokenVerifier(localSettings()));
  const minter = createLocalTokenMinter(localSettings());

  function grpcContext(data: object, token?: string): ExecutionContextHost {
    const metadata = new Metadata();
    if (token) metadata.set('authorization', `Bearer ${token}`);
    const context = new ExecutionContextHost(
      [data, metadata, {}],
      IngestGrpcController,
      IngestGrpcController.prototype.push,
    );
    context.setType('rpc');
    return context;
  }

  async function statusOf(promise: Promise<unknown>): Promise<unknown> {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    return error instanceof RpcException ? (error.getError() as { code: number }).code : error;
  }

  it('reads the bearer token from metadata and the scope from the message', async () => {
    const agent = await minter.mint({ subject: 'agent', role: 'cluster-agent', clusterId: 'C-1' });
    const own = grpcContext({ clusterId: 'C-1' }, agent);
    await expect(guard.canActivate(own)).resolves.toBe(true);
    expect(principalOf(own)).toEqual({ subject: 'agent', role: 'cluster-agent', clusterId: 'C-1' });
    expect(await statusOf(guard.canActivate(grpcContext({ clusterId: 'C-2' }, agent)))).toBe(GRPC_STATUS.NOT_FOUND);
    expect(await statusOf(guard.canActivate(grpcContext({ clusterId: 'C-1' })))).toBe(GRPC_STATUS.UNAUTHENTICATED);
    const viewer = await minter.mint({ subject: 'v', role: 'tenant-viewer', tenantId: 'T-1' });
    expect(await statusOf(guard.canActivate(grpcContext({ clusterId: 'C-1' }, viewer)))).toBe(
      GRPC_STATUS.PERMISSION_DENIED,
    );
  });
});
