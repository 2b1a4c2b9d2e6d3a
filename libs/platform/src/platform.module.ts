import { Global, Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuthModule, type AuthSettings, type ScopeResolver } from '@park/auth';
import { ClickHouseModule } from '@park/clickhouse';
import { ConfigModule, type AppConfig } from '@park/config';
import { DbModule } from '@park/db';
import { KafkaModule } from '@park/kafka';
import { MetricsController, THREAD_METRICS } from '@park/observability';
import { QueueModule } from '@park/queue';
import { FEATURE_THREADS_OPTIONS, FeatureThreads, type FeatureThread } from './feature-thread';
import { HealthChecksModule } from './health-checks';
import { HealthController } from './health.controller';
import { HEALTH_DEPENDENCIES, HealthService, type Dependency } from './health.service';
import { RateLimitInterceptor } from './rate-limit/rate-limit.interceptor';
import { RateLimits } from './rate-limit/rate-limits.service';

const INFRA_MODULES: Record<Dependency, Type> = {
  postgres: DbModule,
  redis: QueueModule,
  kafka: KafkaModule,
  clickhouse: ClickHouseModule,
};

/**
 * The scope resolvers of an app (e.g. programme id → bureau id), injected by this token. Feature modules add
 * theirs while the app is built (constructor or onModuleInit); the AuthModule reads them per call, and its boot
 * check after all modules are initialised.
 */
export const SCOPE_RESOLVERS = Symbol('park:scope-resolvers');
export type ScopeResolvers = Record<string, ScopeResolver>;

/** What libs/auth needs, from the validated configuration (production: OIDC issuer; otherwise the local key). */
export function authSettingsOf(config: AppConfig): AuthSettings {
  const { auth } = config;
  if (auth.kind === 'oidc') {
    return {
      mode: 'production',
      issuer: auth.issuer,
      audience: auth.audience,
      ...(auth.jwksUrl ? { jwksUrl: auth.jwksUrl } : {}),
      maxTokenLifetimeSeconds: auth.maxTokenLifetimeSeconds,
      jwks: { staleMaxAgeMs: auth.jwksStaleMaxAgeSeconds * 1000 },
    };
  }
  // A local key, even if someone built such a config by hand, is never used in production mode (libs/auth refuses it).
  return {
    mode: config.mode === 'production' ? 'production' : 'local',
    issuer: auth.issuer,
    audience: auth.audience,
    localSecret: auth.localSecret,
    maxTokenLifetimeSeconds: auth.maxTokenLifetimeSeconds,
    localTokenTtlSeconds: Math.min(3600, auth.maxTokenLifetimeSeconds),
  };
}

/** Apps that use Redis limit their callers (RATE_LIMIT_*); RateLimits is injectable in their feature modules. */
@Global()
@Module({})
class RateLimitModule {
  static forRoot(config: AppConfig, dependencies: Dependency[]): DynamicModule {
    const on = config.rateLimit.enabled && dependencies.includes('redis');
    const providers: Provider[] = on ? [RateLimits, { provide: APP_INTERCEPTOR, useClass: RateLimitInterceptor }] : [];
    return { module: RateLimitModule, providers, exports: on ? [RateLimits] : [] };
  }
}

/** Makes the app's SCOPE_RESOLVERS injectable in every feature module. */
@Global()
@Module({})
class ScopeResolversModule {
  static forRoot(resolvers: ScopeResolvers): DynamicModule {
    return {
      module: ScopeResolversModule,
      providers: [{ provide: SCOPE_RESOLVERS, useValue: resolvers }],
      exports: [SCOPE_RESOLVERS],
    };
  }
}

export interface AppRootOptions {
  config: AppConfig;
  /** The stores this app talks to; each gets its client and a line in /health. */
  dependencies: Dependency[];
  /** The app's own modules (apps/<name>/src/<name>.module.ts). `park` passes all four. */
  features: Type[];
  /** Feature modules run on worker threads of this process (FeatureThread), named after this app in logs. */
  threads?: { app: string; threads: FeatureThread[] };
}

/** The root module of any app: configuration, the clients it needs, /health, and its features. */
@Module({})
export class AppRootModule {
  static create(options: AppRootOptions): DynamicModule {
    const resolvers: ScopeResolvers = {};
    const threads =
      options.threads && options.threads.threads.length > 0
        ? [
            FeatureThreads,
            { provide: FEATURE_THREADS_OPTIONS, useValue: { ...options.threads, config: options.config } },
            { provide: THREAD_METRICS, useFactory: (t: FeatureThreads) => () => t.metrics(), inject: [FeatureThreads] },
          ]
        : [];
    return {
      module: AppRootModule,
      imports: [
        ScopeResolversModule.forRoot(resolvers),
        HealthChecksModule,
        ConfigModule.forRoot(options.config),
        // Every route is refused unless it declares @Allow, @Public or @SignedByClusterAgent (libs/auth).
        AuthModule.forRoot({ settings: authSettingsOf(options.config), resolvers }),
        ...options.dependencies.map((d) => INFRA_MODULES[d]),
        RateLimitModule.forRoot(options.config, options.dependencies),
        ...options.features,
      ],
      controllers: [HealthController, MetricsController],
      providers: [HealthService, { provide: HEALTH_DEPENDENCIES, useValue: options.dependencies }, ...threads],
      exports: [HealthService],
    };
  }
}
