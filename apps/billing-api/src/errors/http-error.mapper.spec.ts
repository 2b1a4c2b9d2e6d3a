import { ForbiddenException } from '@nestjs/common';
import { BILLING_ERROR_CODES, BilledUsageMissing, InvalidState, NotFound } from '@park/billing';
import { Prisma } from '@park/db';
import { Decimal } from '@park/money';
import { RateLimitedException, RequestInputInvalid } from '@park/platform';
import { httpErrorOf } from './http-error.mapper';

const prismaError = (code: string, meta: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError('Invalid `prisma.tenant.create()` invocation: secret SQL', {
    code,
    clientVersion: '6',
    meta,
  });

describe('httpErrorOf', () => {
  it('answers a rate-limit refusal as 429 RATE_LIMITED (the interceptor has set Retry-After)', () => {
    expect(
      httpErrorOf(new RateLimitedException({ allowed: false, limit: 'requests', retryAfterSeconds: 3 }, 'principal p')),
    ).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
  });

  it('answers a unique violation (Prisma P2002, either meta shape, or pg 23505) as 409 naming the fields', () => {
    expect(httpErrorOf(prismaError('P2002', { modelName: 'Tenant', target: ['id'] }))).toMatchObject({
      status: 409,
      code: 'ALREADY_EXISTS',
      issues: [{ path: 'id', message: 'already exists' }],
    });
    const adapter = { modelName: 'Contract', driverAdapterError: { cause: { constraint: { fields: ['number'] } } } };
    expect(httpErrorOf(prismaError('P2002', adapter))).toMatchObject({ status: 409, issues: [{ path: 'number' }] });
    const pg = Object.assign(new Error('duplicate key value violates unique constraint "x"'), {
      code: '23505',
      severity: 'ERROR',
      table: 'grants',
    });
    expect(httpErrorOf(pg)).toMatchObject({ status: 409, code: 'ALREADY_EXISTS' });
  });

  it('answers P2025 as 404 and anything unexpected as a 500 that names nothing internal', () => {
    expect(httpErrorOf(prismaError('P2025', { modelName: 'Grant' }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const unexpected = httpErrorOf(prismaError('P2010', { modelName: 'Tenant' }));
    expect(unexpected).toEqual({ status: 500, code: 'INTERNAL', message: 'internal error' });
    expect(httpErrorOf(new TypeError('x is undefined at /srv/app.js:1'))).toEqual(unexpected);
  });

  it('maps typed errors once, with catalogued codes', () => {
    expect(httpErrorOf(new NotFound('claim', 'c1'))).toMatchObject({ status: 404, code: 'CLAIM_NOT_FOUND' });
    expect(httpErrorOf(new InvalidState('GRANT_REVOKED', 'revoked'))).toMatchObject({
      status: 409,
      code: 'GRANT_REVOKED',
    });
    // a hold override of a statement that is not held
    expect(httpErrorOf(new InvalidState('NOT_HELD', 'not held'))).toEqual({
      status: 409,
      code: 'NOT_HELD',
      message: 'not held',
    });
    // a claim whose evidence checklist is incomplete names each missing item
    const missing = [{ path: 'invoice', message: 'invoice missing for tenant t1 statement ST-1' }];
    expect(httpErrorOf(new InvalidState('CLAIM_EVIDENCE_INCOMPLETE', 'incomplete', missing))).toMatchObject({
      status: 409,
      code: 'CLAIM_EVIDENCE_INCOMPLETE',
      issues: missing,
    });
    expect(httpErrorOf(new RequestInputInvalid([{ path: 'query.after', message: 'a seq' }]))).toMatchObject({
      status: 400,
      code: 'INVALID_INPUT',
      issues: [{ path: 'query.after', message: 'a seq' }],
    });
    expect(httpErrorOf(new ForbiddenException())).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    // ClickHouse holds less than was billed for a closed period: refused, each missing row named
    const lost = { periodId: '2026-09', sku: 'gpu.h100-80g', jobType: 'training' };
    const missingUsage = new BilledUsageMissing('t1', [{ ...lost, billed: new Decimal(36000), found: new Decimal(0) }]);
    expect(httpErrorOf(missingUsage)).toMatchObject({
      status: 409,
      code: 'BILLED_USAGE_MISSING',
      issues: [{ path: '2026-09/gpu.h100-80g/training', message: 'billed 36000, found 0 base units' }],
    });
    for (const code of [
      'CLAIM_NOT_FOUND',
      'GRANT_REVOKED',
      'NOT_HELD',
      'BILLED_USAGE_MISSING',
      'INVALID_INPUT',
      'FORBIDDEN',
      'INTERNAL',
    ])
      expect(BILLING_ERROR_CODES).toContain(code);
  });
});
