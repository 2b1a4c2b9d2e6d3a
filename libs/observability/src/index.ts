export { registry, metrics } from './metrics';
export { MetricsController } from './metrics.controller';
