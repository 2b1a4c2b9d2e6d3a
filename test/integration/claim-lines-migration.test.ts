import { randomUUID } from 'node:crypto';
import { useMigrationSteps } from '../support/migration-steps';

// Issue 12 item 2: claim lines of existing claims get their contract key, then the key and the overlap trigger hold.
describe('migrations 20261205203000_claim_line_per_contract and _overlap_guard on existing claims', () => {
  const { migrations, db, apply } = useMigrationSteps();
  const perContract = migrations.indexOf('20261205203000_claim_line_per_contract');
  const guard = migrations.indexOf('20261205203100_claim_line_overlap_guard');
  const claim = (id: string, cadence: string, cycle: string) =>
    db.query(
      `INSERT INTO claims (id, programme_id, bureau_id, cadence, cycle, mechanism, total, manifest_sha256, updated_at)
       VALUES ($1, 'prog', 'bureau', $2, $3, 'on_bill', 0, '', now())`,
      [id, cadence, cycle],
    );
  const line = (claimId: string, statementId: string, contractId?: string) =>
    db.query(
      `INSERT INTO claim_lines (id, claim_id, programme_id, statement_id, tenant_id, statement_number, period_id,
                                amount, contract_ids${contractId === undefined ? '' : ', contract_id'})
       VALUES ($1, $2, 'prog', $3::uuid, 't', 'JS-1', '2026-07', 1.00, '{}'${contractId === undefined ? '' : ', $4'})`,
      [`${claimId}:${statementId}`, claimId, statementId, ...(contractId === undefined ? [] : [contractId])],
    );

  it("keys old lines by their claim's contract, then refuses a contract twice, a whole statement beside", async () => {
    expect(perContract).toBeGreaterThan(0);
    expect(guard).toBe(perContract + 1);
    for (const m of migrations.slice(0, perContract)) await apply(m);
    const [s1, s2] = [randomUUID(), randomUUID()];
    await claim('c-ct1', 'per_contract', 'ct-1');
    await claim('c-q3', 'quarterly', '2026-Q3');
    await line('c-ct1', s1);
    await line('c-q3', s2);

    await apply(migrations[perContract]);
    const { rows } = await db.query('SELECT claim_id, contract_id FROM claim_lines ORDER BY claim_id');
    expect(rows).toEqual([
      { claim_id: 'c-ct1', contract_id: 'ct-1' },
      { claim_id: 'c-q3', contract_id: '' },
    ]);
    // the second contract on the same statement is now a claim line of its own
    await claim('c-ct2', 'per_contract', 'ct-2');
    await line('c-ct2', s1, 'ct-2');

    await apply(migrations[guard]);
    await claim('c-ct1-again', 'per_contract', 'ct-1-again');
    await expect(line('c-ct1-again', s1, 'ct-1')).rejects.toMatchObject({ code: '23505' });
    await claim('c-year', 'yearly', '2026');
    // a whole-statement line beside the contracts' lines, and a contract's line beside a whole-statement line
    await expect(line('c-year', s1, '')).rejects.toMatchObject({
      code: '23505',
      message: expect.stringContaining('c-ct'),
    });
    await expect(line('c-ct2', s2, 'ct-2')).rejects.toMatchObject({
      code: '23505',
      message: expect.stringContaining('c-q3'),
    });
    for (const m of migrations.slice(guard + 1)) await apply(m);
  });
});
