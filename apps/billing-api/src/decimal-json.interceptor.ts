import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { Prisma } from '@park/db';
import { Decimal, formatMoney, formatUnitPrice } from '@park/money';

/**
 * Money fields of every view (rows, frozen statement views, deduction explanations, ledger, claims): shown with two
 * decimals ("1300.00"), whether PostgreSQL returned a Decimal or a stored JSON explanation a string ("2000000").
 */
export const MONEY_FIELDS: ReadonlySet<string> = new Set([
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
  'balance',
  'subtotal',
  'chargesAmount',
  // a statement line's dispute (申诉)
  'requestedAmount',
  'creditedAmount',
  'tenantCredit',
  'voucherReversal',
  // a deduction's explanation (billing-domain Deduction): every amount it used
  'lineAmount',
  'eligibleAmount',
  'proratedEligible',
  'rounded',
  'coveredBefore',
  'target',
  'remaining',
  // tax (issue 16): a line's and a statement's 金额 / 税额 / 价税合计
  'amountExclTax',
  'tax',
  'amountInclTax',
  'invoiceableIncl',
  'totalExclTax',
  'totalTax',
  'totalInclTax',
  'invoiceable',
]);
/** Unit prices: at least two decimals, up to the six a price book may carry ("10" → "10.00", "0.000125"). */
const UNIT_PRICE_FIELDS: ReadonlySet<string> = new Set(['unitPrice']);
const DECIMAL_TEXT = /^-?\d{1,30}(\.\d{1,12})?$/;
/** An audit event's recorded values: shown exactly as hashed into the chain, so anyone can verify them. */
const VERBATIM: ReadonlySet<string> = new Set(['before', 'after', 'payload']);

function presentNumber(value: Decimal, key: string): string | undefined {
  if (MONEY_FIELDS.has(key)) return formatMoney(value);
  if (UNIT_PRICE_FIELDS.has(key)) return formatUnitPrice(value);
  return undefined;
}

/**
 * The one format of every billing-api answer: Prisma Decimals become exact strings (never JSON numbers), money
 * fields two decimals, unit prices two to six; decimal strings under those names get the same format.
 */
export function presentDecimals(value: unknown, key = ''): unknown {
  if (VERBATIM.has(key)) return value;
  if (Prisma.Decimal.isDecimal(value)) return presentNumber(new Decimal(value.toFixed()), key) ?? value.toFixed();
  if (typeof value === 'string')
    return DECIMAL_TEXT.test(value) ? (presentNumber(new Decimal(value), key) ?? value) : value;
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
