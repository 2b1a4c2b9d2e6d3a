import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { isBillingErrorCode } from '@park/billing';
import { currentRequestId } from '@park/logging';
import { httpErrorOf } from './http-error.mapper';

/** Answers every error of the billing routes as `{ error: { code, message, issues?, requestId } }`. */
@Catch()
export class BillingExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('billing-api');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, code, message, issues } = httpErrorOf(error);
    if (status >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    else if (!isBillingErrorCode(code))
      this.logger.warn(`error code ${code} is not in BillingErrorCode: add it to the catalogue`);
    res.status(status).json({ error: { code, message, ...(issues ? { issues } : {}), requestId: currentRequestId() } });
  }
}
