export {
  NOTIFICATION_EVENTS,
  type NotificationEventType,
  type NotificationEvent,
  type NotificationScope,
  type OutboxSql,
} from './notification-events';
export { writeNotification, notifyPeriodClosedIfClosedNow, periodClosedNoticeCte } from './outbox.writer';
export { checkGrantAlerts, DEFAULT_EXPIRING_DAYS } from './grant-alerts.check';
export { endpointUrlProblem } from './endpoint-url';
export { webhookOwnerOf, type WebhookOwner } from './webhook-owner';
export { WebhookNotFound } from './notifications.errors';
export { WebhookService, EVENTS_OF, type RegisterWebhook } from './webhook.service';
export { NotificationDispatcher } from './notification.dispatcher';
export {
  NotificationsQueue,
  type NotificationJob,
  type DeliverWebhookJob,
  type DrainParkedJob,
} from './notifications.queue';
export { WebhookDeliveryService, WebhookAttemptFailed, webhookBody } from './webhook-delivery.service';
export { sendWebhook, type WebhookRequest, type WebhookResponse } from './webhook.sender';
export { DELIVERY_OPTIONS, DEFAULT_DELIVERY_OPTIONS, retryDelayMs, type DeliveryOptions } from './delivery-options';
export { NotificationsModule } from './notifications.module';
export {
  statementIssuedNoticeCte,
  statementIssuedPayload,
  notifyStatementPaid,
  notifyClaimChange,
  notifyDisputeChange,
  notifyGrantExpired,
} from './change-notices';
export { notifyReconciliationFindings, type FindingLike } from './finding-notices';
export { SecretCipher, SecretUnreadable, isSealed } from './secret-cipher';
export { WebhookSecretsSealer } from './webhook-secrets.sealer';
export { WebhookBreaker } from './webhook-breaker';
