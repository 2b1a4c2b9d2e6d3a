import { ProCard, ProTable } from '@ant-design/pro-components';
import { Alert, Button, Progress, Select, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api, ok } from '../../api/client';
import type { Period } from '../../api/views';
import { LoadState, useLoad } from '../../components/load-state';
import { periodOf, recentPeriods } from '../../format/time';
import { useLocale } from '../../i18n/locale';
import { BulkInvoiceExport } from './bulk-invoice-export';

const POLL_MS = 1000;

/** Billing periods and the close: start it, then watch statements being issued until the period is closed. */
export function PeriodsPage() {
  const { t, time, status, errorText } = useLocale();
  const periods = useLoad(() => ok<Period[]>(api.GET('/v1/periods')), []);
  const past = recentPeriods(periodOf(new Date()), 13).slice(1);
  const [chosen, setChosen] = useState(past[0]);
  const [watching, setWatching] = useState<Period>();
  const [failure, setFailure] = useState<string>();

  // poll the period being closed until every tenant's statement is issued
  useEffect(() => {
    if (!watching || watching.status === 'closed') return;
    const timer = setTimeout(() => {
      ok<Period>(api.GET('/v1/periods/{periodId}', { params: { path: { periodId: watching.id } } })).then(
        (p) => {
          setWatching(p);
          if (p.status === 'closed') periods.reload();
        },
        (error: Error) => setFailure(errorText(error)),
      );
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [watching]);

  const start = async () => {
    setFailure(undefined);
    try {
      setWatching(
        await ok<Period>(
          api.POST('/v1/periods/{periodId}/close', { params: { path: { periodId: chosen } }, body: {} }),
        ),
      );
    } catch (error) {
      setFailure(errorText(error));
    }
  };
  const percent = (p: Period) => (p.tenantCount === 0 ? 100 : Math.floor((p.issuedCount * 100) / p.tenantCount));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ProCard title={t('closePeriod')} bordered data-testid="close-card">
        <Space wrap>
          <Select
            data-testid="close-period"
            value={chosen}
            onChange={setChosen}
            style={{ width: 140 }}
            options={past.map((p) => ({ value: p, label: p }))}
          />
          <Button
            type="primary"
            onClick={() => void start()}
            data-testid="close-start"
            disabled={watching?.status === 'closing'}
          >
            {t('closeStart')}
          </Button>
        </Space>
        {failure && <Alert style={{ marginTop: 12 }} type="error" message={failure} data-testid="close-error" />}
        {watching && (
          <div style={{ marginTop: 12 }} data-testid="close-progress" data-status={watching.status}>
            {t('closeProgress')} {watching.id}: {watching.issuedCount} / {watching.tenantCount} ·{' '}
            <Tag>{status(watching.status)}</Tag>
            <Progress percent={percent(watching)} status={watching.status === 'closed' ? 'success' : 'active'} />
          </div>
        )}
      </ProCard>
      <BulkInvoiceExport periods={past} />
      <LoadState loaded={periods} isEmpty={(d) => d.length === 0}>
        {(rows) => (
          <ProTable<Period>
            rowKey="id"
            search={false}
            options={false}
            pagination={false}
            dataSource={[...rows].sort((a, b) => (a.id < b.id ? 1 : -1))}
            data-testid="periods-table"
            scroll={{ x: 800 }}
            columns={[
              { title: t('period'), dataIndex: 'id' },
              {
                title: t('status'),
                dataIndex: 'status',
                render: (_, p) => <Tag color={p.status === 'closed' ? 'green' : 'blue'}>{status(p.status)}</Tag>,
              },
              {
                title: t('closeProgress'),
                key: 'progress',
                render: (_, p) => (
                  <Progress percent={percent(p)} size="small" format={() => `${p.issuedCount}/${p.tenantCount}`} />
                ),
              },
              {
                title: t('closingStartedAt'),
                dataIndex: 'closingStartedAt',
                render: (_, p) => time(p.closingStartedAt),
              },
              { title: t('closedAt'), dataIndex: 'closedAt', render: (_, p) => time(p.closedAt) },
            ]}
          />
        )}
      </LoadState>
    </Space>
  );
}
