export {
  registry,
  metrics,
  withThreadMetrics,
  reportQueueDepth,
  type MetricsJson,
  type QueueDepthSource,
} from './metrics';
export { MetricsController, THREAD_METRICS, type ThreadMetricsSource } from './metrics.controller';
