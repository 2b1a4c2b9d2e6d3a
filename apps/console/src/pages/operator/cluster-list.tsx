import { ProTable } from '@ant-design/pro-components';
import { Button, Tag } from 'antd';
import { api, ok } from '../../api/client';
import type { ClusterSummary } from '../../api/operator-views';
import { LoadState, useLoad } from '../../components/load-state';
import { useLocale } from '../../i18n/locale';

/**
 * Every cluster: status, bound tenants, agent keys with their dates, and when its agent last pushed (to the minute:
 * the gateways write it at most once a minute); a row opens the cluster below.
 */
export function ClusterList({ onOpen, reloadKey }: { onOpen: (clusterId: string) => void; reloadKey: number }) {
  const { t, time } = useLocale();
  const clusters = useLoad(() => ok<ClusterSummary[]>(api.GET('/v1/clusters')), [reloadKey]);
  return (
    <LoadState loaded={clusters} isEmpty={(rows) => rows.length === 0}>
      {(rows) => (
        <ProTable<ClusterSummary>
          headerTitle={t('clusterList')}
          rowKey="id"
          search={false}
          options={false}
          pagination={false}
          dataSource={rows}
          data-testid="clusters-table"
          scroll={{ x: 1000 }}
          columns={[
            {
              title: t('clusterId'),
              dataIndex: 'id',
              render: (_, c) => (
                <Button type="link" size="small" data-testid={`cluster-row-${c.id}`} onClick={() => onOpen(c.id)}>
                  {c.id}
                </Button>
              ),
            },
            { title: t('name'), dataIndex: 'name' },
            {
              title: t('clusterStatus'),
              dataIndex: 'status',
              render: (_, c) => (
                <Tag color={c.status === 'active' ? 'green' : 'default'}>{t(`clusterStatus.${c.status}`)}</Tag>
              ),
            },
            {
              title: t('clusterTenants'),
              dataIndex: 'tenants',
              render: (_, c) => c.tenants.map((id) => <Tag key={id}>{id}</Tag>),
            },
            {
              title: t('clusterKeys'),
              dataIndex: 'keys',
              render: (_, c) =>
                c.keys.map((k) => (
                  <div key={k.keyId}>
                    {k.keyId} · {time(k.createdAt)}
                    {k.retiredAt ? ` → ${time(k.retiredAt)}` : ''}
                  </div>
                )),
            },
            {
              title: t('lastPush'),
              dataIndex: 'lastPushAt',
              render: (_, c) => (
                <span data-testid={`cluster-last-push-${c.id}`}>
                  {c.lastPushAt ? time(c.lastPushAt) : t('lastPushNever')}
                </span>
              ),
            },
          ]}
        />
      )}
    </LoadState>
  );
}
