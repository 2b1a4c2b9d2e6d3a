export {
  loadConfig,
  ConfigError,
  isLoopbackHost,
  LOCAL_AUTH_ISSUER,
  DEVELOPMENT_AUTH_SECRET,
  DEVELOPMENT_SECRETS_KEY,
  type AppConfig,
} from './app-config';
export { ConfigModule, APP_CONFIG } from './config.module';
