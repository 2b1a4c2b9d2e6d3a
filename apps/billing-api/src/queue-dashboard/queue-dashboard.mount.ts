import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Express } from 'express';
import { TOKEN_VERIFIER, type TokenVerifier } from '@park/auth';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { openAllQueues, type AllQueues } from '@park/queue';
import { DashboardTickets } from './dashboard-ticket';
import { DASHBOARD_PATH, dashboardGate } from './dashboard.gate';

/**
 * bull-board at /admin/queues, every queue of QUEUES on it, behind dashboardGate. Mounted on the Express instance
 * when the modules initialise: after Nest's routes, before its not-found handler. Its Redis client fails fast, so
 * with Redis away the board answers with an error instead of hanging.
 */
@Injectable()
export class QueueDashboardMount implements OnModuleInit, OnApplicationShutdown {
  private all?: AllQueues;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    private readonly tickets: DashboardTickets,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    this.all = openAllQueues(this.config.redis);
    const board = new ExpressAdapter().setBasePath(DASHBOARD_PATH);
    createBullBoard({
      queues: this.all.queues.map((queue) => new BullMQAdapter(queue)),
      serverAdapter: board,
      options: { uiConfig: { boardTitle: 'park queues' } },
    });
    const express = this.adapterHost.httpAdapter.getInstance<Express>();
    express.use(DASHBOARD_PATH, dashboardGate(this.verifier, this.tickets), board.getRouter());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.all?.close();
  }
}
