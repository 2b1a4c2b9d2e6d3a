import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '@park/auth';
import { HealthService } from './health.service';

@Public()
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** 200 with each dependency's state when all are up and no check fails; 503 naming what fails otherwise. */
  @Get('health')
  async get(@Res() res: Response): Promise<void> {
    const report = await this.health.check();
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  }
}
