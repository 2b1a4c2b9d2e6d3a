import { Module } from '@nestjs/common';
import { NotificationsModule } from '@park/notifications';
import { NotificationsWorker } from './notifications.worker';

/** The notifications worker: outbox fan-out, signed webhook deliveries, daily grant alerts (PostgreSQL, Redis). */
@Module({ imports: [NotificationsModule], providers: [NotificationsWorker] })
export class NotificationsWorkerModule {}
