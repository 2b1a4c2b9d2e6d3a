import { Kafka, logLevel } from 'kafkajs';

/** `test-<uniqueId>.…` (test-config.ts): uniqueId starts with `t`, then Date.now() in base 36, then 6 hex digits. */
const TEST_NAME = /^test-t([0-9a-z]+)[0-9a-f]{6}\./;
/** No test run lives this long (a whole `npm test` takes minutes), so older names belong to no running test. */
export const STALE_AFTER_MS = 60 * 60_000;

/** When the test that made this topic or group name started, or undefined for a name that is not a test's. */
export function testNameCreatedAt(name: string): number | undefined {
  const m = TEST_NAME.exec(name);
  if (!m) return undefined;
  const at = parseInt(m[1], 36);
  return Number.isSafeInteger(at) ? at : undefined;
}

/**
 * Deletes the Kafka topics and consumer groups that earlier test runs left on the shared broker (each test makes
 * its own; hundreds of leftovers slow the broker's restarts down for every later test). Only names older than
 * STALE_AFTER_MS, so a test run going on beside this one keeps its own. Returns how many topics went.
 */
export async function deleteStaleTestTopics(brokers: string[], now = Date.now()): Promise<number> {
  const admin = new Kafka({ clientId: 'test-cleanup', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const stale = (name: string) => {
      const at = testNameCreatedAt(name);
      return at !== undefined && now - at > STALE_AFTER_MS;
    };
    const topics = (await admin.listTopics()).filter(stale);
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter(stale);
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined); // a group still joined stays
    return topics.length;
  } finally {
    await admin.disconnect();
  }
}
