import { Controller, Get, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { ClaimService } from '@park/claims';
import { ValidInput, type RequestInput } from '@park/platform';
import { BillingApi } from '../errors/billing-api.decorators';
import { AddClaimDocument, ClaimDocumentById, ClaimDocuments } from '../requests/claim-documents.requests';
import { sendDownload } from './send-download';

const OPERATORS = { roles: ['operator-admin', 'operator-finance'] } as const;
const OWN_BUREAU = { roles: ['bureau-auditor'], scope: 'bureau', resolver: 'claim' } as const;

/**
 * A claim's evidence checklist and the documents the operator supplies for it (issue 16 item 4): operators add them
 * to a draft claim; the programme's bureau reads them.
 */
@ApiTags('claims')
@BillingApi()
@Controller('v1/claims/:claimId')
export class ClaimDocumentsController {
  constructor(private readonly claims: ClaimService) {}

  @Post('documents')
  @Allow(OPERATORS)
  @ApiOperation({
    summary: 'Add a document to a draft claim (contract, invoice, payment proof, declaration): stored with its SHA-256',
  })
  add(
    @ValidInput(AddClaimDocument) { params, body }: RequestInput<typeof AddClaimDocument>,
    @CurrentPrincipal() me: Principal,
  ) {
    const { contentBase64, ...rest } = body;
    return this.claims.addDocument(
      { ...rest, claimId: params.claimId, content: Buffer.from(contentBase64, 'base64') },
      actorOf(me),
    );
  }

  @Get('documents')
  @Allow(OPERATORS, OWN_BUREAU)
  @ApiOperation({ summary: "The claim's supplied documents (without their bytes)" })
  list(@ValidInput(ClaimDocuments) { params }: RequestInput<typeof ClaimDocuments>) {
    return this.claims.listDocuments(params.claimId);
  }

  @Get('documents/:docId')
  @Allow(OPERATORS, OWN_BUREAU)
  @ApiOperation({ summary: "One document's bytes (x-content-sha256: their SHA-256 as stored)" })
  async file(@ValidInput(ClaimDocumentById) { params }: RequestInput<typeof ClaimDocumentById>, @Res() res: Response) {
    const doc = await this.claims.document(params.claimId, params.docId);
    sendDownload(res, doc);
  }

  @Get('checklist')
  @Allow(OPERATORS, OWN_BUREAU)
  @ApiOperation({
    summary: "The programme's evidence checklist: each item satisfied, or what exactly is missing",
    description:
      "A draft: the checklist of the programme rules version in force at the end of the claim's cycle (`rules`: " +
      'its number and the month it is in force for), read again each time. A submitted claim: the checklist its ' +
      'manifest recorded when it was submitted (`asSubmitted: true`), whatever rules versions came later.',
  })
  checklist(@ValidInput(ClaimDocuments) { params }: RequestInput<typeof ClaimDocuments>) {
    return this.claims.checklist(params.claimId);
  }
}
