export { registry, metrics, withThreadMetrics, type MetricsJson } from './metrics';
export { MetricsController, THREAD_METRICS, type ThreadMetricsSource } from './metrics.controller';
