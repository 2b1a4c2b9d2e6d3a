import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { createLogger, NestPinoLogger, type Logger } from '@park/logging';
import { registry } from '@park/observability';
import type { ThreadApp, ThreadData, ThreadMessage, ThreadRequest } from './feature-thread';
import { HealthService } from './health.service';
import { AppRootModule } from './platform.module';
import { handleUnhandledRejections } from './unhandled-rejection';

/** The worker side of a FeatureThread: its app context, and answers to the app's thread over the port. */
async function main(): Promise<void> {
  const { app: appName, config, thread } = workerData as ThreadData;
  const port = parentPort!;
  const logger: Logger = createLogger({ app: appName, level: config.logLevel }).child({ thread: thread.name });
  handleUnhandledRejections(logger, (reason) => {
    logger.fatal({ err: reason }, `thread ${thread.name}: unhandled rejection`);
    void exitThread(logger, 1); // the app sees it and stops (fail fast)
  });
  const definition = ((await import(thread.file)) as Record<string, ThreadApp>)[thread.export];
  if (!definition) throw new Error(`${thread.file} exports no ${thread.export}`);
  const app = await NestFactory.createApplicationContext(
    AppRootModule.create({ config, dependencies: definition.dependencies, features: definition.features }),
    // abortOnError false: a module that cannot be built fails the thread with its error instead of exiting it
    { logger: new NestPinoLogger(logger), abortOnError: false },
  );
  await app.init();
  port.on('message', (request: ThreadRequest) => void answer(app, logger, request));
  port.postMessage({ ready: true } satisfies ThreadMessage);
  logger.info(`thread ${thread.name} started`);
}

async function answer(app: INestApplicationContext, logger: Logger, { id, kind }: ThreadRequest): Promise<void> {
  if (kind === 'stop') {
    try {
      await app.close(); // consumers disconnect, clients close
      logger.info('thread closed');
      await exitThread(logger, 0);
    } catch (error) {
      logger.error({ err: error }, 'thread did not close cleanly');
      await exitThread(logger, 1);
    }
  }
  try {
    const result = kind === 'health' ? await app.get(HealthService).check() : await registry.getMetricsAsJSON();
    parentPort!.postMessage({ id, result } satisfies ThreadMessage);
  } catch (error) {
    parentPort!.postMessage({
      id,
      error: error instanceof Error ? error.message : String(error),
    } satisfies ThreadMessage);
  }
}

/** Ends this thread (not the process). pino flushes its asynchronous writes on exit in the main thread only. */
async function exitThread(logger: Logger, code: number): Promise<never> {
  await new Promise<void>((resolve) => logger.flush(() => resolve()));
  process.exit(code);
}

main().catch((error: unknown) => {
  // thrown out of the thread: the app receives it as the worker's error and fails its start
  setImmediate(() => {
    throw error;
  });
});
