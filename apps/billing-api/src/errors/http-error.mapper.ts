import { HttpException } from '@nestjs/common';
import { DomainError, PeriodFrozen, ValidationError } from '@park/billing-domain';
import {
  AlreadyExists,
  BilledUsageMissing,
  BillingErrorCode,
  InvalidInput,
  InvalidState,
  NotFound,
  PeriodClosed,
  PeriodNotOver,
  QueueUnavailable,
} from '@park/billing';
import { Prisma } from '@park/db';
import { MoneyParseError } from '@park/money';
import { RequestInputInvalid } from '@park/platform';
import { WebhookNotFound } from '@park/notifications';
import { FindingAlreadyResolved, ReconciliationNotFound } from '@park/reconciliation';

/** What the caller is told: the status, a catalogued code, a message and, for bad input, every problem. */
export interface HttpError {
  status: number;
  /** A BillingErrorCode; a typed error whose code is not catalogued yet still answers with it (and is logged). */
  code: string;
  message: string;
  issues?: readonly { path: string; message: string }[];
}

const GUARD_CODES: Record<number, BillingErrorCode> = {
  400: BillingErrorCode.INVALID_INPUT,
  401: BillingErrorCode.UNAUTHENTICATED,
  403: BillingErrorCode.FORBIDDEN,
  404: BillingErrorCode.NOT_FOUND,
  429: BillingErrorCode.RATE_LIMITED,
};

const INTERNAL: HttpError = { status: 500, code: BillingErrorCode.INTERNAL, message: 'internal error' };

/** A unique or foreign key the database refused: the model and field names only, never the values or SQL. */
function databaseErrorOf(error: unknown): HttpError | undefined {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    const meta = (error.meta ?? {}) as {
      modelName?: string;
      target?: unknown;
      driverAdapterError?: { cause?: { constraint?: { fields?: unknown } } };
    };
    const entity = meta.modelName ?? 'record';
    if (error.code === 'P2002') {
      const target = meta.target ?? meta.driverAdapterError?.cause?.constraint?.fields;
      return duplicate(entity, Array.isArray(target) ? target.map(String) : typeof target === 'string' ? [target] : []);
    }
    if (error.code === 'P2025')
      return { status: 404, code: BillingErrorCode.NOT_FOUND, message: `${entity} not found` };
    return undefined;
  }
  // the issuing path's plain pg pool: unique_violation
  const pg = error as { code?: unknown; table?: unknown; severity?: unknown };
  if (pg?.code === '23505' && typeof pg.severity === 'string')
    return duplicate(typeof pg.table === 'string' ? pg.table : 'record', []);
  return undefined;
}

function duplicate(entity: string, fields: string[]): HttpError {
  const named = fields.length > 0 ? fields : ['id'];
  return {
    status: 409,
    code: BillingErrorCode.ALREADY_EXISTS,
    message: `${entity} with this ${named.join(', ')} already exists (created by a concurrent request)`,
    issues: named.map((path) => ({ path, message: 'already exists' })),
  };
}

function domainStatusOf(error: DomainError): number {
  if (error instanceof NotFound || error instanceof ReconciliationNotFound || error instanceof WebhookNotFound)
    return 404;
  if (error instanceof QueueUnavailable) return 503;
  if (error instanceof InvalidInput) return 400;
  if (
    error instanceof AlreadyExists ||
    error instanceof InvalidState ||
    error instanceof BilledUsageMissing ||
    error instanceof PeriodClosed ||
    error instanceof PeriodNotOver ||
    error instanceof FindingAlreadyResolved ||
    error instanceof PeriodFrozen
  )
    return 409;
  return 422;
}

/**
 * Where an error becomes an HTTP answer: the one place (CONVENTIONS.md). Services throw typed errors, the edge
 * throws RequestInputInvalid, the AuthGuard HttpExceptions; anything else is a 500 that names nothing internal.
 */
export function httpErrorOf(error: unknown): HttpError {
  if (error instanceof HttpException) {
    const status = error.getStatus();
    // the AuthGuard's refusals: their fixed messages name nothing (WWW-Authenticate is already set)
    return { status, code: GUARD_CODES[status] ?? BillingErrorCode.HTTP_ERROR, message: error.message };
  }
  if (error instanceof RequestInputInvalid)
    return { status: 400, code: BillingErrorCode.INVALID_INPUT, message: error.message, issues: error.issues };
  if (error instanceof ValidationError)
    return { status: 400, code: BillingErrorCode.INVALID_INPUT, message: error.message, issues: error.issues };
  if (error instanceof MoneyParseError)
    return { status: 400, code: BillingErrorCode.INVALID_DECIMAL, message: error.message };
  if (error instanceof DomainError) {
    // bad input names every field; a refused state may name what is missing (a claim's evidence checklist, the
    // usage a lost ClickHouse no longer holds)
    const named =
      error instanceof InvalidInput || error instanceof InvalidState || error instanceof BilledUsageMissing
        ? error.issues
        : undefined;
    const issues = named?.length ? { issues: named } : {};
    return { status: domainStatusOf(error), code: error.code, message: error.message, ...issues };
  }
  return databaseErrorOf(error) ?? INTERNAL;
}
