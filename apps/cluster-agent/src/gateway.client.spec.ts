import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AGENT_HEADERS } from '@park/agent-auth';
import { testWorld, wireRecord as buildRecord, type UsageRecordWire } from '@park/usage-domain';
import { AgentError, EXIT } from './agent.errors';
import { GatewayClient } from './gateway.client';
import { cutBatches, emptyTally, pushBatches } from './push.command';

interface Seen {
  nonce: string;
  body: string;
}

/** A gateway stand-in answering each attempt from a script (status, or 'drop' to cut the connection). */
async function fakeGateway(script: (number | 'drop')[]): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push({ nonce: String(req.headers[AGENT_HEADERS.nonce]), body });
      const step = script[Math.min(seen.length - 1, script.length - 1)];
      if (step === 'drop') return req.socket.destroy();
      const records = body === '' ? [] : (JSON.parse(body) as { records: { event_id: string }[] }).records;
      const answer =
        step === 200
          ? {
              results: records.map((r, index) => ({
                index,
                event_id: r.event_id,
                status: index === 1 ? 'rejected' : 'accepted',
                reason_code: 'TOO_OLD',
                message: 'ended_at: old',
              })),
            }
          : { error: { code: step === 401 ? 'UNKNOWN_KEY' : 'KAFKA_UNAVAILABLE', message: 'scripted' } };
      const retryAfter = step === 429 ? { 'retry-after': '2' } : {};
      res.writeHead(step, { 'content-type': 'application/json', ...retryAfter }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

const { privateKey } = generateKeyPairSync('ed25519');
const client = (url: string, maxAttempts = 4) =>
  new GatewayClient({
    baseUrl: url,
    identity: { clusterId: 'c1', keyId: 'ak_test', privateKey },
    log: () => undefined,
    sleep: async () => undefined,
    retry: { maxAttempts, baseDelayMs: 1, maxDelayMs: 1, timeoutMs: 5_000 },
  });
const world = testWorld();
const wireRecord = (overrides: Record<string, unknown> = {}) =>
  buildRecord(world, overrides) as unknown as UsageRecordWire;
const quiet = { out: () => undefined, err: () => undefined };

describe('GatewayClient retry policy', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('retries 503 and dropped connections with the same body and a new nonce each attempt', async () => {
    const gw = await fakeGateway([503, 'drop', 200]);
    server = gw.server;
    const tally = emptyTally();
    const errors: string[] = [];
    await pushBatches(
      client(gw.url),
      'c1',
      [[wireRecord({ event_id: 'e-1' }), wireRecord({ event_id: 'e-2' })]],
      tally,
      { ...quiet, err: (l) => errors.push(l) },
    );
    expect(tally).toEqual({ pushed: 2, accepted: 1, duplicates: 0, rejected: 1, batches: 1, retries: 2 });
    expect(new Set(gw.seen.map((s) => s.nonce)).size).toBe(3);
    expect(new Set(gw.seen.map((s) => s.body)).size).toBe(1);
    expect(errors).toEqual(['rejected record 1 event_id=e-2 TOO_OLD: ended_at: old']);
  });

  it('never retries a 401 and stops the push with exit code 3, naming the reason', async () => {
    const gw = await fakeGateway([401]);
    server = gw.server;
    const push = pushBatches(client(gw.url), 'c1', [[wireRecord()], [wireRecord()]], emptyTally(), quiet);
    await expect(push).rejects.toThrow(
      expect.objectContaining({ exitCode: EXIT.refused, message: expect.stringContaining('UNKNOWN_KEY: scripted') }),
    );
    expect(gw.seen).toHaveLength(1);
  });

  it('waits at least the Retry-After of a 429 before the next attempt', async () => {
    const gw = await fakeGateway([429, 200]);
    server = gw.server;
    const waits: number[] = [];
    const patient = new GatewayClient({
      baseUrl: gw.url,
      identity: { clusterId: 'c1', keyId: 'ak_test', privateKey },
      log: () => undefined,
      sleep: async (ms) => {
        waits.push(ms);
      },
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, timeoutMs: 5_000 },
    });
    const answer = patient.send('POST', '/v1/usage/batches', { records: [] });
    await expect(answer).resolves.toMatchObject({ status: 200, retries: 1 });
    expect(waits).toEqual([2000]);
  });

  it('gives up after maxAttempts with exit code 4', async () => {
    const gw = await fakeGateway([503]);
    server = gw.server;
    const send = client(gw.url, 3).send('GET', '/v1/ingestion/status?from_day=2026-11-01');
    await expect(send).rejects.toBeInstanceOf(AgentError);
    await expect(client(gw.url, 2).send('GET', '/v1/ingestion/status')).rejects.toThrow(
      /failed 2 times, last: KAFKA_UNAVAILABLE/,
    );
    expect(gw.seen).toHaveLength(5);
  });
});

describe('cutBatches', () => {
  it('keeps the order and cuts by record count', () => {
    const records = Array.from({ length: 7 }, (_, i) => wireRecord({ event_id: `e-${i}` }));
    const batches = cutBatches(records, 3);
    expect(batches.map((b) => b.length)).toEqual([3, 3, 1]);
    expect(batches.flat().map((r) => r.event_id)).toEqual(records.map((r) => r.event_id));
  });

  it('stays under the gateway body limit with large records', () => {
    const big = Array.from({ length: 12 }, (_, i) =>
      wireRecord({ event_id: `e-${i}`, attributes: { blob: 'x'.repeat(1_000_000) } }),
    );
    const batches = cutBatches(big, 5_000);
    expect(batches.every((b) => Buffer.byteLength(JSON.stringify({ records: b })) < 4 * 1024 * 1024)).toBe(true);
    expect(batches.flat()).toHaveLength(12);
  });
});
