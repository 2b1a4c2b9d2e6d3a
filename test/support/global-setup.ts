import { missingServices } from './services';
import { deleteStaleTestTopics } from './stale-test-topics';

/** Integration tests use the real services; a missing one fails the run up front, named, never skipped. */
export default async function globalSetup(): Promise<void> {
  const missing = await missingServices();
  if (missing.length > 0) {
    throw new Error(`Integration tests need real services:\n  - ${missing.join('\n  - ')}`);
  }
  // housekeeping, not a test: a broker that will not list or delete topics now fails the tests that need it, named
  try {
    const deleted = await deleteStaleTestTopics((process.env.TEST_KAFKA_BROKERS ?? '127.0.0.1:9092').split(','));
    if (deleted > 0)
      process.stdout.write(
        `\nintegration tests: deleted ${deleted} Kafka topics that test runs over an hour ago left behind\n`,
      );
  } catch (error) {
    process.stdout.write(`\nintegration tests: could not delete old test topics (${String(error)}); going on\n`);
  }
}
