import { z } from 'zod';
import { DOCUMENT_KINDS, documentTypeOf, MAX_DOCUMENT_BYTES } from '@park/claims';
import { requestInput } from '@park/platform';
import { id, text } from './common.schemas';

const ClaimPath = z.strictObject({ claimId: id });

/** The file's bytes, base64 in the JSON body; what it is is read from its first bytes (PDF, OFD, PNG, JPEG). */
const contentBase64 = z
  .string()
  .min(4, 'the file, base64-encoded')
  .max(Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4, `at most ${MAX_DOCUMENT_BYTES} bytes`)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'the file, base64-encoded')
  .refine((v) => documentTypeOf(Buffer.from(v.slice(0, 16), 'base64')) !== null, 'a PDF, OFD, PNG or JPEG file')
  .describe('the file, base64-encoded: a PDF, OFD (数电票), PNG or JPEG');

export const AddClaimDocument = requestInput({
  params: ClaimPath,
  body: z.strictObject({
    kind: z.enum(DOCUMENT_KINDS),
    label: text(200).optional().describe("what an 'other' document is"),
    tenantId: id.optional().describe('the tenant it belongs to (contract, declarations)'),
    statementId: id.optional().describe("a claim line's statement (invoice, payment proof)"),
    filename: z
      .string()
      .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._()-]{0,99}$/u, 'a file name: letters, digits, space, ".", "_", "(", ")", "-"')
      .meta({ example: '发票-202610.pdf' }),
    contentBase64,
  }),
});

export const ClaimDocuments = requestInput({ params: ClaimPath });

export const ClaimDocumentById = requestInput({ params: z.strictObject({ claimId: id, docId: id }) });
