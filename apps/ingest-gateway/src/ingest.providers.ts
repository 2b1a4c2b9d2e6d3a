import type { Provider } from '@nestjs/common';
import { AgentAuthenticator, RedisNonceStore } from '@park/agent-auth';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { PrismaService } from '@park/db';
import { ClusterDirectoryRepository, IngestService, UsageProducer } from '@park/ingest';
import { KafkaService } from '@park/kafka';
import { RedisService } from '@park/queue';

/** How far an agent's clock may drift; a signed request older than this is refused, and nonces live twice as long. */
export const REPLAY_WINDOW_MS = 5 * 60_000;

export const ingestProviders: Provider[] = [
  { provide: ClusterDirectoryRepository, inject: [PrismaService], useFactory: (db: PrismaService) => new ClusterDirectoryRepository(db.client) },
  {
    provide: UsageProducer,
    inject: [KafkaService, APP_CONFIG],
    useFactory: (kafka: KafkaService, config: AppConfig) => new UsageProducer(kafka.kafka, config.kafka),
  },
  {
    provide: IngestService,
    inject: [ClusterDirectoryRepository, UsageProducer],
    useFactory: (directory: ClusterDirectoryRepository, producer: UsageProducer) => new IngestService(directory, producer),
  },
  {
    provide: AgentAuthenticator,
    inject: [ClusterDirectoryRepository, RedisService, APP_CONFIG],
    useFactory: (directory: ClusterDirectoryRepository, redis: RedisService, config: AppConfig) =>
      new AgentAuthenticator(directory, new RedisNonceStore(redis.redis, config.redis.queuePrefix), { replayWindowMs: REPLAY_WINDOW_MS }),
  },
];
