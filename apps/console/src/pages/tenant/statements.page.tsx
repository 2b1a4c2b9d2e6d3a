import { ProTable } from '@ant-design/pro-components';
import { Tag } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { api, ok } from '../../api/client';
import type { StatementSummary } from '../../api/views';
import { LoadState, useLoad } from '../../components/load-state';
import { useLocale } from '../../i18n/locale';

/** The tenant's issued statements (结算单), newest first. */
export function StatementsPage() {
  const { tenantId = '' } = useParams();
  const { t, yuan, time, status } = useLocale();
  const list = useLoad(
    () => ok<StatementSummary[]>(api.GET('/v1/tenants/{tenantId}/statements', { params: { path: { tenantId } } })),
    [tenantId],
  );
  return (
    <LoadState loaded={list} isEmpty={(d) => d.length === 0}>
      {(rows) => (
        <ProTable<StatementSummary>
          rowKey="id"
          search={false}
          options={false}
          pagination={{ pageSize: 12 }}
          dataSource={[...rows].sort((a, b) => (a.periodId < b.periodId ? 1 : -1))}
          data-testid="statements-table"
          scroll={{ x: 900 }}
          columns={[
            {
              title: t('number'),
              dataIndex: 'number',
              render: (_, s) => <Link to={`/tenants/${tenantId}/statements/${s.periodId}`}>{s.number}</Link>,
            },
            { title: t('period'), dataIndex: 'periodId' },
            { title: t('gross'), dataIndex: 'gross', align: 'right', render: (_, s) => yuan(s.gross) },
            { title: t('deductions'), dataIndex: 'deductions', align: 'right', render: (_, s) => yuan(s.deductions) },
            {
              title: t('netPayable'),
              dataIndex: 'netPayable',
              align: 'right',
              render: (_, s) => <b>{yuan(s.netPayable)}</b>,
            },
            { title: t('status'), dataIndex: 'status', render: (_, s) => <Tag>{status(s.status)}</Tag> },
            { title: t('issuedAt'), dataIndex: 'issuedAt', render: (_, s) => time(s.issuedAt) },
          ]}
        />
      )}
    </LoadState>
  );
}
