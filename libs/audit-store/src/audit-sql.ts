/**
 * The least the audit store needs of a database connection: one parameterised query returning rows. Appends run on
 * the caller's transaction, whichever client it uses: a node-postgres client (`pgAuditSql(client)`) or a Prisma
 * interactive transaction (`prismaAuditSql(tx)`).
 */
export interface AuditSql {
  query<T extends object>(text: string, values: readonly unknown[]): Promise<T[]>;
}

/** A node-postgres client or pool (inside `BEGIN … COMMIT` for an append). */
export function pgAuditSql(client: { query(text: string, values: unknown[]): Promise<{ rows: unknown[] }> }): AuditSql {
  return {
    async query<T extends object>(text: string, values: readonly unknown[]): Promise<T[]> {
      return (await client.query(text, [...values])).rows as T[];
    },
  };
}

/** A Prisma client or interactive transaction (`prisma.$transaction(async (tx) => …)`). */
export function prismaAuditSql(tx: {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}): AuditSql {
  return {
    query<T extends object>(text: string, values: readonly unknown[]): Promise<T[]> {
      return tx.$queryRawUnsafe<T[]>(text, ...values);
    },
  };
}
