import { Card, Table } from 'antd';
import { Suspense, lazy } from 'react';
import { api, ok } from '../../api/client';
import type { DailyUsage, UsageDay } from '../../api/views';
import { LoadState, useLoad } from '../../components/load-state';
import { formatDecimal } from '../../format/money';
import { useLocale } from '../../i18n/locale';

// the chart is below the fold: its chunk (ECharts' line, legend) is fetched once the figures are on screen
const SeriesChart = lazy(() => import('../../components/series-chart').then((m) => ({ default: m.SeriesChart })));

/** The period's cost per day (Asia/Shanghai) stacked by SKU, and each day's quantities; month to date. */
export function DailyTrend({ tenantId, period }: { tenantId: string; period: string }) {
  const { t, yuan } = useLocale();
  const loaded = useLoad(
    () =>
      ok<DailyUsage>(
        api.GET('/v1/tenants/{tenantId}/usage/daily', { params: { path: { tenantId }, query: { period } } }),
      ),
    [tenantId, period],
  );
  return (
    <Card title={t('dailyTrend')} data-testid="daily-trend">
      <LoadState loaded={loaded} isEmpty={(d) => d.days.every((day) => day.skus.length === 0)}>
        {({ days }) => {
          const skus = [...new Set(days.flatMap((d) => d.skus.map((s) => s.sku)))].sort();
          const series = skus.map((sku) => ({
            name: sku,
            kind: 'bar' as const,
            stack: 'cost',
            amounts: days.map((d) => d.skus.find((s) => s.sku === sku)?.amount ?? '0'),
          }));
          return (
            <>
              <Suspense fallback={<div style={{ height: 280 }} />}>
                <SeriesChart testId="daily-chart" categories={days.map((d) => d.day.slice(5))} series={series} />
              </Suspense>
              <Table<UsageDay>
                rowKey="day"
                size="small"
                pagination={false}
                data-testid="daily-table"
                dataSource={days.filter((d) => d.skus.length > 0)}
                columns={[
                  { title: t('day'), dataIndex: 'day', width: 120 },
                  {
                    title: t('amount'),
                    dataIndex: 'amount',
                    align: 'right',
                    width: 160,
                    render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{yuan(v)}</span>,
                  },
                  {
                    title: t('dailyQuantities'),
                    key: 'skus',
                    render: (_: unknown, d: UsageDay) =>
                      d.skus.map((s) => `${s.sku} ${formatDecimal(s.quantity, 2)} ${s.billingUnit ?? ''}`).join('；'),
                  },
                ]}
              />
            </>
          );
        }}
      </LoadState>
    </Card>
  );
}
