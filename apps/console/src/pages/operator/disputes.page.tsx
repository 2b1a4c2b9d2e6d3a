import { Radio, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ok } from '../../api/client';
import type { Dispute } from '../../api/views';
import { LoadState, useLoad } from '../../components/load-state';
import type { MessageKey } from '../../i18n/messages';
import { useLocale } from '../../i18n/locale';

const STATES = ['open', 'accepted', 'rejected'] as const;
const COLORS = { open: 'gold', accepted: 'green', rejected: 'red' } as const;

/** Disputes (申诉) of every tenant's statement lines, oldest first; each opens its statement to accept or reject. */
export function DisputesPage() {
  const { t, time, yuan } = useLocale();
  const [state, setState] = useState<(typeof STATES)[number]>('open');
  const disputes = useLoad(
    () => ok<Dispute[]>(api.GET('/v1/disputes', { params: { query: { state } } } as never)),
    [state],
  );
  return (
    <div data-testid="disputes-page">
      <Radio.Group value={state} onChange={(e) => setState(e.target.value)} style={{ marginBottom: 12 }}>
        {STATES.map((s) => (
          <Radio.Button key={s} value={s}>
            {t(`dispute.${s}` as MessageKey)}
          </Radio.Button>
        ))}
      </Radio.Group>
      <LoadState loaded={disputes} isEmpty={(d) => d.length === 0}>
        {(rows) => (
          <Table<Dispute>
            rowKey="id"
            pagination={{ pageSize: 50 }}
            dataSource={rows}
            data-testid="disputes-table"
            scroll={{ x: 1000 }}
            columns={[
              { title: t('time'), dataIndex: 'createdAt', render: (_, d) => time(d.createdAt) },
              { title: t('tenant'), dataIndex: 'tenantId' },
              {
                title: t('statement'),
                dataIndex: 'periodId',
                render: (_, d) => <Link to={`/tenants/${d.tenantId}/statements/${d.periodId}`}>{d.periodId}</Link>,
              },
              {
                title: t('amount'),
                dataIndex: 'requestedAmount',
                align: 'right',
                render: (_, d) => yuan(d.requestedAmount),
              },
              { title: t('reason'), dataIndex: 'reason', ellipsis: true },
              {
                title: t('status'),
                dataIndex: 'state',
                render: (_, d) => <Tag color={COLORS[d.state]}>{t(`dispute.${d.state}` as MessageKey)}</Tag>,
              },
              {
                title: t('dispute.credit'),
                dataIndex: 'tenantCredit',
                align: 'right',
                render: (_, d) => yuan(d.tenantCredit),
              },
            ]}
          />
        )}
      </LoadState>
    </div>
  );
}
