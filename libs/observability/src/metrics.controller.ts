import { Controller, Get, Header, Inject, Optional } from '@nestjs/common';
import { Public } from '@park/auth';
import { registry, withThreadMetrics, type MetricsJson } from './metrics';

/**
 * The registries of an app's other threads (their `registry.getMetricsAsJSON()`), when it runs features on worker
 * threads: each thread has its own prom-client registry.
 */
export const THREAD_METRICS = Symbol('park:thread-metrics');
export type ThreadMetricsSource = () => Promise<MetricsJson[]>;

/** Public like /health: scraped without a token (holds counters, no tenant data). Restrict it at the network. */
@Public()
@Controller()
export class MetricsController {
  constructor(@Optional() @Inject(THREAD_METRICS) private readonly threads?: ThreadMetricsSource) {}

  /** Prometheus text format. */
  @Get('metrics')
  @Header('content-type', registry.contentType)
  async metrics(): Promise<string> {
    if (!this.threads) return registry.metrics();
    return withThreadMetrics(await registry.getMetricsAsJSON(), await this.threads()).metrics();
  }
}
