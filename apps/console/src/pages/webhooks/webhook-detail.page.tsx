import { ProCard } from '@ant-design/pro-components';
import { Alert, Button, Descriptions, Popconfirm, Space, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ok } from '../../api/client';
import { LoadState, useLoad } from '../../components/load-state';
import { LoadedTable } from '../../components/loaded-table';
import { useLocale } from '../../i18n/locale';
import type { MessageKey } from '../../i18n/messages';
import type { Webhook, WebhookDelivery } from './webhook-views';
import { WebhookEvents, WebhookState } from './webhooks.page';

const STATUS_COLOR: Record<string, string> = { delivered: 'green', failed: 'red', pending: 'blue' };

/** One endpoint: its state (Resume when suspended), Delete behind a confirmation, and its deliveries. */
export function WebhookDetailPage() {
  const { t, time, errorText } = useLocale();
  const navigate = useNavigate();
  const webhookId = useParams().webhookId ?? '';
  const [failure, setFailure] = useState<string>();
  const [resumed, setResumed] = useState<number>();
  const path = { params: { path: { webhookId } } };
  const hook = useLoad(() => ok<Webhook>(api.GET('/v1/webhooks/{webhookId}', path)), [webhookId]);
  const deliveries = useLoad(
    () => ok<WebhookDelivery[]>(api.GET('/v1/webhooks/{webhookId}/deliveries', path)),
    [webhookId],
  );
  const act = async (call: () => Promise<void>) => {
    setFailure(undefined);
    try {
      await call();
    } catch (error) {
      setFailure(errorText(error));
    }
  };
  const resume = () =>
    act(async () => {
      const answer = await ok<{ parkedDeliveries: number }>(api.POST('/v1/webhooks/{webhookId}/resume', path));
      setResumed(answer.parkedDeliveries);
      hook.reload();
      deliveries.reload();
    });
  const remove = () =>
    act(async () => {
      await ok(api.DELETE('/v1/webhooks/{webhookId}', path));
      navigate('/webhooks');
    });
  const actions = (h: Webhook) => (
    <Space>
      {h.suspendedAt && (
        <Button type="primary" onClick={() => void resume()} data-testid="webhook-resume">
          {t('webhookResume')}
        </Button>
      )}
      <Popconfirm title={t('webhookDeleteConfirm')} onConfirm={() => remove()}>
        <Button danger data-testid="webhook-delete">
          {t('webhookDelete')}
        </Button>
      </Popconfirm>
    </Space>
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Button onClick={() => navigate('/webhooks')}>{t('back')}</Button>
      {failure && <Alert type="error" showIcon message={failure} data-testid="webhook-error" />}
      {resumed !== undefined && <Alert type="success" showIcon message={`${t('webhookResumed')} ${resumed}`} />}
      <LoadState loaded={hook}>
        {(h) => (
          <ProCard title={h.url} bordered extra={actions(h)} data-testid="webhook-detail">
            {h.suspendedAt && (
              <Alert type="warning" showIcon message={t('webhookSuspendedHint')} style={{ marginBottom: 12 }} />
            )}
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label="ID">{h.id}</Descriptions.Item>
              <Descriptions.Item label={t('createdAt')}>{time(h.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('webhookState')}>
                <WebhookState hook={h} />
              </Descriptions.Item>
              <Descriptions.Item label={t('webhookFailures')}>{h.consecutiveFailures}</Descriptions.Item>
              {h.suspendedAt && (
                <Descriptions.Item label={t('webhookSuspendedReason')} span={2}>
                  {h.suspendedReason}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('webhookEvents')} span={2}>
                <WebhookEvents hook={h} />
              </Descriptions.Item>
              {h.description && (
                <Descriptions.Item label={t('webhookDescription')} span={2}>
                  {h.description}
                </Descriptions.Item>
              )}
            </Descriptions>
          </ProCard>
        )}
      </LoadState>
      <ProCard title={t('webhookDeliveries')} bordered>
        <LoadedTable<WebhookDelivery>
          loaded={deliveries}
          testId="webhook-deliveries"
          rowKey="id"
          scrollX={1100}
          pageSize={20}
          columns={[
            {
              title: t('webhookEvent'),
              dataIndex: 'eventType',
              render: (_, d) => (
                <Tooltip title={d.eventId}>{t(`event.${d.eventType}` as MessageKey) ?? d.eventType}</Tooltip>
              ),
            },
            {
              title: t('status'),
              dataIndex: 'status',
              render: (_, d) => (
                <Space size={4}>
                  <Tag color={STATUS_COLOR[d.status]}>{t(`delivery.${d.status}` as MessageKey) ?? d.status}</Tag>
                  {d.parkedAt && <Tag color="orange">{t('webhookParked')}</Tag>}
                </Space>
              ),
            },
            { title: t('webhookAttempts'), dataIndex: 'attemptCount', align: 'right' },
            {
              title: t('webhookLastStatus'),
              key: 'last',
              ellipsis: true,
              render: (_, d) => [d.lastStatus, d.lastError].filter((x) => x !== null).join(' · ') || '—',
            },
            { title: t('time'), dataIndex: 'lastAttemptAt', render: (_, d) => time(d.lastAttemptAt) },
            { title: t('webhookNextAttempt'), dataIndex: 'nextAttemptAt', render: (_, d) => time(d.nextAttemptAt) },
            { title: t('webhookDeliveredAt'), dataIndex: 'deliveredAt', render: (_, d) => time(d.deliveredAt) },
            { title: t('createdAt'), dataIndex: 'createdAt', render: (_, d) => time(d.createdAt) },
          ]}
        />
      </ProCard>
    </Space>
  );
}
