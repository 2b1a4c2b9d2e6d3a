import { Redis } from 'ioredis';
import { createPrismaClient, type PrismaClient } from '@park/db';
import {
  AgentKeyRetirements,
  agentKeyRetiredChannel,
  ClusterAdminService,
  ClusterDirectoryRepository,
} from '@park/ingest';
import { waitFor } from '../support/agent-client';
import { testConfig, uniqueId } from '../support/test-config';

/**
 * Two gateway instances' key caches, each with its own Redis subscriber, and a minute-long cache TTL: only the
 * announcement on the shared channel can make an instance see a retirement within the test's second.
 */
describe('a retired agent key is evicted from every instance at once (Redis pub/sub)', () => {
  const config = testConfig();
  const channel = agentKeyRetiredChannel(config.redis.queuePrefix);
  let prisma: PrismaClient;
  let publisher: Redis;
  const instances: { directory: ClusterDirectoryRepository; retirements: AgentKeyRetirements }[] = [];

  beforeAll(async () => {
    prisma = createPrismaClient(config.postgres);
    publisher = new Redis(config.redis.url, { maxRetriesPerRequest: 1 });
    for (let i = 0; i < 2; i++) {
      const directory = new ClusterDirectoryRepository(prisma, { ttlMs: 60_000 });
      const retirements = new AgentKeyRetirements(publisher, channel, 2_000);
      retirements.listen(config.redis.url, directory);
      instances.push({ directory, retirements });
    }
    // both subscribers are in place before anything is announced
    await waitFor(
      'two subscribers on the channel',
      async () => Number((await publisher.pubsub('NUMSUB', channel))[1]),
      (n) => n === 2,
      10_000,
    );
  });

  afterAll(async () => {
    for (const i of instances) i.retirements.close();
    publisher?.disconnect();
    await prisma?.$disconnect();
  });

  it('refuses the key on the other instance within seconds, though its cache would keep it a minute', async () => {
    const [a, b] = instances;
    const admin = new ClusterAdminService(prisma, async (keyId) => {
      a.directory.forgetKey(keyId);
      await a.retirements.announce(keyId);
    });
    const clusterId = uniqueId('cl-');
    await admin.createCluster({ id: clusterId, name: 'retire test' });
    const key = await admin.issueKey(clusterId);
    const other = await admin.issueKey(clusterId);
    // both instances have the key cached as current
    for (const i of instances) expect(await i.directory.findKey(key.keyId)).toMatchObject({ retiredAt: null });
    await b.directory.findKey(other.keyId);

    const started = Date.now();
    await admin.retireKey(clusterId, key.keyId);
    expect((await a.directory.findKey(key.keyId))?.retiredAt).toBeInstanceOf(Date);
    const seen = await waitFor(
      'instance b to read the retirement',
      () => b.directory.findKey(key.keyId),
      (k) => k?.retiredAt instanceof Date,
      3_000,
    );
    expect(seen?.retiredAt!.getTime()).toBeLessThanOrEqual(Date.now());
    console.log(`retirement seen by the other instance after ${Date.now() - started} ms (its cache TTL: 60000 ms)`);
    // only the retired key was evicted: the other stays cached
    expect(b.directory.cachedKeyCount().known).toBe(2);
  });
});
