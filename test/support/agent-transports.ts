import type { Server } from 'node:http';
import { Client, credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import request from 'supertest';
import { signedHeaders, type AgentCredential } from '@park/agent-auth';
import { loadIngestPackage } from '@park/ingest';

export type AgentMethod = 'PushUsage' | 'PushManifest' | 'GetIngestionStatus';

/** An answer with the transport taken out: what an agent learns, whichever way it asked. */
export type AgentAnswer =
  | { kind: 'ok'; body: Record<string, unknown> }
  | { kind: 'invalid' | 'unauthenticated' | 'unavailable'; code: string }
  | { kind: 'server-error'; detail: string };

interface Codec {
  requestSerialize: (v: object) => Buffer;
  responseDeserialize: (b: Buffer) => Record<string, unknown>;
}
const service = loadIngestPackage()['park.ingest.v1.IngestService'] as unknown as Record<AgentMethod, Codec>;

/** A cluster agent's signed calls over HTTPS + JSON. */
export function httpAgent(server: Server | string, clusterId: string, credential: AgentCredential) {
  const sign = (method: string, path: string, body: Buffer) =>
    signedHeaders(credential.privateKeyPem, { method, path, body, clusterId, keyId: credential.keyId });
  return {
    async send(method: 'GET' | 'POST', path: string, body: Buffer = Buffer.alloc(0), contentType = 'application/json') {
      const headers = sign(method, path, body);
      const req =
        method === 'GET' ? request(server).get(path) : request(server).post(path).set('content-type', contentType);
      // serialize() as identity: the exact signed bytes go on the wire
      const res = await req
        .set(headers)
        .serialize((x: unknown) => x as string)
        .send(body.length > 0 ? (body as unknown as string) : undefined);
      return res;
    },
    async answer(
      method: 'GET' | 'POST',
      path: string,
      body: Buffer = Buffer.alloc(0),
      contentType?: string,
    ): Promise<AgentAnswer & { status: number; message?: string }> {
      const res = await this.send(method, path, body, contentType);
      const code = (res.body as { error?: { code?: string } })?.error?.code ?? '';
      const message = (res.body as { error?: { message?: string } })?.error?.message;
      if (res.status === 200) return { status: res.status, kind: 'ok', body: res.body as Record<string, unknown> };
      if (res.status === 400 || res.status === 413) return { status: res.status, kind: 'invalid', code, message };
      if (res.status === 401) return { status: res.status, kind: 'unauthenticated', code, message };
      if (res.status === 503) return { status: res.status, kind: 'unavailable', code, message };
      return { status: res.status, kind: 'server-error', detail: `${res.status} ${JSON.stringify(res.body)}` };
    },
  };
}

/** The same agent over gRPC: signed over the exact request bytes, as the reference agent does. */
export function grpcAgent(address: string, clusterId: string, credential: AgentCredential) {
  const client = new Client(address, credentials.createInsecure());
  const call = (method: AgentMethod, bytes: Buffer) =>
    new Promise<{ error: ServiceError | null; response?: Record<string, unknown> }>((resolve) => {
      const path = `/park.ingest.v1.IngestService/${method}`;
      const metadata = new Metadata();
      const headers = signedHeaders(credential.privateKeyPem, {
        method: 'POST',
        path,
        body: bytes,
        clusterId,
        keyId: credential.keyId,
      });
      for (const [k, v] of Object.entries(headers)) metadata.set(k, v);
      client.makeUnaryRequest(
        path,
        (b: Buffer) => b,
        service[method].responseDeserialize,
        bytes,
        metadata,
        (error, response) => resolve({ error, response }),
      );
    });
  return {
    client,
    serialize: (method: AgentMethod, message: object) => service[method].requestSerialize(message),
    async answer(
      method: AgentMethod,
      message: object | Buffer,
    ): Promise<AgentAnswer & { grpcCode: number; message?: string }> {
      const bytes = Buffer.isBuffer(message) ? message : service[method].requestSerialize(message);
      const { error, response } = await call(method, bytes);
      if (!error) {
        // a refused manifest is answered in the body, with the reason code HTTPS gives with its 400
        if (response?.status === 'MANIFEST_STATUS_REJECTED')
          return { grpcCode: 0, kind: 'invalid', code: String(response.reason_code) };
        return { grpcCode: 0, kind: 'ok', body: response ?? {} };
      }
      const code = error.details.split(':')[0];
      const kinds: Partial<Record<number, 'invalid' | 'unauthenticated' | 'unavailable'>> = {
        [status.INVALID_ARGUMENT]: 'invalid',
        [status.UNAUTHENTICATED]: 'unauthenticated',
        [status.UNAVAILABLE]: 'unavailable',
      };
      const kind = kinds[error.code];
      return kind
        ? { grpcCode: error.code, kind, code, message: error.details }
        : { grpcCode: error.code, kind: 'server-error', detail: `${status[error.code]} ${error.details}` };
    },
  };
}
