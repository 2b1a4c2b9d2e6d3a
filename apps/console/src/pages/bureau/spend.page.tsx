import { ProCard, ProTable } from '@ant-design/pro-components';
import { Space } from 'antd';
import { api, ok } from '../../api/client';
import type { ClaimSummary } from '../../api/views';
import { AmountBarChart } from '../../components/amount-bar-chart';
import { LoadState, useLoad } from '../../components/load-state';
import { sumBy } from '../../format/sum';
import { useLocale } from '../../i18n/locale';
import { SpendByMonth } from './spend-by-month';

interface ProgrammeSpend {
  programmeId: string;
  total: string;
  approvedAmount: string;
  rejectedAmount: string;
}

/** The auditor's programmes: what the park has claimed from each, and what the bureau approved or rejected. */
export function SpendPage() {
  const { t, yuan } = useLocale();
  const spend = useLoad(async () => {
    const claims = await ok<ClaimSummary[]>(api.GET('/v1/claims'));
    const rows = claims.map((c) => ({
      ...c,
      approvedAmount: c.approvedAmount ?? '0',
      rejectedAmount: c.rejectedAmount ?? '0',
    }));
    const byProgramme = sumBy(rows, (c) => c.programmeId, ['total', 'approvedAmount', 'rejectedAmount']);
    return [...byProgramme].map(([programmeId, sums]): ProgrammeSpend => ({ programmeId, ...sums }));
  }, []);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <SpendByMonth />
      <LoadState loaded={spend} isEmpty={(d) => d.length === 0}>
        {(rows) => (
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <ProCard title={t('claimed')} bordered>
              <AmountBarChart
                testId="spend-chart"
                rows={rows.map((r) => ({ label: r.programmeId, amount: r.total }))}
              />
            </ProCard>
            <ProTable<ProgrammeSpend>
              rowKey="programmeId"
              search={false}
              options={false}
              pagination={false}
              dataSource={rows}
              data-testid="spend-table"
              columns={[
                { title: t('programme'), dataIndex: 'programmeId' },
                { title: t('claimed'), dataIndex: 'total', align: 'right', render: (_, r) => yuan(r.total) },
                {
                  title: t('approved'),
                  dataIndex: 'approvedAmount',
                  align: 'right',
                  render: (_, r) => yuan(r.approvedAmount),
                },
                {
                  title: t('rejected'),
                  dataIndex: 'rejectedAmount',
                  align: 'right',
                  render: (_, r) => yuan(r.rejectedAmount),
                },
              ]}
            />
          </Space>
        )}
      </LoadState>
    </Space>
  );
}
