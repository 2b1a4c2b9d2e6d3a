import { ProTable } from '@ant-design/pro-components';
import { Tag } from 'antd';
import { Link } from 'react-router-dom';
import { api, ok } from '../../api/client';
import type { ClaimSummary } from '../../api/views';
import { LoadState, useLoad } from '../../components/load-state';
import { useLocale } from '../../i18n/locale';

export const CLAIM_COLORS: Record<string, string> = {
  draft: 'default',
  submitted: 'blue',
  under_review: 'orange',
  approved: 'green',
  partly_approved: 'gold',
  rejected: 'red',
  paid: 'green',
};

/** Reimbursement claims (兑付申请): the operator's all, a bureau auditor's its own bureau's (the API filters). */
export function ClaimsPage() {
  const { t, yuan, time, status } = useLocale();
  const claims = useLoad(() => ok<ClaimSummary[]>(api.GET('/v1/claims')), []);
  return (
    <LoadState loaded={claims} isEmpty={(d) => d.length === 0}>
      {(rows) => (
        <ProTable<ClaimSummary>
          rowKey="id"
          search={false}
          options={false}
          pagination={{ pageSize: 20 }}
          dataSource={rows}
          data-testid="claims-table"
          scroll={{ x: 1000 }}
          columns={[
            {
              title: t('programme'),
              dataIndex: 'programmeId',
              render: (_, c) => <Link to={`/claims/${c.id}`}>{c.programmeId}</Link>,
            },
            { title: t('bureau'), dataIndex: 'bureauId' },
            { title: t('cycle'), dataIndex: 'cycle' },
            {
              title: t('status'),
              dataIndex: 'status',
              render: (_, c) => <Tag color={CLAIM_COLORS[c.status]}>{status(c.status)}</Tag>,
            },
            { title: t('total'), dataIndex: 'total', align: 'right', render: (_, c) => yuan(c.total) },
            {
              title: t('approved'),
              dataIndex: 'approvedAmount',
              align: 'right',
              render: (_, c) => yuan(c.approvedAmount),
            },
            { title: t('lines'), dataIndex: 'lines', align: 'right' },
            { title: t('time'), dataIndex: 'createdAt', render: (_, c) => time(c.createdAt) },
          ]}
        />
      )}
    </LoadState>
  );
}
