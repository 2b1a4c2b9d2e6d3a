import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '@park/config';

const TIMESTAMP_WITHOUT_TIME_ZONE = 1114;

/** Prisma writes `timestamp(3)` columns in UTC; read them back as UTC whatever the process's time zone. */
const getTypeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === TIMESTAMP_WITHOUT_TIME_ZONE
    ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`)
    : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser;

/** A transaction's connection whose statements are prepared once per connection (see `preparedStatement`). */
export interface PreparedClient {
  query<T extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<T>>;
  /**
   * The transaction's last statement with COMMIT written right behind it (the pool pipelines), without waiting for
   * the answer: PostgreSQL commits as soon as the statement is done, so locks the statement takes are held for no
   * round trip at all, however busy this process's event loop is. The statement must fail itself when the
   * transaction must not commit (PostgreSQL then answers the COMMIT with a rollback); nothing may follow it.
   */
  queryThenCommit<T extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<T>>;
}

const names = new Map<string, string>();

/**
 * The statement as a named prepared statement: PostgreSQL parses it once per connection and, after a few runs,
 * keeps a generic plan, where an unnamed statement is parsed and planned on every call (planning was about a
 * third of PostgreSQL's CPU in a close). The name is the text's digest, so only constant texts belong here: every
 * distinct text stays prepared on each connection it ran on.
 */
export function preparedStatement(text: string): { name: string; text: string } {
  let name = names.get(text);
  if (name === undefined) {
    name = `park_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return { name, text };
}

/**
 * A plain node-postgres pool for the hot path of statement issuing (a period close issues thousands of statements).
 * Prisma's in-process query compiler costs milliseconds of CPU per query, which made a 10,000-tenant close
 * CPU-bound; these few statements are hand-written SQL anyway. numeric comes back as exact strings.
 */
@Injectable()
export class BillingPgPool implements OnApplicationShutdown {
  readonly pool: pg.Pool;
  private readonly logger = new Logger('billing-pg-pool');

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.pool = new pg.Pool({
      connectionString: config.postgres.url,
      max: config.postgres.poolSize,
      types: { getTypeParser },
      // a query is written as soon as it is made (queryThenCommit); awaited one by one they behave as without it
      pipeline: true,
      // Plans made once per statement and connection (preparedStatement): the reads and writes go by
      // primary keys and tenant ids, where PostgreSQL's custom plans (replanned on every call) gain nothing.
      options: '-c plan_cache_mode=force_generic_plan',
    });
    // An idle connection PostgreSQL closed (a restart, a failover, an administrator): the pool drops it and opens
    // another when asked. Unheard, the pool's 'error' event would end the process.
    this.pool.on('error', (error) => this.logger.warn(`an idle PostgreSQL connection closed: ${error.message}`));
  }

  /** `text` must be constant (its values in `values`): it is prepared, see preparedStatement. */
  async query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    return (await this.pool.query<T>({ ...preparedStatement(text), values })).rows;
  }

  /** Runs `work` in one transaction (READ COMMITTED), rolling back on any error; its statements are prepared. */
  async transaction<T>(work: (client: PreparedClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let committing = false;
    const query = <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
      client.query<R>({ ...preparedStatement(text), values });
    const prepared: PreparedClient = {
      query,
      async queryThenCommit<R extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
        committing = true;
        const last = query<R>(text, values);
        // pipelined: written right behind the statement, PostgreSQL runs it as soon as the statement is done
        const commit = client.query('COMMIT');
        const [result, committed] = await Promise.allSettled([last, commit]);
        if (result.status === 'rejected') throw result.reason;
        if (committed.status === 'rejected') throw committed.reason;
        return result.value;
      },
    };
    // PostgreSQL may close the connection while this process computes between two statements: the next statement
    // fails, and the connection is dropped rather than handed to another transaction (unheard, the event would end
    // the process)
    let lost: Error | undefined;
    const onLost = (error: Error) => (lost = error);
    client.on('error', onLost);
    try {
      await client.query('BEGIN');
      const out = await work(prepared);
      if (!committing) await client.query('COMMIT');
      return out;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', onLost);
      client.release(lost);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
