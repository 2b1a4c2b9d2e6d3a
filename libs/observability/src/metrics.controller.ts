import { Controller, Get, Header } from '@nestjs/common';
import { registry } from './metrics';

@Controller()
export class MetricsController {
  /** Prometheus text format. */
  @Get('metrics')
  @Header('content-type', registry.contentType)
  metrics(): Promise<string> {
    return registry.metrics();
  }
}
