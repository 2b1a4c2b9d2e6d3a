import { missingServices } from './services';

/** Integration tests use the real services; a missing one fails the run up front, named, never skipped. */
export default async function globalSetup(): Promise<void> {
  const missing = await missingServices();
  if (missing.length > 0) {
    throw new Error(`Integration tests need real services:\n  - ${missing.join('\n  - ')}`);
  }
}
