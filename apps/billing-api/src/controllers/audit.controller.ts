import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { formatVerification, withoutDetail, type ChainAnchor } from '@park/audit';
import { AuditStore, MAX_PAGE } from '@park/audit-store';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';

const SEQ = /^(0|[1-9][0-9]*)$/;
const HASH = /^[0-9a-f]{64}$/;

/**
 * The audit log (DESIGN §8): verify the hash chain, read events page by page. Operators read every event. A bureau
 * auditor verifies the whole chain (the answer says where it breaks, never what the event was about) and reads the
 * events of its own bureau's programmes, grants and claims.
 */
const OPERATORS = { roles: ['operator-admin', 'operator-finance'] } as const;
const BUREAU = { roles: ['bureau-auditor'], scope: 'bureau', own: true } as const;

@ApiTags('audit')
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditStore) {}

  @Get('verify')
  @Allow(OPERATORS, BUREAU)
  @ApiOperation({ summary: 'Verify the audit hash chain; a broken chain names its first bad event (firstBadSeq)' })
  @ApiQuery({ name: 'anchorSeq', required: false, description: 'seq of a head published elsewhere' })
  @ApiQuery({ name: 'anchorHash', required: false, description: 'hash of that head' })
  async verify(@CurrentPrincipal() me: Principal, @Query('anchorSeq') anchorSeq?: string, @Query('anchorHash') anchorHash?: string) {
    let anchor: ChainAnchor | undefined;
    if (anchorSeq !== undefined || anchorHash !== undefined) {
      if (!anchorSeq || !SEQ.test(anchorSeq) || anchorSeq === '0' || !anchorHash || !HASH.test(anchorHash)) {
        throw new BadRequestException('anchorSeq (a seq ≥ 1) and anchorHash (64 lower-case hex digits) go together');
      }
      anchor = { seq: anchorSeq, hash: anchorHash };
    }
    const verified = await this.audit.verify(anchor ? { anchor } : {});
    // the detail may quote another tenant's event: an auditor learns where the chain breaks and how
    const result = me.role === 'bureau-auditor' ? withoutDetail(verified) : verified;
    return { ...result, report: formatVerification(result) };
  }

  @Get('events')
  @Allow(OPERATORS, BUREAU)
  @ApiOperation({ summary: "Audit events after a seq, in seq order; `next` is the `after` of the next page (null at the end). A bureau auditor: its bureau's programmes, grants and claims only" })
  @ApiQuery({ name: 'after', required: false, description: 'seq; default 0 (from the first event)' })
  @ApiQuery({ name: 'limit', required: false, description: `1–${MAX_PAGE}; default 100` })
  async events(@CurrentPrincipal() me: Principal, @Query('after') after?: string, @Query('limit') limit?: string) {
    const from = after ?? '0';
    if (!SEQ.test(from)) throw new BadRequestException('after: a seq (decimal integer ≥ 0)');
    const size = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE || !/^[0-9]+$/.test(limit ?? '100')) throw new BadRequestException(`limit: an integer from 1 to ${MAX_PAGE}`);
    const events = me.role === 'bureau-auditor' ? await this.audit.bureauEvents(me.bureauId ?? '', { after: from, limit: size }) : await this.audit.events({ after: from, limit: size });
    return { events, next: events.length === size ? events[events.length - 1].seq : null };
  }
}
