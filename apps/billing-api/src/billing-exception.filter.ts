import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, PeriodFrozen, ValidationError } from '@park/billing-domain';
import { AlreadyExists, InvalidInput, InvalidState, NotFound, PeriodClosed, PeriodNotOver } from '@park/billing';
import { currentRequestId } from '@park/logging';
import { MoneyParseError } from '@park/money';

/** Where a typed error becomes an HTTP status: the one place (CONVENTIONS.md). Services never throw HTTP errors. */
export function httpStatusOf(error: unknown): number {
  if (error instanceof NotFound) return 404;
  if (error instanceof InvalidInput || error instanceof ValidationError || error instanceof MoneyParseError) return 400;
  if (error instanceof AlreadyExists || error instanceof InvalidState || error instanceof PeriodClosed || error instanceof PeriodNotOver) return 409;
  if (error instanceof PeriodFrozen) return 409;
  if (error instanceof DomainError) return 422;
  return 500;
}

@Catch()
export class BillingExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('billing-api');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (error instanceof HttpException) {
      const status = error.getStatus();
      // also the AuthGuard's refusals (their fixed messages name nothing; WWW-Authenticate is already set)
      const code = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' }[status] ?? 'HTTP_ERROR';
      res.status(status).json({ error: { code, message: error.message, requestId: currentRequestId() } });
      return;
    }
    const status = httpStatusOf(error);
    const code =
      error instanceof DomainError ? error.code : error instanceof ValidationError ? 'INVALID_INPUT' : error instanceof MoneyParseError ? 'INVALID_DECIMAL' : 'INTERNAL';
    const issues = error instanceof InvalidInput || error instanceof ValidationError ? error.issues : undefined;
    const message = status === 500 ? 'internal error' : (error as Error).message;
    if (status === 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    res.status(status).json({ error: { code, message, ...(issues ? { issues } : {}), requestId: currentRequestId() } });
  }
}
