import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { connectClickHouse, type ClickHouseConnection, type TextInsert } from './clickhouse-client.factory';
import { migrateClickHouse, type MigrationReport } from './migrations';

/** The app's one ClickHouse client (embedded or server), its bulk INSERT, its database name, and its migrations. */
@Injectable()
export class ClickHouseService implements ClickHouseConnection, OnApplicationShutdown {
  readonly client: ClickHouseClient;
  readonly database: string;
  private readonly connection: ClickHouseConnection;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.connection = connectClickHouse(config.clickhouse);
    this.client = this.connection.client;
    this.database = config.clickhouse.database;
  }

  insertText(insert: TextInsert): Promise<void> {
    return this.connection.insertText(insert);
  }

  migrate(): Promise<MigrationReport> {
    return migrateClickHouse(this.client, { database: this.database, cluster: this.config.clickhouse.cluster });
  }

  async ping(): Promise<void> {
    const result = await this.client.ping();
    if (!result.success) throw result.error;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
