export {
  AppRootModule,
  SCOPE_RESOLVERS,
  authSettingsOf,
  type AppRootOptions,
  type ScopeResolvers,
} from './platform.module';
export {
  HealthService,
  type Dependency,
  type HealthReport,
  type DependencyState,
  type ThreadState,
} from './health.service';
export { HealthChecks, type CheckState } from './health-checks';
export { FeatureThreads, type FeatureThread, type ThreadApp } from './feature-thread';
export { createApp, runApp, type RunAppOptions } from './run-app';
export {
  bodyMiddleware,
  parseJsonBody,
  sendError,
  type BodyLimit,
  type RequestWithRawBody,
  type BodyOptions,
  type BodyRefusal,
  type JsonBodyParse,
} from './body.middleware';
export { RateLimits, type RateDecision, type RateLimitName } from './rate-limit/rate-limits.service';
export {
  RateLimitInterceptor,
  RateLimitedException,
  enforceIngestLimitRpc,
  recordsIn,
  RATE_LIMITED,
} from './rate-limit/rate-limit.interceptor';
export {
  requestInput,
  parseRequestInput,
  ValidInput,
  NO_INPUT,
  RequestInputInvalid,
  type RequestInput,
  type RequestInputSpec,
  type InputIssue,
} from './edge/request-input';
export { openApiSchemaOf } from './edge/request-input.openapi';
export { describeApi } from './api-description';
