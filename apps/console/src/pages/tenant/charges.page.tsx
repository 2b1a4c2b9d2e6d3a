import { Table, Tag } from 'antd';
import { useParams } from 'react-router-dom';
import { api, ok } from '../../api/client';
import type { TenantCharge } from '../../api/operator-views';
import { LoadState, useLoad } from '../../components/load-state';
import { useLocale } from '../../i18n/locale';

/** Amounts billed back to the tenant (rejected claim amounts, clawbacks); pending ones go on its next statement. */
export function ChargesPage() {
  const { tenantId = '' } = useParams();
  const { t, time, yuan, term } = useLocale();
  const charges = useLoad(
    () => ok<TenantCharge[]>(api.GET('/v1/tenants/{tenantId}/charges', { params: { path: { tenantId } } })),
    [tenantId],
  );
  return (
    <div data-testid="charges-page">
      <LoadState loaded={charges} isEmpty={(d) => d.length === 0}>
        {(rows) => (
          <Table<TenantCharge>
            rowKey="id"
            pagination={false}
            dataSource={rows}
            data-testid="charges-table"
            scroll={{ x: 900 }}
            columns={[
              { title: t('time'), dataIndex: 'createdAt', render: (_, c) => time(c.createdAt) },
              { title: t('chargeSource'), dataIndex: 'kind', render: (_, c) => term('charge', c.kind) },
              { title: t('programme'), dataIndex: 'programmeId' },
              { title: t('amount'), dataIndex: 'amount', align: 'right', render: (_, c) => yuan(c.amount) },
              { title: t('reason'), dataIndex: 'reason', ellipsis: true },
              {
                title: t('chargeBilledOn'),
                dataIndex: 'status',
                render: (_, c) =>
                  c.status === 'billed' ? time(c.billedAt) : <Tag color="orange">{t('pendingNext')}</Tag>,
              },
            ]}
          />
        )}
      </LoadState>
    </div>
  );
}
