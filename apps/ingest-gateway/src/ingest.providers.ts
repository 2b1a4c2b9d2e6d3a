import { Logger, type Provider } from '@nestjs/common';
import { AgentAuthenticator, RedisNonceStore } from '@park/agent-auth';
import { ClickHouseService } from '@park/clickhouse';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { PrismaService } from '@park/db';
import {
  AgentKeyRetirements,
  AgentManifestsService,
  agentKeyRetiredChannel,
  ClusterAdminService,
  ClusterDirectoryRepository,
  ClusterPushRecorder,
  IngestService,
  UsageProducer,
} from '@park/ingest';
import { KafkaService } from '@park/kafka';
import { RedisService } from '@park/queue';
import { ManifestStatusQueries, ManifestsRepository } from '@park/usage-pipeline';

/** How far an agent's clock may drift; a signed request older than this is refused, and nonces live twice as long. */
export const REPLAY_WINDOW_MS = 5 * 60_000;

export const ingestProviders: Provider[] = [
  {
    provide: ClusterDirectoryRepository,
    inject: [PrismaService],
    useFactory: (db: PrismaService) => new ClusterDirectoryRepository(db.client),
  },
  {
    provide: AgentKeyRetirements,
    inject: [RedisService, APP_CONFIG, ClusterDirectoryRepository],
    useFactory: (redis: RedisService, config: AppConfig, directory: ClusterDirectoryRepository) => {
      const channel = agentKeyRetiredChannel(config.redis.queuePrefix);
      const retirements = new AgentKeyRetirements(
        redis.redis,
        channel,
        config.ingest.dependencyTimeoutMs,
        new Logger('agent-keys'),
      );
      retirements.listen(config.redis.url, directory);
      return retirements;
    },
  },
  {
    provide: ClusterAdminService,
    inject: [PrismaService, ClusterDirectoryRepository, AgentKeyRetirements],
    useFactory: (db: PrismaService, directory: ClusterDirectoryRepository, retirements: AgentKeyRetirements) =>
      new ClusterAdminService(db.client, async (keyId) => {
        directory.forgetKey(keyId);
        await retirements.announce(keyId);
      }),
  },
  {
    provide: UsageProducer,
    inject: [KafkaService, APP_CONFIG],
    useFactory: (kafka: KafkaService, config: AppConfig) =>
      new UsageProducer(kafka.kafka, config.kafka, config.ingest.dependencyTimeoutMs),
  },
  {
    provide: ClusterPushRecorder,
    inject: [PrismaService],
    useFactory: (prisma: PrismaService) => new ClusterPushRecorder(prisma.client, new Logger(ClusterPushRecorder.name)),
  },
  {
    provide: IngestService,
    inject: [ClusterDirectoryRepository, UsageProducer, ClusterPushRecorder],
    useFactory: (directory: ClusterDirectoryRepository, producer: UsageProducer, pushes: ClusterPushRecorder) =>
      new IngestService(directory, producer, undefined, Date.now, pushes),
  },
  {
    provide: AgentManifestsService,
    inject: [ClickHouseService],
    useFactory: (clickhouse: ClickHouseService) =>
      new AgentManifestsService(
        new ManifestsRepository(clickhouse.client, clickhouse.database),
        new ManifestStatusQueries(clickhouse.client, clickhouse.database),
      ),
  },
  {
    provide: AgentAuthenticator,
    inject: [ClusterDirectoryRepository, RedisService, APP_CONFIG],
    useFactory: (directory: ClusterDirectoryRepository, redis: RedisService, config: AppConfig) => {
      const nonces = new RedisNonceStore(redis.redis, config.redis.queuePrefix, config.ingest.dependencyTimeoutMs);
      return new AgentAuthenticator(directory, nonces, { replayWindowMs: REPLAY_WINDOW_MS });
    },
  },
];
