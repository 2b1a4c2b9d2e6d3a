import { Button, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ok } from '../../api/client';
import type { PersonRole } from '../../auth/session';
import { useLoad } from '../../components/load-state';
import { LoadedTable } from '../../components/loaded-table';
import { useLocale } from '../../i18n/locale';
import type { MessageKey } from '../../i18n/messages';
import { RegisterWebhook, WebhookSecret } from './webhook-register';
import { eventsOf, type Webhook } from './webhook-views';

/** An endpoint's state: active, or suspended (when, after how many failures in a row, and why). */
export function WebhookState({ hook }: { hook: Webhook }) {
  const { t, time } = useLocale();
  if (!hook.suspendedAt)
    return (
      <Tag color="green" data-testid={`webhook-state-${hook.id}`}>
        {t('webhook.active')}
        {hook.consecutiveFailures > 0 && ` · ${t('webhookFailures')} ${hook.consecutiveFailures}`}
      </Tag>
    );
  return (
    <Tooltip title={hook.suspendedReason}>
      <Tag color="red" data-testid={`webhook-state-${hook.id}`}>
        {t('webhook.suspended')} · {time(hook.suspendedAt)} · {t('webhookFailures')} {hook.consecutiveFailures}
      </Tag>
    </Tooltip>
  );
}

/** The events an endpoint receives, in words (the code in the tag's tooltip); none named: all of the role's. */
export function WebhookEvents({ hook }: { hook: Webhook }) {
  const { t } = useLocale();
  if (hook.eventTypes.length === 0) return <Tag>{t('webhookAllEvents')}</Tag>;
  return (
    <Space size={[0, 4]} wrap>
      {hook.eventTypes.map((e) => (
        <Tooltip key={e} title={e}>
          <Tag>{t(`event.${e}` as MessageKey) ?? e}</Tag>
        </Tooltip>
      ))}
    </Space>
  );
}

/**
 * The signed-in owner's webhook endpoints (a tenant-admin its tenant's, a bureau auditor its bureau's, the
 * operator-admin the operator's), and registering one: its secret is shown once, in a dialog.
 */
export function WebhooksPage({ role }: { role: PersonRole }) {
  const { t, time } = useLocale();
  const [registering, setRegistering] = useState(false);
  const [created, setCreated] = useState<Webhook & { secret: string }>();
  const hooks = useLoad(() => ok<Webhook[]>(api.GET('/v1/webhooks')), []);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="webhooks-page">
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('menu.webhooks')}
        </Typography.Title>
        <Button type="primary" onClick={() => setRegistering(true)} data-testid="webhook-register">
          {t('webhookRegister')}
        </Button>
      </Space>
      <LoadedTable<Webhook>
        loaded={hooks}
        testId="webhooks-table"
        rowKey="id"
        scrollX={960}
        columns={[
          {
            title: t('webhookUrl'),
            dataIndex: 'url',
            render: (_, h) => (
              <Link to={`/webhooks/${h.id}`} data-testid={`webhook-open-${h.id}`}>
                {h.url}
              </Link>
            ),
          },
          { title: t('webhookEvents'), key: 'events', render: (_, h) => <WebhookEvents hook={h} /> },
          { title: t('webhookState'), key: 'state', render: (_, h) => <WebhookState hook={h} /> },
          { title: t('webhookDescription'), dataIndex: 'description', ellipsis: true },
          { title: t('createdAt'), dataIndex: 'createdAt', render: (_, h) => time(h.createdAt) },
        ]}
      />
      {registering && (
        <RegisterWebhook
          events={eventsOf(role)}
          onClose={(hook) => {
            setRegistering(false);
            if (!hook) return;
            setCreated(hook);
            hooks.reload();
          }}
        />
      )}
      {created && <WebhookSecret created={created} onClose={() => setCreated(undefined)} />}
    </Space>
  );
}
