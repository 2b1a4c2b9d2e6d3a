import { Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { NO_INPUT, ValidInput, type RequestInput } from '@park/platform';
import { BillingApi } from '../errors/billing-api.decorators';
import { DASHBOARD_TICKET_TTL_SECONDS, DashboardTickets } from './dashboard-ticket';
import { DASHBOARD_COOKIE, DASHBOARD_PATH } from './dashboard.gate';

@ApiTags('admin')
@BillingApi()
@Controller('v1/admin/queue-dashboard')
export class QueueDashboardController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tickets: DashboardTickets,
  ) {}

  /**
   * A browser cannot send the bearer token with the board's pages, so an operator's authenticated call trades it
   * for a cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it: no CSRF on the
   * board's actions), Path=/admin/queues (sent nowhere else), Secure under TLS, and good for 15 minutes.
   */
  @Post('session')
  @HttpCode(201)
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({
    summary: 'Open the queue dashboard (/admin/queues) in this browser: sets a 15-minute cookie for it',
  })
  session(
    @ValidInput(NO_INPUT) _nothing: RequestInput<typeof NO_INPUT>,
    @CurrentPrincipal() me: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { ticket, expiresAt } = this.tickets.issue({ subject: me.subject, role: me.role });
    const attributes = [
      `Path=${DASHBOARD_PATH}`,
      `Max-Age=${DASHBOARD_TICKET_TTL_SECONDS}`,
      'HttpOnly',
      'SameSite=Strict',
    ];
    if (this.config.tls !== null) attributes.push('Secure');
    res.setHeader('Set-Cookie', [`${DASHBOARD_COOKIE}=${ticket}`, ...attributes].join('; '));
    return { path: `${DASHBOARD_PATH}/`, expiresAt: expiresAt.toISOString() };
  }
}
