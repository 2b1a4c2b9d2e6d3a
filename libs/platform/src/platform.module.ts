import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { ClickHouseModule } from '@park/clickhouse';
import { ConfigModule, type AppConfig } from '@park/config';
import { DbModule } from '@park/db';
import { KafkaModule } from '@park/kafka';
import { MetricsController } from '@park/observability';
import { QueueModule } from '@park/queue';
import { HealthController } from './health.controller';
import { HEALTH_DEPENDENCIES, HealthService, type Dependency } from './health.service';

const INFRA_MODULES: Record<Dependency, Type> = {
  postgres: DbModule,
  redis: QueueModule,
  kafka: KafkaModule,
  clickhouse: ClickHouseModule,
};

export interface AppRootOptions {
  config: AppConfig;
  /** The stores this app talks to; each gets its client and a line in /health. */
  dependencies: Dependency[];
  /** The app's own modules (apps/<name>/src/<name>.module.ts). `park` passes all four. */
  features: Type[];
}

/** The root module of any app: configuration, the clients it needs, /health, and its features. */
@Module({})
export class AppRootModule {
  static create(options: AppRootOptions): DynamicModule {
    return {
      module: AppRootModule,
      imports: [
        ConfigModule.forRoot(options.config),
        ...options.dependencies.map((d) => INFRA_MODULES[d]),
        ...options.features,
      ],
      controllers: [HealthController, MetricsController],
      providers: [HealthService, { provide: HEALTH_DEPENDENCIES, useValue: options.dependencies }],
      exports: [HealthService],
    };
  }
}
