import { HttpException, Logger } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { status } from '@grpc/grpc-js';
import { NonceStoreUnavailableError } from '@park/agent-auth';
import { IngestInputError, KafkaUnavailableError } from '@park/ingest';
import { currentRequestId } from '@park/logging';

/**
 * Where the gateway's typed errors become answers, once per transport: input the agent can fix → 400 /
 * INVALID_ARGUMENT; a dependency that did not answer in time → 503 / UNAVAILABLE (retry as is). Anything else
 * is rethrown unchanged (a bug: Nest answers 500 and logs it).
 */
export function asHttpError(error: unknown): unknown {
  const known = classify(error);
  if (!known) return error;
  const { code, message, issues } = known;
  return new HttpException(
    { error: { code, message, ...(issues ? { issues } : {}), requestId: currentRequestId() } },
    known.http,
  );
}

export function asRpcError(error: unknown): unknown {
  const known = classify(error);
  return known ? new RpcException({ code: known.grpc, message: `${known.code}: ${known.message}` }) : error;
}

const log = new Logger('ingest-gateway');

function classify(error: unknown) {
  if (error instanceof IngestInputError) {
    return { http: 400, grpc: status.INVALID_ARGUMENT, code: error.code, message: error.message, issues: error.issues };
  }
  if (error instanceof KafkaUnavailableError || error instanceof NonceStoreUnavailableError) {
    // the agent's message names no address; the operator's log keeps the cause
    log.warn(`${error.code}: ${error.cause instanceof Error ? error.cause.message : String(error.cause)}`);
    return { http: 503, grpc: status.UNAVAILABLE, code: error.code, message: error.message, issues: undefined };
  }
  return undefined;
}
