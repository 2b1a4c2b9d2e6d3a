export {
  connectClickHouse,
  createClickHouseClient,
  type ClickHouseConnection,
  type ClickHouseSettings,
  type TextInsert,
} from './clickhouse-client.factory';
export { renderDdl, splitStatements, type DdlTarget } from './ddl-template';
export { migrateClickHouse, readMigrations, MIGRATIONS_DIR, type Migration, type MigrationReport } from './migrations';
export { ClickHouseService } from './clickhouse.service';
export { ClickHouseModule } from './clickhouse.module';
