import { Body, Controller, Get, HttpCode, HttpException, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ClickHouseService } from '@park/clickhouse';
import { SignedByClusterAgent } from '@park/auth';
import { currentRequestId } from '@park/logging';
import { ManifestsRepository, UsageRecordsRepository } from '@park/usage-pipeline';
import { validateManifest } from '@park/usage-domain';
import { AgentSignatureGuard, type AgentRequest } from './agent-signature.guard';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_LOOKUP = 1_000;

/** Daily manifests, and what an agent can ask about its own cluster: counts per day against its manifests, and whether given records are stored. */
@ApiTags('agents')
@Controller('v1')
// Agent routes (cluster-agent): authenticated by the request's Ed25519 signature, not by a bearer token.
@SignedByClusterAgent(AgentSignatureGuard)
export class StatusController {
  private readonly manifests: ManifestsRepository;
  private readonly records: UsageRecordsRepository;

  constructor(clickhouse: ClickHouseService) {
    this.manifests = new ManifestsRepository(clickhouse.client, clickhouse.database);
    this.records = new UsageRecordsRepository(clickhouse, clickhouse.database);
  }

  @Get('ingestion/status')
  @ApiOperation({ summary: "Per UTC day for the caller's cluster: records counted (de-duplicated), rejected, the manifest's count, and MATCHED / MISMATCHED (with the differences) / NO_MANIFEST" })
  @ApiQuery({ name: 'from_day', required: false, example: '2026-11-01' })
  @ApiQuery({ name: 'to_day', required: false, example: '2026-11-07' })
  async get(@Req() req: AgentRequest, @Query('from_day') fromDay?: string, @Query('to_day') toDay?: string) {
    const today = new Date().toISOString().slice(0, 10);
    const to = toDay ?? today;
    const from = fromDay ?? new Date(Date.parse(`${to}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
    for (const [name, value] of [['from_day', from], ['to_day', to]] as const) {
      if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) badRequest('BAD_DAY', `${name} must be a day like 2026-11-01`);
    }
    if (from > to) badRequest('BAD_DAY', 'from_day is after to_day');
    return { cluster_id: req.agent!.clusterId, days: await this.manifests.reconcile(req.agent!.clusterId, from, to) };
  }

  @Post('manifests')
  @HttpCode(200)
  @ApiOperation({ summary: 'Push the daily manifest of one cluster-day: record count and quantity sums per tenant × SKU (records by UTC day of ended_at)' })
  async pushManifest(@Req() req: AgentRequest, @Body() body: unknown) {
    const validation = validateManifest((body as { manifest?: unknown } | undefined)?.manifest ?? body, { clusterId: req.agent!.clusterId });
    if (!validation.ok) {
      throw new HttpException({ error: { code: validation.reason, message: validation.message, issues: validation.issues, requestId: currentRequestId() } }, 400);
    }
    await this.manifests.store(validation.manifest, currentRequestId() ?? '');
    return { status: 'accepted', cluster_id: validation.manifest.clusterId, day: validation.manifest.day };
  }

  @Post('usage/lookup')
  @HttpCode(200)
  @ApiOperation({ summary: 'Which of these event ids of the caller\'s cluster are stored and counted (≤ 1,000 per call)' })
  async lookup(@Req() req: AgentRequest, @Body() body: unknown) {
    const ids = (body as { event_ids?: unknown } | undefined)?.event_ids;
    if (!Array.isArray(ids) || !ids.every((i) => typeof i === 'string')) badRequest('BAD_LOOKUP', 'event_ids must be a list of strings');
    const eventIds = ids as string[];
    if (eventIds.length > MAX_LOOKUP) badRequest('BAD_LOOKUP', `at most ${MAX_LOOKUP} event_ids per call`);
    const clusterId = req.agent!.clusterId;
    const stored = await this.records.findStored(eventIds.map((eventId) => ({ clusterId, eventId })));
    return { stored: stored.map((s) => s.eventId) };
  }
}

function badRequest(code: string, message: string): never {
  throw new HttpException({ error: { code, message, requestId: currentRequestId() } }, 400);
}
