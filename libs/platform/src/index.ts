export { AppRootModule, SCOPE_RESOLVERS, authSettingsOf, type AppRootOptions, type ScopeResolvers } from './platform.module';
export { HealthService, type Dependency, type HealthReport, type DependencyState } from './health.service';
export { FeatureThreads, type FeatureThread, type ThreadApp } from './feature-thread';
export { createApp, runApp, type RunAppOptions } from './run-app';
export {
  bodyMiddleware, parseJsonBody, sendError,
  type RequestWithRawBody, type BodyOptions, type BodyRefusal, type JsonBodyParse,
} from './body.middleware';
