import { missingServices } from './services';
import { deleteStaleTestTopics } from './stale-test-topics';

/** Integration tests use the real services; a missing one fails the run up front, named, never skipped. */
export default async function globalSetup(): Promise<void> {
  const missing = await missingServices();
  if (missing.length > 0) {
    throw new Error(`Integration tests need real services:\n  - ${missing.join('\n  - ')}`);
  }
  const deleted = await deleteStaleTestTopics((process.env.TEST_KAFKA_BROKERS ?? '127.0.0.1:9092').split(','));
  if (deleted > 0) process.stdout.write(`\nintegration tests: deleted ${deleted} Kafka topics that test runs over an hour ago left behind\n`);
}
