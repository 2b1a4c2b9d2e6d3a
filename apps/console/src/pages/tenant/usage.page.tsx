import { Card, Col, Row, Select, Space, Statistic, Table, Tag } from 'antd';
import { Suspense, lazy } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { LoadState, useLoad } from '../../components/load-state';
import { WhenVisible } from '../../components/when-visible';
import { XlsxDownload } from '../../components/xlsx-download';
import { formatDecimal } from '../../format/money';
import { periodOf, recentPeriods } from '../../format/time';
import { useLocale } from '../../i18n/locale';
import { DailyTrend } from './daily-trend';
import { dashboardData, type SkuRow } from './usage-data';

// the chart (ECharts) arrives in a chunk of its own, after the figures and the table
// fetched as soon as this page is, not once the figures have arrived
const chart = import('../../components/amount-bar-chart');
const AmountBarChart = lazy(() => chart.then((m) => ({ default: m.AmountBarChart })));

/**
 * The tenant's first screen. antd's own Card and Table here, not ProComponents: this screen's JavaScript has a
 * budget (≤ 500 kB gzipped, measured by test/browser).
 *
 * A tenant's usage and cost by SKU in a period (month to date for the current one), from the draft statement. */
export function UsagePage() {
  const { tenantId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const { t, yuan, term } = useLocale();
  const current = periodOf(new Date());
  const period = search.get('period') ?? current;
  // started by app.tsx already when the console opened on this screen (its requests do not wait for this chunk)
  const loaded = useLoad(() => dashboardData(tenantId, period), [tenantId, period]);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="usage-page">
      <Card size="small">
        <Space wrap>
          <span>{t('period')}</span>
          <Select
            data-testid="period-select"
            value={period}
            style={{ width: 140 }}
            onChange={(p) => setSearch({ period: p })}
            options={recentPeriods(current, 12).map((p) => ({ value: p, label: p }))}
          />
          {loaded.data && (
            <Tag color={loaded.data.issued ? 'green' : 'orange'} data-testid="bill-kind">
              {loaded.data.issued ? t('status.issued') : t('draft')}
            </Tag>
          )}
          <XlsxDownload
            key={period}
            path={`/v1/tenants/${encodeURIComponent(tenantId)}/usage.xlsx?period=${encodeURIComponent(period)}`}
            label={t('downloadUsageXlsx')}
            testId="download-usage-xlsx"
          />
        </Space>
      </Card>
      <LoadState loaded={loaded} isEmpty={(d) => d.rows.length === 0}>
        {({ rows, jobs, totals }) => (
          <>
            <Row gutter={[16, 16]}>
              <Col xs={24} md={8}>
                <Card>
                  <Statistic title={t('gross')} value={yuan(totals.gross)} />
                </Card>
              </Col>
              <Col xs={24} md={8}>
                <Card>
                  <Statistic title={t('deductions')} value={yuan(totals.deductions)} />
                </Card>
              </Col>
              <Col xs={24} md={8}>
                <Card>
                  <Statistic title={t('netPayable')} value={yuan(totals.netPayable)} data-testid="usage-net" />
                </Card>
              </Col>
            </Row>
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={14}>
                <Card title={t('costBySku')}>
                  <Suspense fallback={<div style={{ height: 160 }} />}>
                    <AmountBarChart testId="cost-chart" rows={rows.map((r) => ({ label: r.sku, amount: r.amount }))} />
                  </Suspense>
                </Card>
              </Col>
              <Col xs={24} xl={10}>
                <Card title={t('costByJobType')}>
                  <Suspense fallback={<div style={{ height: 160 }} />}>
                    <AmountBarChart
                      testId="job-type-chart"
                      rows={jobs.map((j) => ({ label: term('job', j.jobType), amount: j.amount }))}
                    />
                  </Suspense>
                </Card>
              </Col>
            </Row>
            <Table<SkuRow>
              rowKey="sku"
              pagination={false}
              dataSource={rows}
              data-testid="usage-table"
              scroll={{ x: 800 }}
              columns={[
                { title: t('sku'), dataIndex: 'sku' },
                { title: t('records'), dataIndex: 'records', align: 'right' },
                {
                  title: t('quantity'),
                  dataIndex: 'quantity',
                  align: 'right',
                  render: (v: string, r: SkuRow) => `${formatDecimal(v, 2)} ${r.billingUnit ?? ''}`.trim(),
                },
                { title: t('amount'), dataIndex: 'amount', align: 'right', render: (v: string) => yuan(v) },
                {
                  title: t('deductions'),
                  dataIndex: 'onBillDeductions',
                  align: 'right',
                  render: (v: string) => yuan(v),
                },
                { title: t('net'), dataIndex: 'net', align: 'right', render: (v: string) => yuan(v) },
              ]}
            />
          </>
        )}
      </LoadState>
      {/* below the fold: asked for once the figures are in and it scrolls into view, so it never delays them */}
      {loaded.data && (
        <WhenVisible>
          <DailyTrend tenantId={tenantId} period={period} />
        </WhenVisible>
      )}
    </Space>
  );
}
