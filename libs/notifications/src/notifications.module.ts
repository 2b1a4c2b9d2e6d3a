import { Module } from '@nestjs/common';
import { AuditStoreModule } from '@park/audit-store';
import { NotificationDispatcher } from './notification.dispatcher';
import { NotificationsQueue } from './notifications.queue';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';
import { WebhookService } from './webhook.service';

/** Webhook endpoints (API) and delivery (worker); needs the platform's global DbModule and config. */
@Module({
  imports: [AuditStoreModule],
  providers: [
    WebhookService,
    WebhookEndpointRepository,
    NotificationDispatcher,
    NotificationsQueue,
    WebhookDeliveryService,
  ],
  exports: [WebhookService, NotificationDispatcher, NotificationsQueue, WebhookDeliveryService],
})
export class NotificationsModule {}
