import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/lib/core';
import { FONT_STACK } from '../format/fonts';
import { useLocale } from '../i18n/locale';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, CanvasRenderer]);

export interface AmountSeries {
  name: string;
  kind: 'bar' | 'line';
  /** Bars of one stack are drawn on top of each other (e.g. a day's cost by SKU). */
  stack?: string;
  /** Decimal strings, one per category. */
  amounts: string[];
}

/**
 * Amounts over time (days, months): bars and lines with a legend. Number() of the decimal strings is for drawing
 * only; the exact amounts are in the table beside every chart, and the axis labels are in 元 with separators.
 */
export function SeriesChart(props: { categories: string[]; series: AmountSeries[]; testId?: string; height?: number }) {
  const { yuan } = useLocale();
  const option = {
    animation: false,
    textStyle: { fontFamily: FONT_STACK },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: props.categories },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => yuan(String(v)) } },
    series: props.series.map((s) => ({
      name: s.name,
      type: s.kind,
      stack: s.stack,
      barMaxWidth: 24,
      data: s.amounts.map((a) => Number(a)),
    })),
  };
  return (
    <div data-testid={props.testId}>
      <ReactEChartsCore echarts={echarts} option={option} style={{ height: props.height ?? 280 }} notMerge />
    </div>
  );
}
