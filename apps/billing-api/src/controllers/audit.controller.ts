import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { formatVerification, withoutDetail } from '@park/audit';
import { AuditStore } from '@park/audit-store';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { ValidInput, type RequestInput } from '@park/platform';
import { BillingApi } from '../errors/billing-api.decorators';
import { AuditEvents, VerifyAudit } from '../requests/audit.requests';

/**
 * The audit log (DESIGN §8): verify the hash chain, read events page by page. Operators read every event. A bureau
 * auditor verifies the whole chain (the answer says where it breaks, never what the event was about) and reads the
 * events of its own bureau's programmes, grants and claims.
 */
const OPERATORS = { roles: ['operator-admin', 'operator-finance'] } as const;
const BUREAU = { roles: ['bureau-auditor'], scope: 'bureau', own: true } as const;

@ApiTags('audit')
@BillingApi()
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditStore) {}

  @Get('verify')
  @Allow(OPERATORS, BUREAU)
  @ApiOperation({ summary: 'Verify the audit hash chain; a broken chain names its first bad event (firstBadSeq)' })
  async verify(
    @CurrentPrincipal() me: Principal,
    @ValidInput(VerifyAudit) { query }: RequestInput<typeof VerifyAudit>,
  ) {
    const { anchorSeq, anchorHash } = query;
    const anchor =
      anchorSeq !== undefined && anchorHash !== undefined ? { seq: anchorSeq, hash: anchorHash } : undefined;
    const verified = await this.audit.verify(anchor ? { anchor } : {});
    // the detail may quote another tenant's event: an auditor learns where the chain breaks and how
    const result = me.role === 'bureau-auditor' ? withoutDetail(verified) : verified;
    return { ...result, report: formatVerification(result) };
  }

  @Get('events')
  @Allow(OPERATORS, BUREAU)
  @ApiOperation({
    summary:
      'Audit events after a seq, in seq order; `next` is the `after` of the next page (null at the end). ' +
      "A bureau auditor: its bureau's programmes, grants and claims only",
  })
  async events(
    @CurrentPrincipal() me: Principal,
    @ValidInput(AuditEvents) { query }: RequestInput<typeof AuditEvents>,
  ) {
    const page = { after: query.after, limit: query.limit };
    const events =
      me.role === 'bureau-auditor'
        ? await this.audit.bureauEvents(me.bureauId ?? '', page)
        : await this.audit.events(page);
    return { events, next: events.length === page.limit ? events[events.length - 1].seq : null };
  }
}
