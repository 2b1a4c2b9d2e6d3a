import { ProCard, ProTable } from '@ant-design/pro-components';
import { Alert, Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { AuditEvent, AuditVerification } from '../../api/operator-views';
import { LoadState, useLoad } from '../../components/load-state';
import { useLocale } from '../../i18n/locale';

const PAGE = 100;

/**
 * The audit log: verify its hash chain, read its events page by page. The operator reads every event; a bureau
 * auditor the events of its own bureau's programmes, grants and claims (the API picks which).
 */
export function AuditPage() {
  const { t, time, errorText } = useLocale();
  const [after, setAfter] = useState<string[]>([]);
  const [verification, setVerification] = useState<AuditVerification>();
  const [failure, setFailure] = useState<string>();
  const cursor = after[after.length - 1];
  const events = useLoad(
    () =>
      ok<{ events: AuditEvent[]; next: string | null }>(
        api.GET('/v1/audit/events', {
          params: { query: { limit: PAGE, ...(cursor ? { after: cursor } : {}) } },
        } as never),
      ),
    [cursor],
  );
  const verify = async () => {
    setFailure(undefined);
    try {
      setVerification(await ok<AuditVerification>(api.GET('/v1/audit/verify', {} as never)));
    } catch (error) {
      setFailure(errorText(error));
    }
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ProCard title={t('auditVerify')} bordered>
        <Button type="primary" onClick={() => void verify()} data-testid="audit-verify">
          {t('auditVerify')}
        </Button>
        {failure && <Alert style={{ marginTop: 12 }} type="error" message={failure} />}
        {verification && (
          <Alert
            style={{ marginTop: 12 }}
            data-testid="audit-verification"
            data-ok={String(verification.ok)}
            type={verification.ok ? 'success' : 'error'}
            showIcon
            message={verification.ok ? t('auditIntact') : t('auditBroken')}
            description={<Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{verification.report}</Typography.Text>}
          />
        )}
      </ProCard>
      <ProCard title={t('auditEvents')} bordered>
        <LoadState loaded={events} isEmpty={(d) => d.events.length === 0}>
          {(page) => (
            <>
              <ProTable<AuditEvent>
                rowKey="seq"
                search={false}
                options={false}
                pagination={false}
                dataSource={page.events}
                data-testid="audit-events"
                scroll={{ x: 900 }}
                columns={[
                  { title: t('seq'), dataIndex: 'seq' },
                  { title: t('time'), dataIndex: 'at', render: (_, e) => time(e.at) },
                  { title: t('actor'), dataIndex: 'actor', render: (_, e) => `${e.actor} (${e.role})` },
                  { title: t('action'), dataIndex: 'action' },
                  { title: t('entity'), key: 'entity', render: (_, e) => `${e.entityType} ${e.entityId}` },
                ]}
              />
              <Space style={{ marginTop: 12 }}>
                <Button disabled={after.length === 0} onClick={() => setAfter(after.slice(0, -1))}>
                  ‹
                </Button>
                <Button disabled={!page.next} onClick={() => page.next && setAfter([...after, page.next])}>
                  ›
                </Button>
              </Space>
            </>
          )}
        </LoadState>
      </ProCard>
    </Space>
  );
}
