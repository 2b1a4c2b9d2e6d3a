import { Controller, Get, HttpCode, Module, Param, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Allow, CurrentPrincipal, Public } from '../access.decorators';
import type { AuthModuleOptions } from '../auth-module.options';
import { AuthModule } from '../auth.module';
import type { Principal } from '../principal.types';

/** Ids the guard specs use: OWN is the callers' own scope, OTHER belongs to someone else. */
export const IDS = {
  tenant: { own: 'T-OWN', other: 'T-OTHER' },
  bureau: { own: 'B-OWN', other: 'B-OTHER' },
  cluster: { own: 'C-OWN', other: 'C-OTHER' },
  programme: { own: 'P-OWN', other: 'P-OTHER' },
} as const;

const PROGRAMME_BUREAU: Readonly<Record<string, string>> = {
  [IDS.programme.own]: IDS.bureau.own,
  [IDS.programme.other]: IDS.bureau.other,
};

@Controller()
export class HealthController {
  @Public()
  @Get('health')
  health() {
    return { status: 'ok' };
  }
}

@Controller('ops')
@Allow({ roles: ['operator-admin', 'operator-finance'] })
export class OpsController {
  @Get('prices')
  prices() {
    return { prices: [] };
  }

  /** The method's own declaration replaces the controller's. */
  @Post('periods/close')
  @Allow({ roles: ['operator-finance'] })
  close() {
    return { closed: true };
  }
}

@Controller('tenants/:tenantId')
export class TenantController {
  @Get('statements')
  @Allow(
    { roles: ['operator-admin', 'operator-finance'] },
    { roles: ['tenant-admin', 'tenant-viewer'], scope: 'tenant', param: 'tenantId' },
  )
  statements(@Param('tenantId') tenantId: string, @CurrentPrincipal() principal: Principal) {
    return { tenantId, caller: principal.subject };
  }

  @Post('disputes')
  @Allow({ roles: ['tenant-admin'], scope: 'tenant', param: 'tenantId' })
  dispute(@Param('tenantId') tenantId: string) {
    return { tenantId, dispute: 'opened' };
  }
}

@Controller('programmes')
export class ProgrammeController {
  @Get(':programmeId')
  @Allow(
    { roles: ['operator-admin', 'operator-finance'] },
    { roles: ['bureau-auditor'], scope: 'bureau', resolver: 'programme' },
  )
  programme(@Param('programmeId') programmeId: string) {
    return { programmeId };
  }
}

@Controller('clusters')
export class ClusterController {
  @Post(':clusterId/manifests')
  @HttpCode(201)
  @Allow({ roles: ['cluster-agent'], scope: 'cluster', param: 'clusterId' })
  manifest(@Param('clusterId') clusterId: string) {
    return { clusterId };
  }

  @Post('usage')
  @Allow({ roles: ['cluster-agent'], scope: 'cluster', own: true })
  usage(@CurrentPrincipal() principal: Principal) {
    return { clusterId: principal.clusterId };
  }
}

/** Forgot its declaration: refused to everyone. */
@Controller('forgotten')
export class ForgottenController {
  @Get()
  forgotten() {
    return { leaked: true };
  }
}

export const GUARDED_CONTROLLERS = [
  HealthController,
  OpsController,
  TenantController,
  ProgrammeController,
  ClusterController,
  ForgottenController,
];

export const programmeResolver: NonNullable<AuthModuleOptions['resolvers']>[string] = ({ params }) =>
  PROGRAMME_BUREAU[params.programmeId] ?? null;

/** A real Nest HTTP app with AuthModule and the given controllers (not listening; supertest binds it). */
export async function createGuardedApp(
  options: AuthModuleOptions,
  controllers = GUARDED_CONTROLLERS,
): Promise<INestApplication> {
  @Module({ imports: [AuthModule.forRoot(options)], controllers })
  class GuardedAppModule {}
  const app = await NestFactory.create(GuardedAppModule, { logger: false, abortOnError: false });
  await app.init();
  return app;
}
