import { Controller, Optional } from '@nestjs/common';
import { GrpcMethod, RpcException } from '@nestjs/microservices';
import { status, type Metadata } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { AgentAuthenticator } from '@park/agent-auth';
import { SignedByClusterAgent } from '@park/auth';
import { DECODE_ERROR, IngestService, KafkaUnavailableError, RAW_BYTES, type DecodedRequest, type RecordAnswer } from '@park/ingest';
import { requestContext } from '@park/logging';
import { ClickHouseService } from '@park/clickhouse';
import { validateManifest } from '@park/usage-domain';
import { ManifestsRepository } from '@park/usage-pipeline';
import { enforceIngestLimitRpc, RateLimits, recordsIn } from '@park/platform';

const SERVICE = 'IngestService';
const STATUS: Record<RecordAnswer['status'], string> = {
  accepted: 'RECORD_STATUS_ACCEPTED',
  rejected: 'RECORD_STATUS_REJECTED',
  duplicate: 'RECORD_STATUS_DUPLICATE',
};

/** The agent API over gRPC (proto/park/ingest/v1/ingest.proto): same checks and answers as over HTTPS. */
// Agent RPCs (cluster-agent): each handler verifies the Ed25519 signature in the metadata (authenticate below).
@SignedByClusterAgent()
@Controller()
export class UsageGrpcController {
  private readonly manifests: ManifestsRepository;

  constructor(
    private readonly ingest: IngestService,
    private readonly authenticator: AgentAuthenticator,
    clickhouse: ClickHouseService,
    @Optional() private readonly limits?: RateLimits,
  ) {
    this.manifests = new ManifestsRepository(clickhouse.client, clickhouse.database);
  }

  @GrpcMethod(SERVICE, 'PushUsage')
  async pushUsage(request: DecodedRequest, metadata: Metadata) {
    const requestId = first(metadata, 'x-request-id') ?? randomUUID();
    return requestContext.run({ requestId }, async () => {
      const clusterId = await this.authenticate(request, metadata, `/park.ingest.v1.${SERVICE}/PushUsage`);
      const answer = await this.ingest.pushUsage({ clusterId, body: request, byteLength: request[RAW_BYTES]?.length ?? 0, requestId }).catch((error: unknown) => {
        if (error instanceof KafkaUnavailableError) throw new RpcException({ code: status.UNAVAILABLE, message: `${error.code}: ${error.message}` });
        throw error;
      });
      if (!answer.ok) throw new RpcException({ code: status.INVALID_ARGUMENT, message: `${answer.issues[0].code}: ${answer.issues[0].message}` });
      return {
        batch_id: answer.batch_id,
        accepted: answer.accepted,
        rejected: answer.rejected,
        duplicates: answer.duplicates,
        results: answer.results.map((r) => ({ ...r, status: STATUS[r.status] })),
      };
    });
  }

  @GrpcMethod(SERVICE, 'PushManifest')
  async pushManifest(request: DecodedRequest, metadata: Metadata) {
    const requestId = first(metadata, 'x-request-id') ?? randomUUID();
    const clusterId = await this.authenticate(request, metadata, `/park.ingest.v1.${SERVICE}/PushManifest`);
    const validation = validateManifest(request.manifest, { clusterId });
    if (!validation.ok) {
      return { status: 'MANIFEST_STATUS_REJECTED', reason_code: validation.reason, message: validation.message, issues: validation.issues };
    }
    await this.manifests.store(validation.manifest, requestId);
    return { status: 'MANIFEST_STATUS_ACCEPTED' };
  }

  @GrpcMethod(SERVICE, 'GetIngestionStatus')
  async getIngestionStatus(request: DecodedRequest, metadata: Metadata) {
    const clusterId = await this.authenticate(request, metadata, `/park.ingest.v1.${SERVICE}/GetIngestionStatus`);
    const to = typeof request.to_day === 'string' && request.to_day ? request.to_day : new Date().toISOString().slice(0, 10);
    const from = typeof request.from_day === 'string' && request.from_day ? request.from_day : new Date(Date.parse(`${to}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
    if (![from, to].every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))) throw new RpcException({ code: status.INVALID_ARGUMENT, message: 'BAD_DAY: from_day and to_day must look like 2026-11-01' });
    const days = await this.manifests.reconcile(clusterId, from, to);
    return {
      cluster_id: clusterId,
      days: days.map((d) => ({
        day: d.day, counted_records: d.counted_records, rejected_records: d.rejected_records, manifest_records: d.manifest_records,
        state: `RECONCILIATION_STATE_${d.state}`,
        differences: d.differences.map((x) => ({
          kind: x.kind,
          tenant_id: 'tenantId' in x ? x.tenantId : '',
          sku: 'sku' in x ? x.sku : '',
          expected: 'expected' in x && typeof x.expected !== 'object' ? String(x.expected) : '',
          counted: 'counted' in x && typeof x.counted !== 'object' ? String(x.counted) : '',
        })),
      })),
    };
  }

  /** Verifies the signature over the request's exact bytes; metadata carries the same headers as HTTPS. */
  private async authenticate(request: DecodedRequest, metadata: Metadata, path: string): Promise<string> {
    const result = await this.authenticator.authenticate({
      method: 'POST',
      path,
      body: request[RAW_BYTES] ?? Buffer.alloc(0),
      header: (name) => first(metadata, name),
    });
    if (!result.ok) throw new RpcException({ code: status.UNAUTHENTICATED, message: `${result.code}: ${result.message}` });
    // only a signed request learns that its bytes did not decode
    if (request[DECODE_ERROR]) {
      throw new RpcException({ code: status.INVALID_ARGUMENT, message: `MALFORMED_PROTOBUF: the request is not a valid ${SERVICE} message (${request[DECODE_ERROR]})` });
    }
    const usage = { records: recordsIn(request), bytes: request[RAW_BYTES]?.length ?? 0 };
    await enforceIngestLimitRpc(this.limits, result.clusterId, usage);
    return result.clusterId;
  }
}

function first(metadata: Metadata, key: string): string | undefined {
  const v = metadata.get(key)[0];
  return v === undefined ? undefined : String(v);
}
