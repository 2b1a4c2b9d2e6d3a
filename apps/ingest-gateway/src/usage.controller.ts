import { Controller, HttpCode, HttpException, Post, Req } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IngestService } from '@park/ingest';
import { SignedByClusterAgent } from '@park/auth';
import { currentRequestId } from '@park/logging';
import { AGENT_HEADERS } from '@park/agent-auth';
import { AgentSignatureGuard, type AgentRequest } from './agent-signature.guard';
import { asHttpError } from './ingest-errors';
import { PushUsageRequestDoc, PushUsageResponseDoc } from './usage.openapi';

@ApiTags('agents')
@ApiHeader({ name: AGENT_HEADERS.cluster, required: true, description: 'Cluster id' })
@ApiHeader({ name: AGENT_HEADERS.keyId, required: true, description: "The cluster's agent key id (ak_…)" })
@ApiHeader({
  name: AGENT_HEADERS.timestamp,
  required: true,
  description: 'Milliseconds since the epoch; within 5 minutes of the gateway clock',
})
@ApiHeader({ name: AGENT_HEADERS.nonce, required: true, description: '16–64 characters [A-Za-z0-9_-], never reused' })
@ApiHeader({
  name: AGENT_HEADERS.signature,
  required: true,
  description: 'Base64 Ed25519 signature of the canonical request (README: agents)',
})
@Controller('v1')
// Agent routes (cluster-agent): authenticated by the request's Ed25519 signature, not by a bearer token.
@SignedByClusterAgent(AgentSignatureGuard)
export class UsageController {
  constructor(private readonly ingest: IngestService) {}

  @Post('usage/batches')
  @HttpCode(200)
  @ApiOperation({ summary: 'Push a batch of usage records (≤ 5,000 records, ≤ 4 MiB); answers per record' })
  @ApiBody({ type: PushUsageRequestDoc })
  @ApiResponse({
    status: 200,
    type: PushUsageResponseDoc,
    description: 'Per-record results. `accepted` means durably in Kafka.',
  })
  @ApiResponse({
    status: 400,
    description: 'The request as a whole is unusable (not JSON, not a list, too many records…): nothing accepted',
  })
  @ApiResponse({ status: 401, description: 'Signature, key, timestamp or nonce refused' })
  @ApiResponse({
    status: 503,
    description:
      'KAFKA_UNAVAILABLE or REDIS_UNAVAILABLE within INGEST_DEPENDENCY_TIMEOUT_MS: ' +
      'nothing in this batch is confirmed; retry it',
  })
  push(@Req() req: AgentRequest) {
    // taken off the request, and no async frame here holds it: the parsed batch is garbage as soon as it is validated
    // and encoded, while the push waits for Kafka (IngestService.pushUsage)
    const body: unknown = req.body;
    req.body = undefined;
    return this.ingest
      .pushUsage({
        clusterId: req.agent!.clusterId,
        body,
        byteLength: req.rawBody?.length ?? 0,
        requestId: currentRequestId() ?? '',
      })
      .then(
        (answer) => {
          if (!answer.ok) {
            const first = answer.issues[0];
            throw new HttpException(
              {
                error: {
                  code: first.code,
                  message: first.message,
                  issues: answer.issues,
                  requestId: currentRequestId(),
                },
              },
              400,
            );
          }
          const { ok: _ok, ...response } = answer;
          return response;
        },
        (error: unknown) => {
          throw asHttpError(error);
        },
      );
  }
}
