import { Module } from '@nestjs/common';
import { DashboardTickets } from './dashboard-ticket';
import { QueueDashboardController } from './queue-dashboard.controller';
import { QueueDashboardMount } from './queue-dashboard.mount';

/** The queue dashboard (bull-board) at /admin/queues for operators, and the call that opens it in a browser. */
@Module({ controllers: [QueueDashboardController], providers: [DashboardTickets, QueueDashboardMount] })
export class QueueDashboardModule {}
