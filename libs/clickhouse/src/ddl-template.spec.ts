import { readMigrations } from './migrations';
import { renderDdl, splitStatements } from './ddl-template';

describe('renderDdl', () => {
  const ddl = 'CREATE TABLE {{database}}.t {{on_cluster}} (a UInt8) ENGINE = {{replicated}}MergeTree ORDER BY a';

  it('renders the single-node shape', () => {
    expect(renderDdl(ddl, { database: 'park' })).toBe('CREATE TABLE park.t  (a UInt8) ENGINE = MergeTree ORDER BY a');
  });

  it('renders the cluster shape', () => {
    expect(renderDdl(ddl, { database: 'park', cluster: 'main' })).toBe(
      'CREATE TABLE park.t ON CLUSTER main (a UInt8) ENGINE = ReplicatedMergeTree ORDER BY a',
    );
  });

  it('refuses an unknown placeholder', () => {
    expect(() => renderDdl('{{nope}}', { database: 'x' })).toThrow('{{nope}}');
  });
});

describe('committed migrations', () => {
  it('are numbered without gaps and split into statements', () => {
    const migrations = readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    for (const m of migrations) expect(splitStatements(m.sql).length).toBeGreaterThan(0);
  });

  it('split on statement ends only', () => {
    expect(splitStatements('-- c; d\nCREATE A;\nCREATE B (x) -- inline comments stay\n;\n')).toEqual([
      'CREATE A',
      'CREATE B (x) -- inline comments stay',
    ]);
  });
});
