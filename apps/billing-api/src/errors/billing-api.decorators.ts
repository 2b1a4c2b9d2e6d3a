import { applyDecorators, UseFilters, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiInternalServerErrorResponse,
  ApiNotFoundResponse,
} from '@nestjs/swagger';
import { z } from 'zod';
import { BILLING_ERROR_CODES } from '@park/billing';
import { openApiSchemaOf } from '@park/platform';
import { DecimalJsonInterceptor } from '../decimal-json.interceptor';
import { BillingExceptionFilter } from './billing-exception.filter';

/** Every error answer of billing-api; `code` is one of the catalogue's (libs/billing BillingErrorCode). */
export const errorBody = z.strictObject({
  error: z.strictObject({
    code: z.enum(BILLING_ERROR_CODES as [string, ...string[]]),
    message: z.string(),
    issues: z
      .array(z.strictObject({ path: z.string(), message: z.string() }))
      .optional()
      .describe('every problem found'),
    requestId: z.string(),
  }),
});

const ERROR_SCHEMA = openApiSchemaOf(errorBody);

/**
 * What every billing-api controller shares: errors answered by the one filter (and described in the OpenAPI),
 * exact decimals in answers.
 */
export function BillingApi(): ClassDecorator {
  return applyDecorators(
    UseFilters(BillingExceptionFilter),
    UseInterceptors(DecimalJsonInterceptor),
    ApiBadRequestResponse({
      description: 'INVALID_INPUT (every problem in issues), INVALID_DECIMAL',
      schema: ERROR_SCHEMA,
    }),
    ApiNotFoundResponse({ description: 'NOT_FOUND, <ENTITY>_NOT_FOUND', schema: ERROR_SCHEMA }),
    ApiConflictResponse({
      description: 'ALREADY_EXISTS and state conflicts (PERIOD_CLOSED, GRANT_REVOKED, …)',
      schema: ERROR_SCHEMA,
    }),
    ApiInternalServerErrorResponse({
      description: 'INTERNAL: nothing more is said; the log has the cause',
      schema: ERROR_SCHEMA,
    }),
  );
}
