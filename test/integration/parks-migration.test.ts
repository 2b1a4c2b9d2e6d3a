import { useMigrationSteps } from '../support/migration-steps';

// The parks migration (issue 12 item 11) steps a database holding free-text park ids to registered parks.
describe('migration 20261205200000_parks on existing data', () => {
  const { migrations, db, apply } = useMigrationSteps();
  const parks = migrations.indexOf('20261205200000_parks');

  it('registers main and every park id in use, then refuses an unknown one', async () => {
    expect(parks).toBeGreaterThan(0);
    for (const m of migrations.slice(0, parks)) await apply(m);
    await db.query(
      `INSERT INTO tenants (id, name, park_id, updated_at) VALUES ('t-a', 'A', 'gy-park', now()), ('t-b', 'B', ` +
        `'gy-park', now()), ('t-c', 'C', 'ga-park', now())`,
    );
    await db.query(`INSERT INTO billing_periods (park_id, id) VALUES ('old-park', '2026-01')`);

    await apply(migrations[parks]);
    const { rows } = await db.query<{ id: string; name: string }>('SELECT id, name FROM parks ORDER BY id');
    expect(rows).toEqual([
      { id: 'ga-park', name: 'ga-park' },
      { id: 'gy-park', name: 'gy-park' },
      { id: 'main', name: 'main' },
      { id: 'old-park', name: 'old-park' },
    ]);
    await expect(
      db.query(`INSERT INTO tenants (id, name, park_id, updated_at) VALUES ('t-x', 'X', 'gy-prak', now())`),
    ).rejects.toThrow(/tenants_park_id_fkey/);
    await expect(db.query(`INSERT INTO billing_periods (park_id, id) VALUES ('gy-prak', '2026-02')`)).rejects.toThrow(
      /billing_periods_park_id_fkey/,
    );
    for (const m of migrations.slice(parks + 1)) await apply(m);
  });
});
