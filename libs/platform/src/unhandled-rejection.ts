import type { Logger } from '@park/logging';

/**
 * kafkajs can leave a request's rejection unhandled when a broker drops connections (kafkajs issue #1686); the
 * client reconnects by itself, so those are logged. Anything else unhandled is fatal: fail fast. Per thread.
 */
export function handleUnhandledRejections(logger: Logger, fatal: (reason: unknown) => void): void {
  process.on('unhandledRejection', (reason) => {
    if (reason instanceof Error && /^KafkaJS/.test(reason.name)) {
      logger.warn({ err: reason }, 'kafka client error outside a request (broker away?); the client reconnects');
      return;
    }
    fatal(reason);
  });
}
