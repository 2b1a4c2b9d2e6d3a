export { ConsoleWebModule } from './console-web.module';
export { cacheControlOf, consoleDirectory } from './console-files';
export type { ConsoleConfig } from './console-config.types';
