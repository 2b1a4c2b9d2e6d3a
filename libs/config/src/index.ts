export {
  loadConfig,
  ConfigError,
  isLoopbackHost,
  LOCAL_AUTH_ISSUER,
  DEVELOPMENT_AUTH_SECRET,
  type AppConfig,
} from './app-config';
export { ConfigModule, APP_CONFIG } from './config.module';
