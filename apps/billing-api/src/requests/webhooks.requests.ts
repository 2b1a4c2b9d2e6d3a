import { z } from 'zod';
import { NOTIFICATION_EVENTS } from '@park/notifications';
import { requestInput } from '@park/platform';
import { id, text } from './common.schemas';

/** Shapes only: the URL's scheme (https in production) and what the owner may receive are the service's checks. */
export const RegisterWebhook = requestInput({
  body: z.strictObject({
    url: text(2_000).describe('http(s) URL the signed POSTs go to (https in production)'),
    description: text(500).optional(),
    eventTypes: z
      .array(z.enum(NOTIFICATION_EVENTS))
      .max(NOTIFICATION_EVENTS.length)
      .optional()
      .describe('default: every event the caller may receive'),
    programmeId: id.optional().describe("a bureau's endpoint: only this programme's events"),
  }),
});

export const WebhookById = requestInput({ params: z.strictObject({ webhookId: id }) });
