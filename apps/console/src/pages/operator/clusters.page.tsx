import { ProCard, ProTable } from '@ant-design/pro-components';
import { Alert, Button, Input, Modal, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, ok } from '../../api/client';
import type { AgentKey, ClusterView } from '../../api/operator-views';
import { LoadState, useLoad } from '../../components/load-state';
import { useLocale } from '../../i18n/locale';
import { ClusterList } from './cluster-list';

/**
 * Every cluster (the list), and one cluster's bound tenants and agent keys: issue a key (its private half shown
 * once, never again), retire one. A row of the list, or an id typed in, opens a cluster (?cluster=…).
 */
export function ClustersPage() {
  const { t, time, errorText } = useLocale();
  const [search, setSearch] = useSearchParams();
  const clusterId = search.get('cluster') ?? '';
  const [typed, setTyped] = useState(clusterId);
  const [privateKey, setPrivateKey] = useState<{ keyId: string; pem: string }>();
  const [failure, setFailure] = useState<string>();
  const [listRound, setListRound] = useState(0);
  const cluster = useLoad(
    async () =>
      clusterId
        ? ok<ClusterView>(api.GET('/v1/clusters/{clusterId}' as never, { params: { path: { clusterId } } } as never))
        : null,
    [clusterId],
  );
  const act = async (call: () => Promise<unknown>) => {
    setFailure(undefined);
    try {
      await call();
      cluster.reload();
      setListRound((r) => r + 1);
    } catch (error) {
      setFailure(errorText(error));
    }
  };
  const issue = () =>
    act(async () => {
      const key = await ok<AgentKey & { privateKeyPem: string }>(
        api.POST('/v1/clusters/{clusterId}/keys' as never, { params: { path: { clusterId } }, body: {} } as never),
      );
      setPrivateKey({ keyId: key.keyId, pem: key.privateKeyPem });
    });
  const retire = (keyId: string) =>
    act(() =>
      ok(
        api.POST(
          '/v1/clusters/{clusterId}/keys/{keyId}/retire' as never,
          { params: { path: { clusterId, keyId } } } as never,
        ),
      ),
    );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ClusterList
        reloadKey={listRound}
        onOpen={(id) => {
          setTyped(id);
          setSearch({ cluster: id });
        }}
      />
      <Space.Compact style={{ maxWidth: 480 }}>
        <Input
          data-testid="cluster-id"
          placeholder={t('clusterId')}
          value={typed}
          onChange={(e) => setTyped(e.target.value.trim())}
          onPressEnter={() => setSearch({ cluster: typed })}
        />
        <Button type="primary" data-testid="cluster-open" onClick={() => setSearch({ cluster: typed })}>
          {t('clusterOpen')}
        </Button>
      </Space.Compact>
      {failure && <Alert type="error" showIcon message={failure} data-testid="cluster-error" />}
      <LoadState loaded={cluster} isEmpty={(c) => c === null}>
        {(c) =>
          c && (
            <ProCard
              title={`${c.name} (${c.id})`}
              bordered
              extra={
                <Button type="primary" data-testid="key-issue" onClick={() => void issue()}>
                  {t('keyIssue')}
                </Button>
              }
            >
              <div style={{ marginBottom: 12 }}>
                {t('clusterTenants')}:{' '}
                {c.tenants.map((id) => (
                  <Tag key={id}>{id}</Tag>
                ))}
              </div>
              <ProTable<AgentKey>
                rowKey="keyId"
                search={false}
                options={false}
                pagination={false}
                dataSource={c.keys}
                data-testid="keys-table"
                scroll={{ x: 900 }}
                columns={[
                  { title: t('keyId'), dataIndex: 'keyId' },
                  { title: t('fingerprint'), dataIndex: 'fingerprint', ellipsis: true },
                  { title: t('createdAt'), dataIndex: 'createdAt', render: (_, k) => time(k.createdAt) },
                  { title: t('retiredAt'), dataIndex: 'retiredAt', render: (_, k) => time(k.retiredAt) },
                  {
                    title: '',
                    key: 'retire',
                    render: (_, k) =>
                      !k.retiredAt && (
                        <Popconfirm title={t('keyRetireConfirm')} onConfirm={() => retire(k.keyId)}>
                          <Button danger size="small" data-testid={`key-retire-${k.keyId}`}>
                            {t('keyRetire')}
                          </Button>
                        </Popconfirm>
                      ),
                  },
                ]}
              />
            </ProCard>
          )
        }
      </LoadState>
      <Modal
        open={privateKey !== undefined}
        title={privateKey?.keyId}
        onOk={() => setPrivateKey(undefined)}
        onCancel={() => setPrivateKey(undefined)}
        cancelButtonProps={{ style: { display: 'none' } }}
        width={640}
      >
        <Alert type="warning" showIcon message={t('privateKeyOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable code data-testid="private-key">
          <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{privateKey?.pem}</pre>
        </Typography.Paragraph>
      </Modal>
    </Space>
  );
}
