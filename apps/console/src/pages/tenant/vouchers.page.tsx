import { ProTable } from '@ant-design/pro-components';
import { Table, Tag } from 'antd';
import { useParams } from 'react-router-dom';
import { api, ok } from '../../api/client';
import type { Grant, LedgerEntry } from '../../api/views';
import { LoadState, useLoad } from '../../components/load-state';
import { useLocale } from '../../i18n/locale';

/** The tenant's vouchers: balance, validity, status, and each one's ledger (what it paid for). */
export function VouchersPage() {
  const { tenantId = '' } = useParams();
  const { t, yuan, status } = useLocale();
  const grants = useLoad(
    () => ok<Grant[]>(api.GET('/v1/tenants/{tenantId}/grants', { params: { path: { tenantId } } })),
    [tenantId],
  );
  return (
    <LoadState loaded={grants} isEmpty={(d) => d.length === 0}>
      {(rows) => (
        <ProTable<Grant>
          rowKey="id"
          search={false}
          options={false}
          pagination={false}
          dataSource={rows}
          data-testid="vouchers-table"
          scroll={{ x: 900 }}
          expandable={{ expandedRowRender: (g) => <Ledger tenantId={tenantId} grantId={g.id} /> }}
          columns={[
            { title: t('grant'), dataIndex: 'id' },
            { title: t('programme'), dataIndex: 'programmeId' },
            { title: t('faceValue'), dataIndex: 'faceValue', align: 'right', render: (_, g) => yuan(g.faceValue) },
            { title: t('balance'), dataIndex: 'balance', align: 'right', render: (_, g) => <b>{yuan(g.balance)}</b> },
            { title: t('validity'), key: 'validity', render: (_, g) => `${g.validFrom} — ${g.validTo}` },
            {
              title: t('status'),
              dataIndex: 'status',
              render: (_, g) => <Tag color={g.status === 'active' ? 'green' : 'default'}>{status(g.status)}</Tag>,
            },
          ]}
        />
      )}
    </LoadState>
  );
}

function Ledger({ tenantId, grantId }: { tenantId: string; grantId: string }) {
  const { t, yuan, time, term } = useLocale();
  const entries = useLoad(
    () =>
      ok<LedgerEntry[]>(
        api.GET('/v1/tenants/{tenantId}/grants/{grantId}/ledger', { params: { path: { tenantId, grantId } } }),
      ),
    [tenantId, grantId],
  );
  return (
    <LoadState loaded={entries} isEmpty={(d) => d.length === 0}>
      {(rows) => (
        <Table<LedgerEntry>
          size="small"
          rowKey="transactionId"
          pagination={false}
          dataSource={rows}
          title={() => t('ledger')}
          columns={[
            { title: t('time'), dataIndex: 'createdAt', render: (v: string) => time(v) },
            { title: t('kind'), dataIndex: 'kind', render: (v: string) => term('ledger', v) },
            { title: t('memo'), dataIndex: 'memo' },
            { title: t('amount'), dataIndex: 'amount', align: 'right', render: (v: string) => yuan(v) },
          ]}
        />
      )}
    </LoadState>
  );
}
