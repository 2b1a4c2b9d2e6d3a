import type { Message } from 'kafkajs';
import { createPark, generateRecords } from '@park/usage-domain';
import type { ClusterDirectoryRepository } from './cluster-directory.repository';
import { IngestService, KafkaUnavailableError } from './ingest.service';
import type { UsageProducer } from './usage-producer';

const NOW = Date.UTC(2026, 10, 25, 12);
const park = createPark(11, { tenants: 4, clusters: 1, prefix: 'ingest-spec' });
const cluster = park.clusters[0];
const records = generateRecords(park, { from: NOW - 86_400_000, to: NOW - 60_000, count: 20 }).filter(
  (r) => r.cluster_id === cluster.id,
);

// The cluster directory from the simulated park: what PostgreSQL would answer for it.
const directory = {
  boundTenants: async () => park.bindings.get(cluster.id)!,
  skuCatalogue: async () => park.catalogue,
} as unknown as ClusterDirectoryRepository;

/** A producer whose broker answers as told: acknowledged, or failed. */
function producer(fail?: Error): UsageProducer & { sent: Message[][] } {
  const sent: Message[][] = [];
  return {
    sent,
    send: async (accepted: Message[], rejected: Message[]) => {
      if (fail) throw fail;
      sent.push(accepted, rejected);
    },
  } as unknown as UsageProducer & { sent: Message[][] };
}

describe('IngestService.pushUsage', () => {
  it('answers per record once Kafka acknowledged the accepted records', async () => {
    const acknowledging = producer();
    const answer = await new IngestService(directory, acknowledging, undefined, () => NOW).pushUsage({
      clusterId: cluster.id,
      body: { records },
      byteLength: 1,
      requestId: 'r1',
    });
    expect(answer).toMatchObject({ ok: true, accepted: records.length, rejected: 0 });
    expect(acknowledging.sent[0].length).toBeGreaterThan(0);
  });

  it('fails the push as KAFKA_UNAVAILABLE when Kafka does not acknowledge it', async () => {
    const failing = producer(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092'));
    const push = new IngestService(directory, failing, undefined, () => NOW).pushUsage({
      clusterId: cluster.id,
      body: { records },
      byteLength: 1,
      requestId: 'r2',
    });
    await expect(push).rejects.toBeInstanceOf(KafkaUnavailableError);
    const retry = expect.stringContaining('retry it as it is');
    await expect(push).rejects.toMatchObject({ code: 'KAFKA_UNAVAILABLE', message: retry });
    // agents are not shown the broker's address; the cause stays on the error for the gateway's log
    await expect(push).rejects.toMatchObject({ message: expect.not.stringMatching(/127\.0\.0\.1|9092|ECONNREFUSED/) });
    await expect(push.catch((e: Error) => (e.cause as Error).message)).resolves.toContain('127.0.0.1:9092');
  });
});
