import { Card, Select, Table, Typography } from 'antd';
import { Suspense, lazy, useState } from 'react';
import { api, ok } from '../../api/client';
import type { SpendMonth } from '../../api/views';
import { LoadState, useLoad } from '../../components/load-state';
import { periodOf, recentPeriods } from '../../format/time';
import { useLocale } from '../../i18n/locale';

const SeriesChart = lazy(() => import('../../components/series-chart').then((m) => ({ default: m.SeriesChart })));

const BARS = ['granted', 'redeemed', 'claimed', 'approved'] as const;

/** One programme's twelve months: granted, redeemed, claimed, approved (bars) and the pool left (a line). */
export function SpendByMonth() {
  const { t, yuan } = useLocale();
  const programmes = useLoad(() => ok<{ id: string; name: string }[]>(api.GET('/v1/programmes')), []);
  const [chosen, setChosen] = useState<string>();
  const programmeId = chosen ?? programmes.data?.[0]?.id;
  const to = periodOf(new Date());
  const from = recentPeriods(to, 12).at(-1) ?? to;
  const spend = useLoad(
    async () =>
      programmeId
        ? (
            await ok<{ months: SpendMonth[] }>(
              api.GET('/v1/programmes/{id}/spend', { params: { path: { id: programmeId }, query: { from, to } } }),
            )
          ).months
        : [],
    [programmeId, from, to],
  );
  return (
    <Card
      title={t('spendByMonth')}
      data-testid="spend-by-month"
      extra={
        <Select
          data-testid="spend-programme"
          style={{ minWidth: 220 }}
          value={programmeId}
          onChange={setChosen}
          options={(programmes.data ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.id})` }))}
        />
      }
    >
      <Typography.Paragraph type="secondary" data-testid="spend-month-note">
        {t('spendByMonthNote')}
      </Typography.Paragraph>
      <LoadState loaded={spend} isEmpty={(months) => months.length === 0}>
        {(months) => {
          const series = [
            ...BARS.map((f) => ({ name: t(f), kind: 'bar' as const, amounts: months.map((m) => m[f]) })),
            ...(months.some((m) => m.poolLeft !== null)
              ? [{ name: t('poolLeft'), kind: 'line' as const, amounts: months.map((m) => m.poolLeft ?? '0') }]
              : []),
          ];
          return (
            <>
              <Suspense fallback={<div style={{ height: 280 }} />}>
                <SeriesChart testId="spend-month-chart" categories={months.map((m) => m.month)} series={series} />
              </Suspense>
              <Table<SpendMonth>
                rowKey="month"
                size="small"
                pagination={false}
                data-testid="spend-month-table"
                dataSource={months}
                scroll={{ x: 720 }}
                columns={[
                  { title: t('month'), dataIndex: 'month' },
                  ...[...BARS, 'poolLeft' as const].map((f) => ({
                    title: t(f),
                    dataIndex: f,
                    align: 'right' as const,
                    render: (v: string | null) => yuan(v),
                  })),
                ]}
              />
            </>
          );
        }}
      </LoadState>
    </Card>
  );
}
