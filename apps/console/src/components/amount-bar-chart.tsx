import { BarChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/lib/core';
import { FONT_STACK } from '../format/fonts';
import { useLocale } from '../i18n/locale';

// only the parts of ECharts the console draws, to keep the first screen's JavaScript small
echarts.use([BarChart, GridComponent, CanvasRenderer]);

/**
 * Horizontal bars of amounts by category. Numbers are for drawing only; each bar's label is the exact amount
 * (so no tooltip component: it is the largest part of ECharts after the core).
 */
export function AmountBarChart({ rows, testId }: { rows: { label: string; amount: string }[]; testId?: string }) {
  const { yuan } = useLocale();
  const option = {
    animation: false,
    // canvas text falls back to no CJK font by itself: 元 needs the console's font stack
    textStyle: { fontFamily: FONT_STACK },
    grid: { left: 8, right: 120, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', axisLabel: { show: false } },
    yAxis: { type: 'category', data: rows.map((r) => r.label), inverse: true },
    series: [
      {
        type: 'bar',
        barMaxWidth: 28,
        data: rows.map((r) => Number(r.amount)),
        label: {
          show: true,
          position: 'right',
          formatter: ({ dataIndex }: { dataIndex: number }) => yuan(rows[dataIndex].amount),
        },
        itemStyle: { color: '#1f5fbf' },
      },
    ],
  };
  return (
    <div data-testid={testId}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        style={{ height: Math.max(160, rows.length * 36 + 24) }}
        notMerge
      />
    </div>
  );
}
