import { z } from 'zod';
import { INVOICE_TYPES, invoiceFileType } from '@park/billing-domain';
import { requestInput } from '@park/platform';
import { decimal, id, localDate, periodId, text } from './common.schemas';

// Invoices and payments against a statement (issue 16 item 3). The file travels as base64 in the JSON body
// (no upload route in this API takes multipart): ~730 KiB of file within the 1 MiB default HTTP_BODY_LIMIT_BYTES.

const ofStatement = { tenantId: id, periodId };
const MAX_FILE_BASE64 = 1_000_000;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const invoiceFile = z
  .strictObject({
    contentType: z.enum(['application/pdf', 'application/ofd']),
    contentBase64: z
      .string()
      .min(8, 'the file, base64')
      .max(MAX_FILE_BASE64, `at most ${MAX_FILE_BASE64} base64 characters`)
      .regex(BASE64, 'base64 (RFC 4648, with padding)'),
  })
  .superRefine((file, ctx) => {
    if (!BASE64.test(file.contentBase64) || file.contentBase64.length > MAX_FILE_BASE64) return;
    const type = invoiceFileType(Buffer.from(file.contentBase64.slice(0, 16), 'base64'));
    if (type !== file.contentType)
      ctx.addIssue({
        code: 'custom',
        path: ['contentBase64'],
        message: `not ${file.contentType}: a PDF starts with %PDF-, an OFD is a zip (PK\\x03\\x04)`,
      });
  })
  .describe('the invoice as issued (PDF or OFD); its SHA-256 is stored with it');

export const StatementInvoices = requestInput({ params: z.strictObject(ofStatement) });

export const RecordInvoice = requestInput({
  params: z.strictObject(ofStatement),
  body: z.strictObject({
    type: z.enum(INVOICE_TYPES).describe('digital 数电票 | special 增值税专用发票 | ordinary 增值税普通发票'),
    number: z
      .string()
      .regex(/^[0-9A-Za-z-]{1,40}$/, 'an invoice number: digits, letters or "-", at most 40')
      .meta({ example: '26442000000012345678' }),
    issuedOn: localDate.describe('开票日期 (YYYY-MM-DD, Asia/Shanghai)'),
    amountExclTax: decimal.meta({ example: '8849.56' }),
    tax: decimal.meta({ example: '1150.44' }),
    amountInclTax: decimal.describe('amountExclTax + tax, exactly').meta({ example: '10000.00' }),
    file: invoiceFile.optional(),
  }),
});

export const InvoiceById = requestInput({ params: z.strictObject({ ...ofStatement, invoiceId: id }) });

export const VoidInvoice = requestInput({
  params: z.strictObject({ ...ofStatement, invoiceId: id }),
  body: z.strictObject({ reason: text(500).describe('why: 红冲 (red-letter reversal) or 作废 (cancelled)') }),
});

export const StatementPayments = requestInput({ params: z.strictObject(ofStatement) });

export const RecordPayment = requestInput({
  params: z.strictObject(ofStatement),
  body: z.strictObject({
    receivedOn: localDate.describe('到账日期 (YYYY-MM-DD, Asia/Shanghai)'),
    amount: decimal.describe('元, positive, at most the balance').meta({ example: '3000.00' }),
    bankReference: text(100).describe("the bank's transaction reference (unique among live payments)"),
    payer: text(200).optional().describe("the paying account's holder, when not the tenant itself"),
  }),
});

export const ReversePayment = requestInput({
  params: z.strictObject({ ...ofStatement, paymentId: id }),
  body: z.strictObject({ reason: text(500).describe('why the payment is reversed (recorded in error, bounced …)') }),
});
