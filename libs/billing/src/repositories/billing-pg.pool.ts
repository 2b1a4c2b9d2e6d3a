import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '@park/config';

const TIMESTAMP_WITHOUT_TIME_ZONE = 1114;

/** Prisma writes `timestamp(3)` columns in UTC; read them back as UTC whatever the process's time zone. */
const getTypeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === TIMESTAMP_WITHOUT_TIME_ZONE
    ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`)
    : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser;

/**
 * A plain node-postgres pool for the hot path of statement issuing (a period close issues thousands of statements).
 * Prisma's in-process query compiler costs milliseconds of CPU per query, which made a 10,000-tenant close
 * CPU-bound; these few statements are hand-written SQL anyway. numeric comes back as exact strings.
 */
@Injectable()
export class BillingPgPool implements OnApplicationShutdown {
  readonly pool: pg.Pool;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.pool = new pg.Pool({
      connectionString: config.postgres.url,
      max: config.postgres.poolSize,
      types: { getTypeParser },
    });
  }

  async query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    return (await this.pool.query<T>(text, values)).rows;
  }

  /** Runs `work` in one transaction (READ COMMITTED), rolling back on any error. */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const out = await work(client);
      await client.query('COMMIT');
      return out;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
