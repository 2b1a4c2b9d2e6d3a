import { Body, Controller, Delete, Get, HttpCode, HttpException, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { ClusterAdminError, ClusterAdminService } from '@park/ingest';
import { currentRequestId } from '@park/logging';

const STATUS: Record<ClusterAdminError['code'], number> = {
  CLUSTER_NOT_FOUND: 404,
  TENANT_NOT_FOUND: 404,
  KEY_NOT_FOUND: 404,
  INVALID_INPUT: 400,
  ALREADY_EXISTS: 409,
};

/** The operator's side of ingestion: clusters, the tenants bound to them, and their agents' keys. */
@ApiTags('clusters (operator)')
// Cluster registration, tenant bindings and agent keys (credentials): the park operator's administrators only.
@Allow({ roles: ['operator-admin'] })
@Controller('v1/clusters')
export class ClusterAdminController {
  constructor(private readonly admin: ClusterAdminService) {}

  @Post()
  @ApiOperation({ summary: 'Register a cluster' })
  create(@Body() body: { id?: unknown; name?: unknown }, @CurrentPrincipal() me: Principal) {
    return mapped(() => this.admin.createCluster(body ?? {}, actorOf(me)));
  }

  @Get()
  @ApiOperation({ summary: 'Every cluster: status, bound tenants and agent keys (created, retired; public halves)' })
  list() {
    return this.admin.clusters();
  }

  @Get(':clusterId')
  @ApiOperation({ summary: 'A cluster, its bound tenants and its agent keys (public halves only)' })
  get(@Param('clusterId') clusterId: string) {
    return mapped(() => this.admin.cluster(clusterId));
  }

  @Post(':clusterId/tenants/:tenantId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Allow the cluster to push usage for this tenant' })
  bind(@Param('clusterId') clusterId: string, @Param('tenantId') tenantId: string, @CurrentPrincipal() me: Principal) {
    return mapped(() => this.admin.bindTenant(clusterId, tenantId, actorOf(me)));
  }

  @Delete(':clusterId/tenants/:tenantId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop accepting usage from this cluster for this tenant' })
  unbind(
    @Param('clusterId') clusterId: string,
    @Param('tenantId') tenantId: string,
    @CurrentPrincipal() me: Principal,
  ) {
    return mapped(() => this.admin.unbindTenant(clusterId, tenantId, actorOf(me)));
  }

  @Post(':clusterId/keys')
  @ApiOperation({
    summary:
      'Issue an agent key (the private key is in this answer only) or, with {publicKeyPem}, register one the ' +
      'cluster made',
  })
  issue(
    @Param('clusterId') clusterId: string,
    @CurrentPrincipal() me: Principal,
    @Body() body: { publicKeyPem?: unknown } | undefined,
  ) {
    return mapped(() =>
      body?.publicKeyPem !== undefined
        ? this.admin.registerKey(clusterId, body.publicKeyPem, actorOf(me))
        : this.admin.issueKey(clusterId, actorOf(me)),
    );
  }

  @Post(':clusterId/keys/:keyId/retire')
  @ApiOperation({
    summary: 'Retire an agent key: requests signed with it are refused (KEY_RETIRED) at once, on every gateway',
  })
  retire(@Param('clusterId') clusterId: string, @Param('keyId') keyId: string, @CurrentPrincipal() me: Principal) {
    return mapped(() => this.admin.retireKey(clusterId, keyId, new Date(), actorOf(me)));
  }
}

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ClusterAdminError) {
      throw new HttpException(
        { error: { code: error.code, message: error.message, requestId: currentRequestId() } },
        STATUS[error.code],
      );
    }
    throw error;
  }
}
