import 'reflect-metadata';
import { ServerCredentials } from '@grpc/grpc-js';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import type { INestApplication, Type } from '@nestjs/common';
import { ClickHouseService } from '@park/clickhouse';
import { loadConfig, ConfigError, type AppConfig } from '@park/config';
import { KafkaService } from '@park/kafka';
import { createLogger, NestPinoLogger, requestIdMiddleware, type Logger } from '@park/logging';
import { FeatureThreads, type FeatureThread } from './feature-thread';
import { AppRootModule } from './platform.module';
import { handleUnhandledRejections } from './unhandled-rejection';
import { bodyMiddleware, type BodyOptions } from './body.middleware';
import { serveApiDescription } from './api-description';
import { AGENT_BODY_LIMIT_BYTES, bodyLimitOf, readTlsFiles, securityHeaders } from './http-hardening';

import type { Dependency } from './health.service';

export interface RunAppOptions {
  app: string;
  dependencies: Dependency[];
  features: Type[];
  /** Prepares the stores this app owns before it serves (migrations, topics). */
  prepare?: { clickhouseMigrations?: boolean; kafkaTopics?: boolean };
  /** A gRPC API served beside HTTP on GRPC_PORT (the gateway's agent API): its package and loaded definition. */
  grpc?: () => { package: string; packageDefinition: object };
  /** Feature modules run on worker threads of this process, started after `prepare` (FeatureThread). */
  threads?: FeatureThread[];
  /** How request bodies are read, from the built app (the gateway screens and defers its signed agent routes). */
  bodies?: (app: INestApplication) => BodyOptions;
  /** Runs after the app listens (e.g. the demo run in `park`). */
  afterListen?: (app: INestApplication, config: AppConfig, logger: Logger) => Promise<void>;
}

/** Builds the Nest application for an app without listening (tests use it too). */
export async function createApp(config: AppConfig, logger: Logger, options: RunAppOptions): Promise<INestApplication> {
  const tls = readTlsFiles(config);
  const app = await NestFactory.create(
    AppRootModule.create({
      config,
      dependencies: options.dependencies,
      features: options.features,
      threads: { app: options.app, threads: options.threads ?? [] },
    }),
    { logger: new NestPinoLogger(logger), bufferLogs: false, bodyParser: false, httpsOptions: tls ?? undefined },
  );
  type ExpressSettings = { set(name: string, value: unknown): void; disable(name: string): void };
  const express = app.getHttpAdapter().getInstance() as ExpressSettings;
  // no ETag on answers: every body would be hashed (an agent's per-record answer is ~100 kB) and no client of
  // ours sends conditional requests
  express.set('etag', false);
  express.disable('x-powered-by');
  app.use(securityHeaders(tls !== null, config.auth.kind === 'oidc' ? config.auth.issuer : undefined));
  app.use(requestIdMiddleware(logger));
  // bodies are read before authentication: only agent routes (signed, checked right after) get the large limit
  app.use(bodyMiddleware(bodyLimitOf(app, config), options.bodies?.(app)));
  serveApiDescription(app, options.app);
  app.enableShutdownHooks();
  if (options.prepare?.clickhouseMigrations) {
    const report = await app.get(ClickHouseService).migrate();
    if (report.applied.length > 0) logger.info({ applied: report.applied }, 'clickhouse migrations applied');
  }
  if (options.grpc) {
    app.connectMicroservice<MicroserviceOptions>(
      {
        transport: Transport.GRPC,
        options: {
          ...options.grpc(),
          url: `${config.grpc.host}:${config.grpc.port}`,
          // above the 4 MiB batch limit, so an oversized batch is answered with its reason code
          maxReceiveMessageLength: AGENT_BODY_LIMIT_BYTES,
          ...(tls ? { credentials: grpcTlsCredentials(tls) } : {}),
        },
      },
      { inheritAppConfig: true },
    );
  }
  if (options.prepare?.kafkaTopics) {
    const created = await app.get(KafkaService).ensureTopics();
    if (created.length > 0) logger.info({ created }, 'kafka topics created');
  }
  return app;
}

/** gRPC over TLS with the certificate and key of TLS_CERT_FILE / TLS_KEY_FILE (no client certificates). */
function grpcTlsCredentials(tls: { cert: Buffer; key: Buffer }): ServerCredentials {
  return ServerCredentials.createSsl(null, [{ private_key: tls.key, cert_chain: tls.cert }], false);
}

/** The whole life of an app process: validated config, JSON logs, listen, clean stop on SIGINT/SIGTERM. */
export async function runApp(options: RunAppOptions): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${options.app}: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger({ app: options.app, level: config.logLevel });
  handleUnhandledRejections(logger, (reason) => {
    logger.fatal({ err: reason }, `${options.app}: unhandled rejection`);
    process.exit(1);
  });
  try {
    const app = await createApp(config, logger, options);
    // an app without one of its threads would, e.g., accept usage it never stores: fail fast
    if (options.threads?.length) {
      app.get(FeatureThreads).onFailure((thread, error) => {
        logger.fatal({ err: error, thread }, `${options.app}: thread ${thread} stopped`);
        process.exit(1);
      });
    }
    if (options.grpc) await app.startAllMicroservices();
    await app.listen(config.http.port, config.http.host);
    const { port, host } = config.http;
    logger.info({ port, host, tls: config.tls !== null }, `${options.app} listening`);
    if (options.afterListen) await options.afterListen(app, config, logger);
  } catch (error) {
    logger.fatal({ err: error }, `${options.app} failed to start`);
    process.exit(1);
  }
}
