import { Module } from '@nestjs/common';
import { AuditStoreModule } from '@park/audit-store';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { NotificationDispatcher } from './notification.dispatcher';
import { NotificationsQueue } from './notifications.queue';
import { SecretCipher } from './secret-cipher';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';
import { WebhookBreaker } from './webhook-breaker';
import { WebhookSecretsSealer } from './webhook-secrets.sealer';
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
    WebhookSecretsSealer,
    WebhookBreaker,
    {
      provide: SecretCipher,
      useFactory: (config: AppConfig) => new SecretCipher(config.secrets.key),
      inject: [APP_CONFIG],
    },
  ],
  exports: [WebhookService, NotificationDispatcher, NotificationsQueue, WebhookDeliveryService],
})
export class NotificationsModule {}
