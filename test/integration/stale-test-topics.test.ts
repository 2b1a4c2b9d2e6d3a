import { Kafka, logLevel } from 'kafkajs';
import { deleteStaleTestTopics, STALE_AFTER_MS, testNameCreatedAt } from '../support/stale-test-topics';

const brokers = (process.env.TEST_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const nameAt = (at: number, suffix: string) =>
  `test-t${at.toString(36)}${Math.floor(Math.random() * 0xffffff)
    .toString(16)
    .padStart(6, '0')}.${suffix}`;

describe('the cleanup of topics earlier test runs left on the shared broker', () => {
  it("reads when a test name was made, and ignores names that are not a test's", () => {
    const at = Date.UTC(2026, 10, 25, 6);
    expect(testNameCreatedAt(nameAt(at, 'usage.records.v1'))).toBe(at);
    expect(testNameCreatedAt('b1a2b3c4.usage.records.v1')).toBeUndefined();
    expect(testNameCreatedAt('usage.records.v1')).toBeUndefined();
  });

  it("deletes the topics of runs older than an hour and keeps a run's that may still be going", async () => {
    const admin = new Kafka({ clientId: 'test-cleanup-test', brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const now = Date.now();
      const old = nameAt(now - STALE_AFTER_MS - 60_000, 'cleanup');
      const recent = nameAt(now - STALE_AFTER_MS + 60_000, 'cleanup');
      await admin.createTopics({
        topics: [old, recent].map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })),
        waitForLeaders: true,
      });
      const deleted = await deleteStaleTestTopics(brokers, now);
      expect(deleted).toBeGreaterThanOrEqual(1);
      const left = new Set(await admin.listTopics());
      expect(left.has(old)).toBe(false);
      expect(left.has(recent)).toBe(true);
      await admin.deleteTopics({ topics: [recent] });
    } finally {
      await admin.disconnect();
    }
  });
});
