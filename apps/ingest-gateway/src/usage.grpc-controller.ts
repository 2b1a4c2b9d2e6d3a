import { Controller } from '@nestjs/common';
import { GrpcMethod, RpcException } from '@nestjs/microservices';
import { status, type Metadata } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { AgentAuthenticator } from '@park/agent-auth';
import { DECODE_ERROR, IngestService, RAW_BYTES, type DecodedRequest, type RecordAnswer } from '@park/ingest';
import { requestContext } from '@park/logging';

const SERVICE = 'IngestService';
const STATUS: Record<RecordAnswer['status'], string> = {
  accepted: 'RECORD_STATUS_ACCEPTED',
  rejected: 'RECORD_STATUS_REJECTED',
  duplicate: 'RECORD_STATUS_DUPLICATE',
};

/** The agent API over gRPC (proto/park/ingest/v1/ingest.proto): same checks and answers as over HTTPS. */
@Controller()
export class UsageGrpcController {
  constructor(
    private readonly ingest: IngestService,
    private readonly authenticator: AgentAuthenticator,
  ) {}

  @GrpcMethod(SERVICE, 'PushUsage')
  async pushUsage(request: DecodedRequest, metadata: Metadata) {
    const requestId = first(metadata, 'x-request-id') ?? randomUUID();
    return requestContext.run({ requestId }, async () => {
      const clusterId = await this.authenticate(request, metadata, `/park.ingest.v1.${SERVICE}/PushUsage`);
      const answer = await this.ingest.pushUsage({ clusterId, body: request, byteLength: request[RAW_BYTES]?.length ?? 0, requestId });
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
    return result.clusterId;
  }
}

function first(metadata: Metadata, key: string): string | undefined {
  const v = metadata.get(key)[0];
  return v === undefined ? undefined : String(v);
}
