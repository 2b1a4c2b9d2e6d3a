import type { Server } from 'node:http';
import request from 'supertest';
import { signedHeaders, type AgentCredential } from '@park/agent-auth';
import type { UsageRecordWire } from '@park/usage-domain';

/** Pushes like a cluster agent: signs the exact body it sends. */
export async function pushBatch(
  server: Server | string,
  clusterId: string,
  credential: AgentCredential,
  records: unknown[],
  path = '/v1/usage/batches',
) {
  const body = Buffer.from(JSON.stringify({ records }));
  const headers = signedHeaders(credential.privateKeyPem, {
    method: 'POST',
    path,
    body,
    clusterId,
    keyId: credential.keyId,
  });
  // a string, so supertest sends these exact bytes (it would JSON-encode a Buffer)
  return request(server).post(path).set(headers).set('content-type', 'application/json').send(body.toString('utf8'));
}

/** Groups records by cluster and cuts them into batches, keeping each cluster's order. */
export function batchesByCluster(
  records: UsageRecordWire[],
  size: number,
): { clusterId: string; records: UsageRecordWire[] }[] {
  const byCluster = new Map<string, UsageRecordWire[]>();
  for (const r of records) {
    const list = byCluster.get(r.cluster_id) ?? [];
    list.push(r);
    byCluster.set(r.cluster_id, list);
  }
  const batches: { clusterId: string; records: UsageRecordWire[] }[] = [];
  for (const [clusterId, list] of byCluster) {
    for (let i = 0; i < list.length; i += size) batches.push({ clusterId, records: list.slice(i, i + size) });
  }
  return batches;
}

export async function waitFor<T>(
  what: string | (() => string),
  probe: () => Promise<T>,
  done: (v: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!done(last)) {
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}; last value: ` +
          `${JSON.stringify(last)}`,
      );
    await new Promise((r) => setTimeout(r, 250));
    last = await probe();
  }
  return last;
}
