import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import { APP_GUARD, DiscoveryModule, DiscoveryService } from '@nestjs/core';
import type { AuthModuleAsyncOptions, AuthModuleOptions } from './auth-module.options';
import { AUTH_OPTIONS, TOKEN_VERIFIER } from './auth.constants';
import { PolicyDeclarationError } from './auth.errors';
import { AuthGuard } from './auth.guard';
import { inspectRoutes, routeDeclarationProblems } from './route-table.inspector';
import { createTokenVerifier, type TokenVerifier } from './token.verifier';

/** Fails the boot when a route is undeclared or its declaration cannot work (AuthModuleOptions.checkRoutesAtBoot). */
@Injectable()
class RouteDeclarationCheck implements OnApplicationBootstrap {
  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: AuthModuleOptions,
    private readonly discovery: DiscoveryService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.checkRoutesAtBoot === false) return;
    const problems = routeDeclarationProblems(inspectRoutes(this.discovery), Object.keys(this.options.resolvers ?? {}));
    if (problems.length > 0) throw new PolicyDeclarationError(problems);
  }
}

const commonProviders: Provider[] = [
  {
    provide: TOKEN_VERIFIER,
    inject: [AUTH_OPTIONS],
    useFactory: (options: AuthModuleOptions): TokenVerifier => {
      const logger = new Logger('TokenVerifier');
      // at most one per cool-down (30 s): the last good key set stays in use meanwhile
      const onKeyRefreshFailed = (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        logger.warn(`issuer keys not refreshed, the last good set stays in use: ${reason}`);
      };
      return createTokenVerifier(options.settings, { now: options.now, onKeyRefreshFailed });
    },
  },
  { provide: APP_GUARD, useClass: AuthGuard },
  RouteDeclarationCheck,
];

/**
 * Import once in each app's root module. Registers AuthGuard globally, so every route is refused unless it
 * declares @Allow or @Public, and exports TOKEN_VERIFIER for other transports.
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [{ provide: AUTH_OPTIONS, useValue: options }, ...commonProviders],
      exports: [TOKEN_VERIFIER, AUTH_OPTIONS],
    };
  }

  static forRootAsync(options: AuthModuleAsyncOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports: [DiscoveryModule, ...(options.imports ?? [])],
      providers: [
        { provide: AUTH_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        ...commonProviders,
      ],
      exports: [TOKEN_VERIFIER, AUTH_OPTIONS],
    };
  }
}
