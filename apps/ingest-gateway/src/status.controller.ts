import { Body, Controller, Get, HttpCode, HttpException, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ClickHouseService } from '@park/clickhouse';
import { SignedByClusterAgent } from '@park/auth';
import { AgentManifestsService } from '@park/ingest';
import { currentRequestId } from '@park/logging';
import { StoredRecordQueries } from '@park/usage-pipeline';
import { MAX_DIFFERENCES_PER_DAY, MAX_STATUS_DAYS } from '@park/usage-domain';
import { AgentSignatureGuard, type AgentRequest } from './agent-signature.guard';
import { asHttpError } from './ingest-errors';

const MAX_LOOKUP = 1_000;

/**
 * Daily manifests, and what an agent can ask about its own cluster: counts per day against its manifests, and whether
 * given records are stored.
 */
@ApiTags('agents')
@Controller('v1')
// Agent routes (cluster-agent): authenticated by the request's Ed25519 signature, not by a bearer token.
@SignedByClusterAgent(AgentSignatureGuard)
export class StatusController {
  private readonly records: StoredRecordQueries;

  constructor(
    clickhouse: ClickHouseService,
    private readonly manifests: AgentManifestsService,
  ) {
    this.records = new StoredRecordQueries(clickhouse.client, clickhouse.database);
  }

  @Get('ingestion/status')
  @ApiOperation({
    summary:
      "Per UTC day for the caller's cluster: records counted (de-duplicated), rejected, the manifest's count, " +
      'and MATCHED / MISMATCHED (with the differences) / NO_MANIFEST',
    description:
      `At most ${MAX_STATUS_DAYS} days per call (default: the 7 days ending with to_day, today by default); ` +
      `per day the first ${MAX_DIFFERENCES_PER_DAY} differences, the rest counted in differences_omitted.`,
  })
  @ApiQuery({ name: 'from_day', required: false, example: '2026-11-01' })
  @ApiQuery({ name: 'to_day', required: false, example: '2026-11-07' })
  get(@Req() req: AgentRequest, @Query('from_day') fromDay?: unknown, @Query('to_day') toDay?: unknown) {
    return this.manifests.status(req.agent!.clusterId, { fromDay, toDay }).catch(rethrowForHttp);
  }

  @Post('manifests')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Push the daily manifest of one cluster-day: record count and quantity sums per tenant × SKU ' +
      '(records by UTC day of ended_at)',
  })
  async pushManifest(@Req() req: AgentRequest, @Body() body: unknown) {
    const manifest = (body as { manifest?: unknown } | undefined)?.manifest ?? body;
    const stored = await this.manifests
      .push(req.agent!.clusterId, manifest, currentRequestId() ?? '')
      .catch(rethrowForHttp);
    return { status: 'accepted', ...stored };
  }

  @Post('usage/lookup')
  @HttpCode(200)
  @ApiOperation({
    summary: "Which of these event ids of the caller's cluster are stored and counted (≤ 1,000 per call)",
  })
  async lookup(@Req() req: AgentRequest, @Body() body: unknown) {
    const ids = (body as { event_ids?: unknown } | undefined)?.event_ids;
    if (!Array.isArray(ids) || !ids.every((i) => typeof i === 'string'))
      badRequest('BAD_LOOKUP', 'event_ids must be a list of strings');
    const eventIds = ids as string[];
    if (eventIds.length > MAX_LOOKUP) badRequest('BAD_LOOKUP', `at most ${MAX_LOOKUP} event_ids per call`);
    const clusterId = req.agent!.clusterId;
    const stored = await this.records.findStored(eventIds.map((eventId) => ({ clusterId, eventId })));
    return { stored: stored.map((s) => s.eventId) };
  }
}

function rethrowForHttp(error: unknown): never {
  throw asHttpError(error);
}

function badRequest(code: string, message: string): never {
  throw new HttpException({ error: { code, message, requestId: currentRequestId() } }, 400);
}
