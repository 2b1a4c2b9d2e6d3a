import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { Prisma } from '@park/db';

/** Money columns: always shown with 2 decimals ("1300.00"), as every amount in the product. */
const MONEY = new Set([
  'gross',
  'usageAmount',
  'adjustmentAmount',
  'deductions',
  'reimbursable',
  'netPayable',
  'faceValue',
  'amount',
  'onBillDeductions',
  'net',
  'committedMonthlySpend',
  'used',
]);

/** Exact decimal strings in responses: Prisma Decimals become strings (money with 2 decimals), never JSON numbers. */
export function presentDecimals(value: unknown, key = ''): unknown {
  if (Prisma.Decimal.isDecimal(value)) return MONEY.has(key) ? value.toFixed(2) : value.toFixed();
  if (Array.isArray(value)) return value.map((v) => presentDecimals(v, key));
  if (value instanceof Date || Buffer.isBuffer(value) || value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, presentDecimals(v, k)]));
}

@Injectable()
export class DecimalJsonInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(map((body: unknown) => presentDecimals(body)));
  }
}
