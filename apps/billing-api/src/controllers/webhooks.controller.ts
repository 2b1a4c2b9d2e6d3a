import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { WebhookNotFound, WebhookService, webhookOwnerOf, type WebhookOwner } from '@park/notifications';
import { NO_INPUT, ValidInput, type RequestInput } from '@park/platform';
import { BillingApi } from '../errors/billing-api.decorators';
import { RegisterWebhook, WebhookById } from '../requests/webhooks.requests';

/** Operator-admin for every event; a tenant-admin for its tenant's; a bureau auditor for its programmes'. */
const OWNERS = [
  { roles: ['operator-admin'] },
  { roles: ['tenant-admin'], scope: 'tenant', own: true },
  { roles: ['bureau-auditor'], scope: 'bureau', own: true },
] as const;

/** The caller's own endpoints only: another owner's answer 404, exactly like one that does not exist. */
function ownerOf(me: Principal, webhookId = ''): WebhookOwner {
  const owner = webhookOwnerOf(me);
  if (!owner) throw new WebhookNotFound(webhookId); // unreachable past the guard's rules above
  return owner;
}

@ApiTags('webhooks')
@BillingApi()
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhookService) {}

  @Post()
  @Allow(...OWNERS)
  @ApiOperation({
    summary:
      'Register an endpoint for signed webhooks (Standard Webhooks); its secret (whsec_…) is in this answer only',
  })
  register(
    @ValidInput(RegisterWebhook) { body }: RequestInput<typeof RegisterWebhook>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.webhooks.register(ownerOf(me), body, actorOf(me));
  }

  @Get()
  @Allow(...OWNERS)
  @ApiOperation({ summary: "The caller's endpoints (never their secrets)" })
  list(@ValidInput(NO_INPUT) _nothing: RequestInput<typeof NO_INPUT>, @CurrentPrincipal() me: Principal) {
    return this.webhooks.list(ownerOf(me));
  }

  @Get(':webhookId')
  @Allow(...OWNERS)
  @ApiOperation({ summary: 'One of the caller’s endpoints' })
  get(@ValidInput(WebhookById) { params }: RequestInput<typeof WebhookById>, @CurrentPrincipal() me: Principal) {
    return this.webhooks.get(ownerOf(me, params.webhookId), params.webhookId);
  }

  @Post(':webhookId/resume')
  @HttpCode(200)
  @Allow(...OWNERS)
  @ApiOperation({
    summary:
      'Resume an endpoint suspended after failing in a row: its parked deliveries are sent, oldest first ' +
      '(not suspended: nothing changes)',
  })
  resume(@ValidInput(WebhookById) { params }: RequestInput<typeof WebhookById>, @CurrentPrincipal() me: Principal) {
    return this.webhooks.resume(ownerOf(me, params.webhookId), params.webhookId, actorOf(me));
  }

  @Delete(':webhookId')
  @HttpCode(204)
  @Allow(...OWNERS)
  @ApiOperation({ summary: 'Delete an endpoint: nothing more is sent to it (its deliveries stay visible)' })
  async delete(
    @ValidInput(WebhookById) { params }: RequestInput<typeof WebhookById>,
    @CurrentPrincipal() me: Principal,
  ) {
    await this.webhooks.delete(ownerOf(me, params.webhookId), params.webhookId, actorOf(me));
  }

  @Get(':webhookId/deliveries')
  @Allow(...OWNERS)
  @ApiOperation({
    summary: "An endpoint's deliveries, newest first: attempts, last status or error, next attempt, delivered at",
  })
  deliveries(@ValidInput(WebhookById) { params }: RequestInput<typeof WebhookById>, @CurrentPrincipal() me: Principal) {
    return this.webhooks.deliveries(ownerOf(me, params.webhookId), params.webhookId);
  }
}
