import { periodOf } from '@park/billing-domain';
import { ClaimService } from '@park/claims';
import { httpAs, OPERATOR_FINANCE } from '../support/auth-tokens';
import { BillingWorld, useBillingWorld } from './billing-park.fixture';

interface SpendMonth {
  month: string;
  granted: string;
  redeemed: string;
  claimed: string;
  approved: string;
  poolLeft: string | null;
}

/** Issue 15: the auditor's programme spend by month, from the ledger and the claims in PostgreSQL. */
describe('programme spend by month', () => {
  const park = useBillingWorld();

  it('charts granted, redeemed, claimed, approved and pool left per month, for its own bureau only', async () => {
    const { app, world } = park;
    const programmeId = await world.programme({ ratio: '0.3', pool: { yearlyBudget: '100000.00' } }, 'spend');
    const [a, b] = [await world.tenant('spend-a'), await world.tenant('spend-b')];
    await world.grant(a, programmeId, '1000.00');
    await world.grant(b, programmeId, '1000.00');
    // 100.00 of October usage pays 30.00 from a's voucher; 50.00 of November's, 15.00 from b's
    await world.usage({ tenantId: a, start: '2026-10-05T00:00:00Z', hours: 10 });
    await world.usage({ tenantId: b, start: '2026-11-05T00:00:00Z', hours: 5 });
    await world.statements.issue(a, '2026-10');
    await world.statements.issue(b, '2026-11');
    const claims = app.get(ClaimService);
    const claim = await claims.create({ programmeId, cycle: '2026-Q4' });
    await claims.submit(claim.id);
    await claims.startReview(claim.id);
    const lines = (await claims.get(claim.id)).lines as { id: string; periodId: string }[];
    await claims.review(
      claim.id,
      lines.map((l) => ({
        lineId: l.id,
        decision: l.periodId === '2026-10' ? ('approved' as const) : ('rejected' as const),
        reason: 'no invoice',
      })),
    );

    const auditor = await httpAs(app, { role: 'bureau-auditor', bureauId: world.bureauId });
    const now = periodOf(new Date());
    const range = { from: '2026-09', to: now };
    const answer = (await auditor.get(`/v1/programmes/${programmeId}/spend`).query(range).expect(200)).body as {
      months: SpendMonth[];
    };
    const [sep, oct, nov] = answer.months;
    expect(sep).toEqual({
      month: '2026-09',
      granted: '0.00',
      redeemed: '0.00',
      claimed: '0.00',
      approved: '0.00',
      poolLeft: '100000.00',
    });
    expect(oct).toMatchObject({ month: '2026-10', redeemed: '30.00', claimed: '30.00', approved: '30.00' });
    expect(oct.poolLeft).toBe('99970.00');
    expect(nov).toMatchObject({ month: '2026-11', redeemed: '15.00', claimed: '15.00', approved: '0.00' });
    expect(nov.poolLeft).toBe('99955.00');
    // the grants were issued today
    expect(answer.months.find((m) => m.month === now)?.granted).toBe('2000.00');
    expect(answer.months.at(-1)?.month).toBe(now);

    // another bureau's auditor does not find it; an operator does; a range backwards is refused naming the field
    const stranger = await httpAs(app, { role: 'bureau-auditor', bureauId: new BillingWorld(app).bureauId });
    await stranger.get(`/v1/programmes/${programmeId}/spend`).expect(404);
    const operator = await httpAs(app, OPERATOR_FINANCE);
    const defaults = (await operator.get(`/v1/programmes/${programmeId}/spend`).expect(200)).body as {
      months: SpendMonth[];
    };
    expect(defaults.months).toHaveLength(12);
    const backwards = await operator
      .get(`/v1/programmes/${programmeId}/spend`)
      .query({ from: '2026-11', to: '2026-10' });
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.body)).toContain('from');
  });
});
