import 'reflect-metadata';
import { Controller, Get, Injectable, type CanActivate } from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants';
import { accessDeclarationOf, SignedByClusterAgent } from './access.decorators';
import { decideAccess } from './access.policy';
import { PolicyDeclarationError } from './auth.errors';
import { routeDeclarationProblems } from './route-table.inspector';

@Injectable()
class FakeSignatureGuard implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

@SignedByClusterAgent(FakeSignatureGuard)
@Controller('agents')
class AgentController {
  @Get('status')
  status(): string {
    return 'ok';
  }
}

class GrpcLike {
  @SignedByClusterAgent()
  push(): string {
    return 'ok';
  }
}

const lookup = { param: () => undefined, resolve: () => undefined };

describe('@SignedByClusterAgent', () => {
  it('declares the route as authenticated by an agent signature and applies the signature guard with it', () => {
    expect(accessDeclarationOf(AgentController, AgentController.prototype.status)).toEqual({
      kind: 'signed',
      by: 'cluster-agent',
    });
    expect(Reflect.getMetadata(GUARDS_METADATA, AgentController)).toEqual([FakeSignatureGuard]);
    expect(accessDeclarationOf(GrpcLike, GrpcLike.prototype.push)).toEqual({ kind: 'signed', by: 'cluster-agent' });
    expect(Reflect.getMetadata(GUARDS_METADATA, GrpcLike.prototype.push)).toBeUndefined();
  });

  it('lets the call through to the signature check, with or without a bearer principal', async () => {
    const declaration = { kind: 'signed', by: 'cluster-agent' } as const;
    await expect(decideAccess(declaration, null, lookup)).resolves.toEqual({ outcome: 'allow', rule: null });
    await expect(
      decideAccess(declaration, { subject: 's', role: 'tenant-viewer', tenantId: 't1' }, lookup),
    ).resolves.toMatchObject({ outcome: 'allow' });
  });

  it('counts as a declaration for the boot check, and cannot be combined with another one', () => {
    const route = {
      transport: 'http' as const,
      method: 'GET',
      path: '/agents/status',
      controller: 'AgentController',
      handler: 'status',
      access: { kind: 'signed', by: 'cluster-agent' } as const,
    };
    expect(routeDeclarationProblems([route], [])).toEqual([]);
    expect(() => {
      class Twice {
        @SignedByClusterAgent()
        @SignedByClusterAgent()
        push(): void {}
      }
      return Twice;
    }).toThrow(PolicyDeclarationError);
  });
});
