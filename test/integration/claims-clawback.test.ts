import type { INestApplication } from '@nestjs/common';
import { PrismaService } from '@park/db';
import { Decimal, formatAmount, sum } from '@park/money';
import { httpAs, OPERATOR_ADMIN, OPERATOR_FINANCE } from '../support/auth-tokens';
import { BillingWorld, billingApp } from './billing-park.fixture';

/**
 * Clawback (追缴) end to end (issue 5 item 3): a bureau finds tenant F's voucher obtained by fraud after F's June
 * redemption was claimed and paid and its July redemption issued but not yet claimed. Over HTTP as the bureau's
 * auditor, the grant is clawed back; the ledger, the voucher counters, the next claim, F's next statement (its
 * PDF and CSV too) and the audit trail all show it. An honest tenant H of the same programme is untouched.
 * Prices: H100 at 10.00 / GPU-hour, the programme deducts 30 % on the bill.
 */
describe('clawback (追缴) of a grant obtained by fraud', () => {
  let app: INestApplication;
  let world: BillingWorld;
  let other: BillingWorld;
  let programmeId: string;
  let fraud: string;
  let honest: string;
  let fraudGrant: string;
  let secondGrant: string;
  let honestGrant: string;
  let q2ClaimId: string;

  beforeAll(async () => {
    app = await billingApp();
    world = await new BillingWorld(app).setUp();
    other = await new BillingWorld(app).setUp();
    programmeId = await world.programme({ ratio: '0.3', pool: { yearlyBudget: '50000.00' } }, 'cb-programme');
    fraud = await world.tenant('fraudF');
    honest = await world.tenant('honestH');
    fraudGrant = await world.grant(fraud, programmeId, '1000.00');
    secondGrant = await world.grant(fraud, programmeId, '500.00');
    honestGrant = await world.grant(honest, programmeId, '1000.00');
    // June: F 10 h (30.00 off), H 5 h (15.00 off); July: F 20 h (60.00 off), H 5 h (15.00 off); August: F 10 h
    await world.usage({ tenantId: fraud, start: '2026-06-10T00:00:00Z', hours: 10 });
    await world.usage({ tenantId: honest, start: '2026-06-11T00:00:00Z', hours: 5 });
    await world.usage({ tenantId: fraud, start: '2026-07-10T00:00:00Z', hours: 20 });
    await world.usage({ tenantId: honest, start: '2026-07-11T00:00:00Z', hours: 5 });
    await world.usage({ tenantId: fraud, start: '2026-08-10T00:00:00Z', hours: 10 });
    for (const t of [fraud, honest]) for (const p of ['2026-06', '2026-07']) await world.statements.issue(t, p);

    // the Q2 claim runs its course: built, submitted, approved, paid
    const op = await httpAs(app, OPERATOR_FINANCE);
    const auditor = await httpAs(app, { role: 'bureau-auditor', bureauId: world.bureauId });
    const claim = (await op.post('/v1/claims').send({ programmeId, cycle: '2026-Q2' }).expect(201)).body as {
      id: string;
      total: string;
      lines: { id: string }[];
    };
    expect(claim.total).toBe('45.00');
    q2ClaimId = claim.id;
    await op.post(`/v1/claims/${claim.id}/submit`).expect(201);
    await auditor.post(`/v1/claims/${claim.id}/start-review`).expect(201);
    await auditor
      .post(`/v1/claims/${claim.id}/review`)
      .send({ decisions: claim.lines.map((l) => ({ lineId: l.id, decision: 'approved' })) })
      .expect(201);
    await op.post(`/v1/claims/${claim.id}/pay`).send({ paymentReference: 'BUREAU-Q2' }).expect(201);
  });

  afterAll(() => app?.close());

  const prisma = () => app.get(PrismaService).client;
  const balanceOf = async (account: string) => {
    const r = await prisma().ledgerPosting.aggregate({ _sum: { amount: true }, where: { accountId: account } });
    return formatAmount(new Decimal((r._sum.amount ?? 0).toString()));
  };

  it("refuses bad requests and other bureaus, and answers another programme's grant as missing", async () => {
    const auditor = await httpAs(app, { role: 'bureau-auditor', bureauId: world.bureauId });
    const otherAuditor = await httpAs(app, { role: 'bureau-auditor', bureauId: other.bureauId });
    const finance = await httpAs(app, OPERATOR_FINANCE);
    const tenant = await httpAs(app, { role: 'tenant-admin', tenantId: fraud });
    const bad = await auditor.post(`/v1/programmes/${programmeId}/clawbacks`).send({ grantId: fraudGrant }).expect(400);
    expect(bad.body.error.message).toContain('reason');
    await otherAuditor
      .post(`/v1/programmes/${programmeId}/clawbacks`)
      .send({ grantId: fraudGrant, reason: 'x' })
      .expect(404);
    await finance
      .post(`/v1/programmes/${programmeId}/clawbacks`)
      .send({ grantId: fraudGrant, reason: 'x' })
      .expect(403);
    await tenant.post(`/v1/programmes/${programmeId}/clawbacks`).send({ grantId: fraudGrant, reason: 'x' }).expect(403);
    const elsewhere = await other.programme({ ratio: '0.1' }, 'cb-elsewhere');
    await httpAs(app, { role: 'bureau-auditor', bureauId: other.bureauId }).then((a) =>
      a.post(`/v1/programmes/${elsewhere}/clawbacks`).send({ grantId: fraudGrant, reason: 'x' }).expect(404),
    );
    // nothing happened
    expect(await prisma().clawback.count({ where: { grantId: fraudGrant } })).toBe(0);
    expect((await world.grants.get(fraud, fraudGrant)).status).toBe('active');
  });

  it('reverses the redemptions, voids the balance, revokes, bars, bills; the honest tenant left alone', async () => {
    const redeemedBefore = await balanceOf(`programme:${programmeId}:redeemed`);
    expect(redeemedBefore).toBe('120.00');
    const auditor = await httpAs(app, { role: 'bureau-auditor', bureauId: world.bureauId });
    const res = await auditor
      .post(`/v1/programmes/${programmeId}/clawbacks`)
      .send({
        grantId: fraudGrant,
        reason: '虚构算力使用合同 fabricated usage contract',
        reference: '数据局〔2026〕12号',
      })
      .expect(201);
    const clawback = res.body as {
      id: string;
      amount: string;
      voidedBalance: string;
      tenantId: string;
      claimedIn: { claimId: string; status: string; amount: string }[];
      charge: { status: string; amount: string };
    };
    // 30.00 (June) + 60.00 (July) redeemed and reversed (billed to F); then the whole face value, 1000.00, voided
    expect(clawback).toMatchObject({
      amount: '90.00',
      voidedBalance: '1000.00',
      tenantId: fraud,
      charge: { status: 'pending', amount: '90.00' },
    });
    // the paid Q2 claim had June's 30.00: the operator owes it back to the bureau
    expect(clawback.claimedIn).toEqual([
      expect.objectContaining({ claimId: q2ClaimId, status: 'paid', amount: '30.00' }),
    ]);

    // the ledger: the grant is at 0, the programme's redeemed account lost exactly F's 90.00, every transaction
    // balances
    expect(await balanceOf(`grant:${fraudGrant}`)).toBe('0.00');
    expect(await balanceOf(`programme:${programmeId}:redeemed`)).toBe('30.00');
    expect(await balanceOf(`grant:${honestGrant}`)).toBe('970.00');
    const history = (
      await (await httpAs(app, OPERATOR_ADMIN)).get(`/v1/tenants/${fraud}/grants/${fraudGrant}/ledger`).expect(200)
    ).body as { kind: string; amount: string }[];
    expect(history.map((h) => [h.kind, h.amount])).toEqual([
      ['grant_issue', '1000.00'],
      ['redemption', '-30.00'],
      ['redemption', '-60.00'],
      ['reversal', '90.00'],
      ['grant_void', '-1000.00'],
    ]);
    const unbalanced = await prisma().$queryRaw<
      { id: string }[]
    >`SELECT transaction_id::text AS id FROM ledger_postings WHERE tenant_id = ${fraud} GROUP BY transaction_id HAVING
      SUM(amount) <> 0`;
    expect(unbalanced).toEqual([]);
    // the counters follow the ledger: F's use is back to 0, the pool keeps H's 30.00
    const counters = await prisma().voucherCounter.findMany({
      where: { programmeId },
      orderBy: [{ tenantId: 'asc' }, { year: 'asc' }],
    });
    expect(
      counters
        .map((c) => [
          c.tenantId === '' ? 'pool' : c.tenantId === fraud ? 'F' : 'H',
          c.year,
          formatAmount(new Decimal(c.used.toString())),
        ])
        .sort(),
    ).toEqual(
      [
        ['pool', 2026, '30.00'],
        ['F', 0, '0.00'],
        ['F', 2026, '0.00'],
        ['H', 0, '30.00'],
        ['H', 2026, '30.00'],
      ].sort(),
    );

    // revoked, the second grant too; barred: no new grant; a second clawback of the grant is refused
    const grants = await world.grants.list(fraud);
    // both show 0 and why (issue 12 item 9); the second grant's 500.00 stays in the ledger, it just pays nothing more
    expect(grants.map((g) => [g.id, g.status, g.balance, g.lapse?.reason]).sort()).toEqual(
      [
        [fraudGrant, 'revoked', '0.00', 'clawed_back'],
        [secondGrant, 'revoked', '0.00', 'revoked'],
      ].sort(),
    );
    expect((await world.grants.get(honest, honestGrant)).status).toBe('active');
    const admin = await httpAs(app, OPERATOR_ADMIN);
    const refused = await admin
      .post(`/v1/tenants/${fraud}/grants`)
      .send({
        id: `g-again-${Date.now()}`,
        programmeId,
        faceValue: '100.00',
        validFrom: '2026-09-01',
        validTo: '2026-12-31',
      })
      .expect(409);
    expect(refused.body.error).toMatchObject({ code: 'TENANT_BARRED' });
    await auditor
      .post(`/v1/programmes/${programmeId}/clawbacks`)
      .send({ grantId: fraudGrant, reason: 'again' })
      .expect(409);
    await auditor
      .post(`/v1/programmes/${programmeId}/clawbacks`)
      .send({ grantId: 'g-missing', reason: 'x' })
      .expect(404);

    // the bureau and the operators list it
    expect(
      ((await auditor.get(`/v1/programmes/${programmeId}/clawbacks`).expect(200)).body as { id: string }[]).map(
        (c) => c.id,
      ),
    ).toEqual([clawback.id]);
  });

  it('leaves the clawed-back redemptions out of the next claim', async () => {
    const op = await httpAs(app, OPERATOR_FINANCE);
    const claim = (await op.post('/v1/claims').send({ programmeId, cycle: '2026-Q3' }).expect(201)).body as {
      total: string;
      lines: { tenantId: string }[];
      reconciliation: { reconciles: boolean };
    };
    expect(claim.lines.map((l) => l.tenantId)).toEqual([honest]);
    expect(claim.total).toBe('15.00');
    expect(claim.reconciliation.reconciles).toBe(true);
  });

  it(
    "bills the clawback on the tenant's next statement, with no voucher from the programme, in its PDF and CSV " +
      'too',
    async () => {
      const tenant = await httpAs(app, { role: 'tenant-viewer', tenantId: fraud });
      const pending = (await tenant.get(`/v1/tenants/${fraud}/charges`).expect(200)).body as {
        kind: string;
        amount: string;
        status: string;
      }[];
      expect(pending.map((c) => [c.kind, c.amount, c.status])).toEqual([['clawback', '90.00', 'pending']]);
      const preview = (await tenant.get(`/v1/tenants/${fraud}/statements/2026-08/preview`).expect(200)).body as {
        view: { totals: Record<string, string>; charges: { amount: string }[] };
      };
      expect(preview.view.totals).toMatchObject({
        gross: '100.00',
        deductions: '0.00',
        charges: '90.00',
        netPayable: '190.00',
      });

      const { statement } = await world.statements.issue(fraud, '2026-08');
      expect(formatAmount(new Decimal(statement.chargesAmount.toString()))).toBe('90.00');
      expect(formatAmount(new Decimal(statement.netPayable.toString()))).toBe('190.00');
      const detail = (await tenant.get(`/v1/tenants/${fraud}/statements/2026-08`).expect(200)).body as {
        statement: {
          view: { charges: { kind: string; reason: string; amount: string }[]; totals: Record<string, string> };
        };
        charges: { status: string; statementId: string }[];
        deductions: unknown[];
      };
      expect(detail.deductions).toEqual([]);
      expect(detail.statement.view.charges).toEqual([
        expect.objectContaining({
          kind: 'clawback',
          amount: '90.00',
          reason: expect.stringContaining('数据局〔2026〕12号'),
        }),
      ]);
      expect(detail.charges).toEqual([expect.objectContaining({ status: 'billed', statementId: statement.id })]);
      const csv = (await tenant.get(`/v1/tenants/${fraud}/statements/2026-08/export.csv`).expect(200)).text;
      expect(csv).toContain('补缴 Charges billed back,90.00');
      expect(csv).toContain('追缴 clawback of voucher');
      const pdf = await tenant.get(`/v1/tenants/${fraud}/statements/2026-08/export.pdf`).buffer(true).expect(200);
      expect(pdf.headers['content-type']).toContain('pdf');

      // billed once: the next statement has no charge left
      await world.usage({ tenantId: fraud, start: '2026-09-10T00:00:00Z', hours: 1 });
      const { statement: september } = await world.statements.issue(fraud, '2026-09');
      expect(formatAmount(new Decimal(september.chargesAmount.toString()))).toBe('0.00');
      expect(formatAmount(new Decimal(september.netPayable.toString()))).toBe('10.00');
    },
  );

  it('records the clawback in the audit trail, by the bureau auditor, and the chain verifies', async () => {
    const events = await prisma().auditEvent.findMany({
      where: { OR: [{ entityId: { in: [fraudGrant, secondGrant, programmeId] } }] },
      orderBy: { seq: 'asc' },
    });
    const tail = events.filter((e) => e.action !== 'grant.issue' && e.action !== 'programme.create');
    expect(tail.map((e) => [e.action, e.entityId, e.role])).toEqual([
      ['grant.clawback', fraudGrant, 'bureau-auditor'],
      ['grant.revoke', secondGrant, 'bureau-auditor'],
      ['programme.bar', programmeId, 'bureau-auditor'],
    ]);
    expect(tail[0].payload).toMatchObject({
      reversed: '90.00',
      voidedBalance: '1000.00',
      chargedToTenant: true,
      reference: '数据局〔2026〕12号',
    });
    const issued = await prisma().auditEvent.findMany({
      where: { action: 'statement.issue', entityType: 'statement' },
      orderBy: { seq: 'desc' },
      take: 5,
    });
    expect(
      issued.some(
        (e) =>
          (e.payload as { tenantId?: string; totals?: { charges?: string } }).tenantId === fraud &&
          (e.payload as { totals: { charges: string } }).totals.charges === '90.00',
      ),
    ).toBe(true);
    expect((await (await httpAs(app, OPERATOR_ADMIN)).get('/v1/audit/verify').expect(200)).body.ok).toBe(true);

    // the bureau's auditor verifies the chain too, and reads the events of its own programmes, grants and claims only
    const auditor = await httpAs(app, { role: 'bureau-auditor', bureauId: world.bureauId });
    expect((await auditor.get('/v1/audit/verify').expect(200)).body.ok).toBe(true);
    const seen: { seq: string; action: string; entityType: string; entityId: string }[] = [];
    for (let after = '0'; ;) {
      const page = (await auditor.get(`/v1/audit/events?after=${after}&limit=1000`).expect(200)).body as {
        events: typeof seen;
        next: string | null;
      };
      seen.push(...page.events);
      if (!page.next) break;
      after = page.next;
    }
    const claimIds = (await prisma().claim.findMany({ where: { bureauId: world.bureauId }, select: { id: true } })).map(
      (c) => c.id,
    );
    const mine = new Set([world.bureauId, programmeId, fraudGrant, secondGrant, honestGrant, ...claimIds]);
    expect(seen.filter((e) => !mine.has(e.entityId))).toEqual([]);
    expect(seen.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'bureau.create',
        'programme.create',
        'grant.issue',
        'claim.create',
        'claim.pay',
        'grant.clawback',
        'programme.bar',
      ]),
    );
    // totals check: what F pays over the four statements: its whole usage, every voucher taken back
    const statements = await prisma().statement.findMany({ where: { tenantId: fraud } });
    expect(formatAmount(sum(statements.map((s) => new Decimal(s.netPayable.toString()))))).toBe('410.00');
  });

  it('races an issue of the same tenant without deadlock, and claws back once when asked twice at once', async () => {
    const t = await world.tenant('raceR');
    const first = await world.grant(t, programmeId, '1000.00');
    const second = await world.grant(t, programmeId, '1000.00');
    await world.usage({ tenantId: t, start: '2026-09-03T00:00:00Z', hours: 30 }); // 300.00, 30 % = 90.00 off
    const auditor = await httpAs(app, { role: 'bureau-auditor', bureauId: world.bureauId });
    const target = [first, second].sort()[0]; // the grant the issue draws from (grants apply in id order)
    const [issued, a, b] = await Promise.all([
      world.statements.issue(t, '2026-09'),
      auditor.post(`/v1/programmes/${programmeId}/clawbacks`).send({ grantId: target, reason: 'race' }),
      auditor.post(`/v1/programmes/${programmeId}/clawbacks`).send({ grantId: target, reason: 'race' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    // whichever went first, the tenant keeps no voucher money: its bill plus what is charged back is its whole usage
    const charges = await prisma().tenantCharge.findMany({ where: { tenantId: t } });
    const net = new Decimal(issued.statement.netPayable.toString()).minus(issued.statement.chargesAmount.toString());
    expect(
      formatAmount(
        net.plus(
          sum(
            charges.filter((c) => c.statementId !== issued.statement.id).map((c) => new Decimal(c.amount.toString())),
          ),
        ),
      ),
    ).toBe('300.00');
    expect(await balanceOf(`grant:${target}`)).toBe('0.00');
    expect((await world.grants.list(t)).map((g) => g.status)).toEqual(['revoked', 'revoked']);
  });
});
