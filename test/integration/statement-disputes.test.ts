import type { INestApplication } from '@nestjs/common';
import { PrismaService } from '@park/db';
import { ReconciliationService } from '@park/reconciliation';
import { httpAs, OPERATOR_ADMIN, OPERATOR_FINANCE } from '../support/auth-tokens';
import { BillingWorld, billingApp } from './billing-park.fixture';

interface Line {
  lineId: string;
  amount: string;
  dispute: { id: string; state: string } | null;
}

/**
 * Disputes of statement lines (申诉, issue 16 item 5) over HTTP. One on-bill programme at 30 %, three tenants with
 * 100.00 of October usage each (30.00 deducted): A's dispute is rejected, C's accepted in part, B is claimed while
 * the other two are open. The claim leaves the disputed statements out; after rejection A's share is claimable
 * again, after acceptance only what C's vouchers kept; C's November statement carries the credit. A fourth tenant's
 * credit is larger than its next bill: that bill is 0.00 (paid from its issue) and the rest goes on the one after.
 */
describe('disputes of statement lines', () => {
  let app: INestApplication;
  let world: BillingWorld;
  let programme: string;
  const t: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
  const grants: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
  const disputes: Record<'a' | 'c', string> = { a: '', c: '' };

  beforeAll(async () => {
    app = await billingApp();
    world = await new BillingWorld(app).setUp();
    programme = await world.programme({ ratio: '0.3' }, 'dispute-programme');
    for (const k of ['a', 'b', 'c'] as const) {
      t[k] = await world.tenant(`dispute-${k}`);
      grants[k] = await world.grant(t[k], programme, '1000.00');
      await world.usage({ tenantId: t[k], start: '2026-10-05T00:00:00Z', hours: 10 });
      await world.statements.issue(t[k], '2026-10');
    }
    await world.usage({ tenantId: t.c, start: '2026-11-05T00:00:00Z', hours: 10 });
    await world.usage({ tenantId: t.a, start: '2026-11-05T00:00:00Z', hours: 10 });
  });

  afterAll(() => app?.close());

  const admin = (k: 'a' | 'b' | 'c') => httpAs(app, { role: 'tenant-admin', tenantId: t[k] });
  const url = (k: 'a' | 'b' | 'c', rest = '') => `/v1/tenants/${t[k]}/statements/2026-10/disputes${rest}`;
  const linesOf = async (k: 'a' | 'b' | 'c', period = '2026-10') =>
    (await (await admin(k)).get(`/v1/tenants/${t[k]}/statements/${period}`).expect(200)).body.lines as Line[];
  const balance = async (k: 'a' | 'b' | 'c') =>
    (await (await admin(k)).get(`/v1/tenants/${t[k]}/grants/${grants[k]}`).expect(200)).body.balance as string;

  it('a tenant-admin disputes a line with a reason; both sides see it open, no other tenant does', async () => {
    const [line] = await linesOf('a');
    expect(line).toMatchObject({ amount: '100.00', dispute: null });
    const viewer = await httpAs(app, { role: 'tenant-viewer', tenantId: t.a });
    await viewer.post(url('a')).send({ lineId: line.lineId, reason: '重复计费' }).expect(403);
    const res = await (await admin('a')).post(url('a')).send({ lineId: line.lineId, reason: '重复计费' }).expect(201);
    disputes.a = res.body.id;
    expect(res.body).toMatchObject({ state: 'open', requestedAmount: '100.00', reason: '重复计费' });
    const second = await (await admin('a')).post(url('a')).send({ lineId: line.lineId, reason: 'again' }).expect(409);
    expect(second.body.error.code).toBe('DISPUTE_ALREADY_OPEN');
    await (
      await admin('a')
    )
      .post(url('a'))
      .send({ lineId: line.lineId, reason: 'too much', amount: '100.01' })
      .expect(400);
    await (await admin('a')).post(url('a')).send({ lineId: 'no-such-line', reason: 'x' }).expect(404);

    expect((await linesOf('a'))[0].dispute).toMatchObject({ id: disputes.a, state: 'open' });
    const op = await httpAs(app, OPERATOR_FINANCE);
    expect((await op.get(url('a', `/${disputes.a}`)).expect(200)).body.state).toBe('open');
    expect((await op.get('/v1/disputes?state=open').expect(200)).body.map((d: { id: string }) => d.id)).toContain(
      disputes.a,
    );
    // tenant B: neither A's list nor A's dispute, and nothing of A in its own list
    await (await admin('b')).get(url('a')).expect(404);
    await (await admin('b')).get(url('a', `/${disputes.a}`)).expect(404);
    expect((await (await admin('b')).get(url('b')).expect(200)).body).toEqual([]);
    // another tenant's dispute id under one's own statement is not found either
    await (await admin('b')).get(url('b', `/${disputes.a}`)).expect(404);

    const [lineC] = await linesOf('c');
    const c = await (
      await admin('c')
    )
      .post(url('c'))
      .send({ lineId: lineC.lineId, reason: '部分作业失败', amount: '50.00' })
      .expect(201);
    disputes.c = c.body.id;
    const audit = await app
      .get(PrismaService)
      .client.auditEvent.findMany({ where: { entityId: { in: [disputes.a, disputes.c] } } });
    expect(audit.map((e) => e.action)).toEqual(['statement-dispute.open', 'statement-dispute.open']);
  });

  it('a claim built while disputes are open leaves their statements out; a claimed line is not disputed', async () => {
    const op = await httpAs(app, OPERATOR_FINANCE);
    const claim = await op.post('/v1/claims').send({ programmeId: programme, cycle: '2026-Q4' }).expect(201);
    expect(claim.body.lines.map((l: { tenantId: string }) => l.tenantId)).toEqual([t.b]);
    expect(claim.body.total).toBe('30.00');
    const [lineB] = await linesOf('b');
    const refused = await (await admin('b')).post(url('b')).send({ lineId: lineB.lineId, reason: 'late' }).expect(409);
    expect(refused.body.error.code).toBe('DISPUTE_LINE_CLAIMED');
  });

  it('rejected with a reason: the line stands, the tenant sees why', async () => {
    const op = await httpAs(app, OPERATOR_FINANCE);
    await op
      .post(url('a', `/${disputes.a}/reject`))
      .send({})
      .expect(400);
    await (
      await admin('a')
    )
      .post(url('a', `/${disputes.a}/reject`))
      .send({ reason: 'x' })
      .expect(403);
    const res = await op
      .post(url('a', `/${disputes.a}/reject`))
      .send({ reason: '计费与作业日志一致' })
      .expect(201);
    expect(res.body).toMatchObject({ state: 'rejected', resolutionReason: '计费与作业日志一致', tenantCredit: null });
    const again = await op
      .post(url('a', `/${disputes.a}/accept`))
      .send({})
      .expect(409);
    expect(again.body.error.code).toBe('DISPUTE_NOT_OPEN');
    expect((await (await admin('a')).get(url('a', `/${disputes.a}`)).expect(200)).body.state).toBe('rejected');
    expect(await balance('a')).toBe('970.00');
  });

  it('accepted in part: the vouchers take back their share, the next statement credits the rest', async () => {
    const op = await httpAs(app, OPERATOR_ADMIN);
    await op
      .post(url('c', `/${disputes.c}/accept`))
      .send({ amount: '100.01' })
      .expect(400);
    const res = await op
      .post(url('c', `/${disputes.c}/accept`))
      .send({ reason: '作业失败已核实' })
      .expect(201);
    // 50.00 credited: 30 % of it (15.00) back to the grant, 35.00 to the tenant
    expect(res.body).toMatchObject({
      state: 'accepted',
      creditedAmount: '50.00',
      voucherReversal: '15.00',
      tenantCredit: '35.00',
    });
    expect(await balance('c')).toBe('985.00');
    expect((await linesOf('c'))[0].dispute).toMatchObject({ state: 'accepted' });
    const audit = await app.get(PrismaService).client.auditEvent.findMany({ where: { entityId: disputes.c } });
    expect(audit.map((e) => e.action)).toEqual(['statement-dispute.open', 'statement-dispute.accept']);

    // the next issued statement (November) carries the credit: 100.00 − 30.00 deducted − 35.00 credited
    await world.statements.issue(t.c, '2026-11');
    const nov = await (await admin('c')).get(`/v1/tenants/${t.c}/statements/2026-11`).expect(200);
    expect(nov.body.charges).toEqual([
      expect.objectContaining({ kind: 'dispute_credit', amount: '-35.00', sourceId: disputes.c }),
    ]);
    expect(nov.body.statement).toMatchObject({ chargesAmount: '-35.00', netPayable: '35.00' });
    // the October statement itself is frozen
    const oct = await (await admin('c')).get(`/v1/tenants/${t.c}/statements/2026-10`).expect(200);
    expect(oct.body.statement.netPayable).toBe('70.00');
  });

  it('after resolution: the rejected line is claimable in full, the accepted one only for what it kept', async () => {
    const op = await httpAs(app, OPERATOR_FINANCE);
    const claim = await op
      .post('/v1/claims')
      .send({ programmeId: programme, cycle: '2026', settlementCadence: 'yearly' })
      .expect(201);
    const byTenant = claim.body.lines.map((l: { tenantId: string; periodId: string; amount: string }) => [
      l.tenantId,
      l.periodId,
      l.amount,
    ]);
    expect(byTenant).toEqual(
      expect.arrayContaining([
        [t.a, '2026-10', '30.00'],
        [t.c, '2026-10', '15.00'],
        [t.c, '2026-11', '30.00'],
      ]),
    );
    expect(byTenant).toHaveLength(3);
    expect(claim.body.reconciliation).toMatchObject({ reconciles: true, ledgerTotal: '75.00' });
  });

  it('the ledger and claims reconcile with no finding (grant entries, counters, claim lines)', async () => {
    const reconciliation = app.get(ReconciliationService);
    const range = { fromDay: '2026-10-01', toDay: '2026-11-30' };
    const { id } = await reconciliation.startRun({ parkId: world.parkId, kinds: ['ledger', 'claims'], ...range });
    const summary = await reconciliation.execute(id);
    const findings = await world.prisma.reconciliationFinding.findMany({ where: { runId: id } });
    expect({ summary: summary.findings, findings }).toEqual({ summary: 0, findings: [] });
    expect(summary.counts.ledger?.matched).toBeGreaterThan(0);
  });

  it('concurrent disputes of one line: one is opened, the others answer 409 DISPUTE_ALREADY_OPEN', async () => {
    await world.statements.issue(t.a, '2026-11'); // after the claims: on none
    const [line] = await linesOf('a', '2026-11');
    const tenant = await admin('a');
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        tenant
          .post(`/v1/tenants/${t.a}/statements/2026-11/disputes`)
          .send({ lineId: line.lineId, reason: `race ${i}` }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const refused = answers.filter((a) => a.status === 409).map((a) => a.body.error.code);
    expect(new Set(refused)).toEqual(new Set(['DISPUTE_ALREADY_OPEN']));
  });

  it('a credit larger than the next bill: that bill is 0.00 and paid, the rest goes on the one after', async () => {
    // a tenant of its own, on a programme of its own (30 %): the claims above stay as they are
    const own = await world.programme({ ratio: '0.3' }, 'dispute-carry-programme');
    const d = await world.tenant('dispute-d');
    await world.grant(d, own, '1000.00');
    await world.usage({ tenantId: d, start: '2026-08-05T00:00:00Z', hours: 10 }); // 100.00, 30.00 deducted
    await world.statements.issue(d, '2026-08');
    const tenant = await httpAs(app, { role: 'tenant-admin', tenantId: d });
    const op = await httpAs(app, OPERATOR_FINANCE);
    const statement = async (period: string) =>
      (await tenant.get(`/v1/tenants/${d}/statements/${period}`).expect(200)).body;
    const [line] = (await statement('2026-08')).lines as Line[];
    const disputes = `/v1/tenants/${d}/statements/2026-08/disputes`;
    const opened = await tenant.post(disputes).send({ lineId: line.lineId, reason: '整月作业失败' }).expect(201);
    const accepted = await op.post(`${disputes}/${opened.body.id}/accept`).send({}).expect(201);
    // 100.00 credited in full: 30.00 back to the grant, 70.00 to the tenant
    expect(accepted.body).toMatchObject({ creditedAmount: '100.00', voucherReversal: '30.00', tenantCredit: '70.00' });

    // September: 30.00 of usage, 9.00 deducted: the tenant would pay 21.00, so 21.00 of the credit applies
    await world.usage({ tenantId: d, start: '2026-09-05T00:00:00Z', hours: 3 });
    await world.statements.issue(d, '2026-09');
    const sep = await statement('2026-09');
    expect(sep.statement).toMatchObject({
      chargesAmount: '-21.00',
      netPayable: '0.00',
      status: 'paid',
      balance: '0.00',
    });
    expect(sep.statement.paidAt).not.toBeNull();
    expect(sep.statement.view.totals).toMatchObject({
      gross: '30.00',
      deductions: '9.00',
      charges: '-21.00',
      creditApplied: '-21.00',
      creditCarriedForward: '-49.00',
      netPayable: '0.00',
    });
    expect(sep.statement.view.charges).toEqual([
      expect.objectContaining({ chargeId: accepted.body.chargeId, amount: '-21.00', credit: '-70.00' }),
    ]);
    expect(sep.charges.map((c: { id: string; amount: string }) => [c.id, c.amount])).toEqual([
      [accepted.body.chargeId, '-21.00'],
    ]);
    const payment = { receivedOn: '2026-10-10', amount: '0.01', bankReference: `carry-${d}` };
    const refused = await op.post(`/v1/tenants/${d}/statements/2026-09/payments`).send(payment).expect(409);
    expect(refused.body.error.code).toBe('STATEMENT_OVERPAYMENT');
    const paid = await world.prisma.notificationOutbox.findMany({
      where: { tenantId: d, eventType: 'statement.paid' },
    });
    expect(paid.map((e) => (e.payload as { periodId: string }).periodId)).toEqual(['2026-09']);
    const csv = await tenant.get(`/v1/tenants/${d}/statements/2026-09/export.csv`).expect(200);
    expect(csv.text).toContain('结转下期抵扣 Credit carried forward to the next statement,-49.00');
    expect(csv.text).toContain('应付金额 Net payable,0.00');

    // the rest is a pending charge of its own, naming the one it continues; October applies it in full
    const charges = async () =>
      (await op.get(`/v1/tenants/${d}/charges`).expect(200)).body.map(
        (c: { id: string; sourceId: string; amount: string; status: string }) => [c.id, c.sourceId, c.amount, c.status],
      );
    const rest = `${accepted.body.chargeId}~2026-09`;
    expect(await charges()).toEqual([
      [accepted.body.chargeId, opened.body.id, '-21.00', 'billed'],
      [rest, accepted.body.chargeId, '-49.00', 'pending'],
    ]);
    await world.usage({ tenantId: d, start: '2026-10-05T00:00:00Z', hours: 10 });
    await world.statements.issue(d, '2026-10');
    const oct = await statement('2026-10');
    // 100.00 − 30.00 deducted − 49.00 carried forward
    expect(oct.statement).toMatchObject({ chargesAmount: '-49.00', netPayable: '21.00', status: 'issued' });
    expect(oct.statement.view.totals).toMatchObject({ creditApplied: '-49.00', creditCarriedForward: '0.00' });
    expect(oct.charges.map((c: { id: string }) => c.id)).toEqual([rest]);
    expect((await charges()).map((c: string[]) => c[3])).toEqual(['billed', 'billed']);
  });
});
