import { Alert, Button, Form, Input, Modal, Select, Typography } from 'antd';
import { api, ApiError, ok } from '../../api/client';
import { useApiSubmit } from '../../components/api-issues';
import { FormModal } from '../../components/form-modal';
import { useLocale } from '../../i18n/locale';
import type { MessageKey } from '../../i18n/messages';
import type { Webhook } from './webhook-views';

/** "eventTypes.2" is the events field's problem: the API names the item, the form has one field for them all. */
function onFields(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  const issues = error.issues.map((i) => ({ ...i, path: i.path.replace(/^(body\.)?eventTypes\.\d+$/, 'eventTypes') }));
  return new ApiError(error.status, error.code, error.message, issues);
}

/**
 * Registers an endpoint: what was typed goes to the API as it is (https in production is the API's check, shown
 * under the field); the events offered are the role's. On success the secret is shown once (WebhookSecret).
 */
export function RegisterWebhook({
  events,
  onClose,
}: {
  events: readonly string[];
  onClose(created?: Webhook & { secret: string }): void;
}) {
  const { t } = useLocale();
  const [form] = Form.useForm();
  const { submit, busy, alert } = useApiSubmit(form);
  const save = async () => {
    const { url, description, eventTypes } = form.getFieldsValue(true) as {
      url?: string;
      description?: string;
      eventTypes?: string[];
    };
    const body = { url: url ?? '', ...(description ? { description } : {}), eventTypes: eventTypes ?? [] };
    let created: (Webhook & { secret: string }) | undefined;
    const call = async () => {
      try {
        created = await ok<Webhook & { secret: string }>(api.POST('/v1/webhooks', { body: body as never }));
      } catch (error) {
        throw onFields(error);
      }
    };
    if (await submit(call)) onClose(created);
  };
  return (
    <FormModal
      title={t('webhookRegister')}
      busy={busy}
      saveTestId="webhook-save"
      onSave={() => void save()}
      onCancel={() => onClose()}
    >
      {alert}
      <Form form={form} layout="vertical" data-testid="webhook-form">
        <Form.Item name="url" label={t('webhookUrl')} extra={t('webhookUrlHint')}>
          <Input data-testid="webhook-url" placeholder="https://erp.example.cn/park-hooks" />
        </Form.Item>
        <Form.Item name="eventTypes" label={t('webhookEvents')} extra={t('webhookEventsHint')}>
          <Select
            mode="multiple"
            allowClear
            data-testid="webhook-events"
            placeholder={t('webhookAllEvents')}
            options={events.map((e) => ({ value: e, label: `${t(`event.${e}` as MessageKey)} (${e})` }))}
          />
        </Form.Item>
        <Form.Item name="description" label={t('webhookDescription')}>
          <Input data-testid="webhook-description" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

/** The signing secret of an endpoint just registered: shown this once, with a copy button and the warning. */
export function WebhookSecret({ created, onClose }: { created: Webhook & { secret: string }; onClose(): void }) {
  const { t } = useLocale();
  return (
    <Modal
      open
      title={`${t('webhookSecretTitle')} · ${created.url}`}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} data-testid="webhook-secret-close">
          {t('webhookSecretCopied')}
        </Button>
      }
      width={640}
    >
      <Alert type="warning" showIcon message={t('webhookSecretOnce')} style={{ marginBottom: 12 }} />
      <Typography.Paragraph copyable={{ text: created.secret }} code data-testid="webhook-secret">
        {created.secret}
      </Typography.Paragraph>
    </Modal>
  );
}
