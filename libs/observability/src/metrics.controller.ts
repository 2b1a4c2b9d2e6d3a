import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '@park/auth';
import { registry } from './metrics';

/** Public like /health: scraped without a token (holds counters, no tenant data). Restrict it at the network. */
@Public()
@Controller()
export class MetricsController {
  /** Prometheus text format. */
  @Get('metrics')
  @Header('content-type', registry.contentType)
  metrics(): Promise<string> {
    return registry.metrics();
  }
}
