export { AppRootModule, SCOPE_RESOLVERS, authSettingsOf, type AppRootOptions, type ScopeResolvers } from './platform.module';
export { HealthService, type Dependency, type HealthReport, type DependencyState, type ThreadState } from './health.service';
export { HealthChecks, type CheckState } from './health-checks';
export { FeatureThreads, type FeatureThread, type ThreadApp } from './feature-thread';
export { createApp, runApp, type RunAppOptions } from './run-app';
export { bodyMiddleware, sendError, type RequestWithRawBody } from './body.middleware';
