/**
 * ClickHouse DDL is written once and rendered for either shape (DESIGN.md §11):
 *   {{database}}    the configured database
 *   {{on_cluster}}  `ON CLUSTER <name>` on a cluster, nothing on a single node
 *   {{replicated}}  `Replicated` on a cluster (ReplicatedReplacingMergeTree…), nothing on a single node
 */
export interface DdlTarget {
  database: string;
  cluster?: string;
}

export function renderDdl(sql: string, target: DdlTarget): string {
  const values: Record<string, string> = {
    database: target.database,
    on_cluster: target.cluster ? `ON CLUSTER ${target.cluster}` : '',
    replicated: target.cluster ? 'Replicated' : '',
  };
  return sql.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    if (!(name in values)) throw new Error(`Unknown DDL placeholder ${whole}`);
    return values[name];
  });
}

/** Splits a migration file into statements on `;` at line ends; migrations keep one statement per `;`. */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
