/**
 * Every error code billing-api answers, in one place: throw sites use these constants, the HTTP filter maps typed
 * errors to them, and the OpenAPI error schema lists them as an enum. Add a code here before throwing it.
 */
export const BillingErrorCode = {
  // the request itself
  INVALID_INPUT: 'INVALID_INPUT',
  INVALID_DECIMAL: 'INVALID_DECIMAL',
  BAD_BODY: 'BAD_BODY',
  BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  INVALID_UTF8: 'INVALID_UTF8',
  MALFORMED_JSON: 'MALFORMED_JSON',
  // access (the AuthGuard's refusals)
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  HTTP_ERROR: 'HTTP_ERROR',
  // too many requests from one principal (libs/platform rate limits; Retry-After says when to come back)
  RATE_LIMITED: 'RATE_LIMITED',
  // something that does not exist
  TENANT_NOT_FOUND: 'TENANT_NOT_FOUND',
  PRICE_BOOK_NOT_FOUND: 'PRICE_BOOK_NOT_FOUND',
  CONTRACT_NOT_FOUND: 'CONTRACT_NOT_FOUND',
  PROGRAMME_NOT_FOUND: 'PROGRAMME_NOT_FOUND',
  BUREAU_NOT_FOUND: 'BUREAU_NOT_FOUND',
  GRANT_NOT_FOUND: 'GRANT_NOT_FOUND',
  STATEMENT_NOT_FOUND: 'STATEMENT_NOT_FOUND',
  SKU_NOT_FOUND: 'SKU_NOT_FOUND',
  PERIOD_NOT_FOUND: 'PERIOD_NOT_FOUND',
  CLAIM_NOT_FOUND: 'CLAIM_NOT_FOUND',
  CLAIM_DOCUMENT_NOT_FOUND: 'CLAIM_DOCUMENT_NOT_FOUND',
  PARK_NOT_FOUND: 'PARK_NOT_FOUND',
  CLUSTER_NOT_FOUND: 'CLUSTER_NOT_FOUND',
  BACKFILL_NOT_FOUND: 'BACKFILL_NOT_FOUND',
  WEBHOOK_NOT_FOUND: 'WEBHOOK_NOT_FOUND',
  INVOICING_PARTY_NOT_FOUND: 'INVOICING_PARTY_NOT_FOUND',
  STATEMENT_LINE_NOT_FOUND: 'STATEMENT_LINE_NOT_FOUND',
  DISPUTE_NOT_FOUND: 'DISPUTE_NOT_FOUND',
  INVOICE_NOT_FOUND: 'INVOICE_NOT_FOUND',
  PAYMENT_NOT_FOUND: 'PAYMENT_NOT_FOUND',
  // conflicts with what is stored
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  PERIOD_CLOSED: 'PERIOD_CLOSED',
  PERIOD_NOT_OVER: 'PERIOD_NOT_OVER',
  // a price or contract that would reach into an issued (frozen) period
  PERIOD_FROZEN: 'PERIOD_FROZEN',
  GRANT_REVOKED: 'GRANT_REVOKED',
  TENANT_BARRED: 'TENANT_BARRED',
  NOTHING_TO_CLAIM: 'NOTHING_TO_CLAIM',
  STATEMENT_ALREADY_CLAIMED: 'STATEMENT_ALREADY_CLAIMED',
  STATEMENT_ALREADY_PAID: 'STATEMENT_ALREADY_PAID',
  STATEMENT_NOT_ISSUED: 'STATEMENT_NOT_ISSUED',
  // a payment larger than the statement's balance (no credit is kept: record what the statement asks for)
  STATEMENT_OVERPAYMENT: 'STATEMENT_OVERPAYMENT',
  // invoices whose total (incl. tax) would exceed what the tenant is to be invoiced for the statement
  INVOICE_EXCEEDS_INVOICEABLE: 'INVOICE_EXCEEDS_INVOICEABLE',
  INVOICE_ALREADY_VOIDED: 'INVOICE_ALREADY_VOIDED',
  PAYMENT_ALREADY_REVERSED: 'PAYMENT_ALREADY_REVERSED',
  INVALID_CLAIM_TRANSITION: 'INVALID_CLAIM_TRANSITION',
  // disputes of statement lines: one open per line, resolved once, never of a line already on a claim
  DISPUTE_ALREADY_OPEN: 'DISPUTE_ALREADY_OPEN',
  DISPUTE_NOT_OPEN: 'DISPUTE_NOT_OPEN',
  DISPUTE_LINE_CLAIMED: 'DISPUTE_LINE_CLAIMED',
  // a claim whose programme's evidence checklist is not complete cannot be submitted (each missing item named)
  CLAIM_EVIDENCE_INCOMPLETE: 'CLAIM_EVIDENCE_INCOMPLETE',
  // documents are added to a claim only while it is a draft (the submitted pack is what the bureau received)
  CLAIM_NOT_DRAFT: 'CLAIM_NOT_DRAFT',
  // a hold override of a tenant-period whose statement is not held
  NOT_HELD: 'NOT_HELD',
  // a usage backfill is approved by another operator than the one who requested it (four eyes)
  BACKFILL_NEEDS_SECOND_OPERATOR: 'BACKFILL_NEEDS_SECOND_OPERATOR',
  // ClickHouse holds less usage for a closed period than its statements billed: it lost data or is another store;
  // rating refuses rather than credit the difference (nothing issued)
  BILLED_USAGE_MISSING: 'BILLED_USAGE_MISSING',
  // the billing domain's own (billing-domain DomainError codes)
  GRANT_EXHAUSTED: 'GRANT_EXHAUSTED',
  GRANT_NOT_ACTIVE: 'GRANT_NOT_ACTIVE',
  PRICE_NOT_FOUND: 'PRICE_NOT_FOUND',
  INVARIANT_VIOLATION: 'INVARIANT_VIOLATION',
  // a dependency did not answer within its bound: nothing was changed, try again (503)
  QUEUE_UNAVAILABLE: 'QUEUE_UNAVAILABLE',
  // ours, unexpected: logged, never explained to the caller
  INTERNAL: 'INTERNAL',
} as const;

export type BillingErrorCode = (typeof BillingErrorCode)[keyof typeof BillingErrorCode];

export const BILLING_ERROR_CODES: readonly BillingErrorCode[] = Object.values(BillingErrorCode);

export function isBillingErrorCode(value: unknown): value is BillingErrorCode {
  return typeof value === 'string' && (BILLING_ERROR_CODES as readonly string[]).includes(value);
}
