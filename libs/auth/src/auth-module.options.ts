import type { FactoryProvider, ModuleMetadata } from '@nestjs/common';
import type { ScopeResolver } from './access-rule.types';
import type { AuthSettings } from './auth-settings.types';

export interface AuthModuleOptions {
  settings: AuthSettings;
  /** Named resolvers for `@Allow({ …, resolver: 'name' })`, e.g. programme id → id of the bureau that issued it. */
  resolvers?: Readonly<Record<string, ScopeResolver>>;
  /**
   * Check every route at boot: each has @Allow or @Public, every named resolver is registered, every `param`
   * appears in the HTTP path. Default true; the boot fails listing every problem.
   */
  checkRoutesAtBoot?: boolean;
  /** Pinned clock for token verification (tests). */
  now?: () => Date;
}

export interface AuthModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  useFactory: (...args: never[]) => AuthModuleOptions | Promise<AuthModuleOptions>;
}
