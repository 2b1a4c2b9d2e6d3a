import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { ContractService } from '@park/billing';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { createLogger } from '@park/logging';
import { Decimal, formatAmount, sum } from '@park/money';
import { createApp } from '@park/platform';
import { BillingApiModule } from '../../apps/billing-api/src/billing-api.module';
import { PeriodCloseWorkerModule } from '../../apps/reconciliation-worker/src/period-close-worker.module';
import { ReconciliationRunWorkerModule } from '../../apps/reconciliation-worker/src/reconciliation-run-worker.module';
import { httpAs, OPERATOR_ADMIN, OPERATOR_FINANCE } from '../support/auth-tokens';
import { testConfig, uniqueId } from '../support/test-config';
import { BillingWorld } from './billing-park.fixture';

interface ClaimBody {
  id: string;
  cadence: string;
  cycle: string;
  total: string;
  lines: { id: string; statementId: string; statementNumber: string; amount: string; contractIds: string[] }[];
  reconciliation: { linesTotal: string; ledgerTotal: string; reconciles: boolean };
}

interface Finding {
  kind: string;
  check: string;
  subject: Record<string, string>;
  expected: string;
  observed: string;
}

/**
 * Issue 12 item 2: a per-contract programme, one tenant with two contracts billed on one July statement (HT-A to
 * 07-15, HT-B from 07-15). Each contract's claim takes its own redemptions once, through the API; both reconcile
 * with the ledger, the drill-down and the evidence pack; a third claim answers 409; the reconciliation's claims
 * check agrees, and finds a whole-statement line forged onto another claim. Real PostgreSQL, Redis, ClickHouse.
 */
describe('per-contract claims: two contracts on one statement', () => {
  let app: INestApplication;
  let world: BillingWorld;
  let programmeId: string;
  let tenantId: string;
  const contractA = uniqueId('ct-a-');
  const contractB = uniqueId('ct-b-');
  const contractC = uniqueId('ct-c-');
  const contractD = uniqueId('ct-d-');
  const contractE = uniqueId('ct-e-');
  let chosenCadence: string;

  beforeAll(async () => {
    app = await createApp(testConfig(), createLogger({ app: 'test', level: 'silent' }), {
      app: 'claims-per-contract-test',
      dependencies: ['postgres', 'redis', 'kafka', 'clickhouse'],
      features: [BillingApiModule, PeriodCloseWorkerModule, ReconciliationRunWorkerModule],
      prepare: { clickhouseMigrations: true, kafkaTopics: true },
    });
    await app.init();
    world = await new BillingWorld(app).setUp();
    programmeId = await world.programme({ ratio: '0.5', settlementCadence: 'per_contract' }, 'per-contract');
    tenantId = await world.tenant('twoContracts');
    const contracts = app.get(ContractService);
    const contract = (tenant: string, id: string, from: string, to: string | null) =>
      contracts.create(tenant, {
        id,
        number: `HT-${id}`,
        signedOn: '2026-06-01',
        effectiveFrom: from,
        effectiveTo: to,
        discountPercent: '0',
      });
    await contract(tenantId, contractA, '2026-07-01T00:00:00Z', '2026-07-15T00:00:00Z');
    await contract(tenantId, contractB, '2026-07-15T00:00:00Z', '2026-09-01T00:00:00Z');
    await contract(tenantId, contractC, '2026-09-01T00:00:00Z', null);
    await world.grant(tenantId, programmeId, '1000.00');
    // H100 at 10.00 / GPU-hour, half paid by the programme: 3 h under A → 15.00, 5 h under B → 25.00
    await world.usage({ tenantId, start: '2026-07-05T00:00:00Z', hours: 3 });
    await world.usage({ tenantId, start: '2026-07-20T00:00:00Z', hours: 5 });
    await world.statements.issue(tenantId, '2026-07');
    // a programme whose cadence each claim request chooses, on another tenant's statement of two contracts
    chosenCadence = await world.programme({ ratio: '0.5' }, 'chosen-cadence');
    const other = await world.tenant('chosenCadence');
    await contract(other, contractD, '2026-07-01T00:00:00Z', '2026-07-15T00:00:00Z');
    await contract(other, contractE, '2026-07-15T00:00:00Z', null);
    await world.grant(other, chosenCadence, '1000.00');
    await world.usage({ tenantId: other, start: '2026-07-05T00:00:00Z', hours: 2 });
    await world.usage({ tenantId: other, start: '2026-07-20T00:00:00Z', hours: 4 });
    await world.statements.issue(other, '2026-07');
  });

  afterAll(() => app?.close());

  const claims: Record<string, ClaimBody> = {};

  it("files one claim per contract, each with its own contract's redemptions, reconciled with the ledger", async () => {
    const op = await httpAs(app, OPERATOR_FINANCE);
    claims.a = (await op.post('/v1/claims').send({ programmeId, cycle: contractA }).expect(201)).body as ClaimBody;
    // the second contract's claim on the same statement (before: 409 NOTHING_TO_CLAIM)
    claims.b = (await op.post('/v1/claims').send({ programmeId, cycle: contractB }).expect(201)).body as ClaimBody;
    expect(claims.a).toMatchObject({
      cadence: 'per_contract',
      total: '15.00',
      reconciliation: { linesTotal: '15.00', ledgerTotal: '15.00', reconciles: true },
    });
    expect(claims.b).toMatchObject({
      cadence: 'per_contract',
      total: '25.00',
      reconciliation: { linesTotal: '25.00', ledgerTotal: '25.00', reconciles: true },
    });
    expect(claims.a.lines.map((l) => l.contractIds)).toEqual([[contractA]]);
    expect(claims.b.lines.map((l) => l.contractIds)).toEqual([[contractB]]);
    expect(claims.a.lines[0].statementId).toBe(claims.b.lines[0].statementId);

    // the ledger, independently: the statement's postings on the programme's redeemed account are both claims together
    const postings = await world.prisma.ledgerPosting.findMany({
      where: {
        accountId: `programme:${programmeId}:redeemed`,
        transaction: { statementId: claims.a.lines[0].statementId },
      },
    });
    expect(formatAmount(sum(postings.map((p) => new Decimal(p.amount.toString()))))).toBe('40.00');
    expect(formatAmount(new Decimal(claims.a.total).plus(claims.b.total))).toBe('40.00');
  });

  it('answers a third attempt 409: the same contract again, or a contract with nothing left to claim', async () => {
    const op = await httpAs(app, OPERATOR_FINANCE);
    await op.post('/v1/claims').send({ programmeId, cycle: contractA }).expect(409);
    const none = await op.post('/v1/claims').send({ programmeId, cycle: contractC }).expect(409);
    expect(none.body.error.code).toBe('NOTHING_TO_CLAIM');
    // the programme settles per contract: a quarterly claim is refused
    await op.post('/v1/claims').send({ programmeId, cycle: '2026-Q3', settlementCadence: 'quarterly' }).expect(400);
  });

  it('lets a quarterly and a contract claim racing for one statement take it once: one wins, one 409', async () => {
    const op = await httpAs(app, OPERATOR_FINANCE);
    const [quarterly, perContract] = await Promise.all([
      op.post('/v1/claims').send({ programmeId: chosenCadence, cycle: '2026-Q3', settlementCadence: 'quarterly' }),
      op.post('/v1/claims').send({ programmeId: chosenCadence, cycle: contractD, settlementCadence: 'per_contract' }),
    ]);
    expect([quarterly.status, perContract.status].sort()).toEqual([201, 409]);
    const won = quarterly.status === 201 ? (quarterly.body as ClaimBody) : (perContract.body as ClaimBody);
    expect(won.total).toBe(quarterly.status === 201 ? '30.00' : '10.00');
    expect(won.reconciliation.reconciles).toBe(true);
    const lost = quarterly.status === 201 ? perContract : quarterly;
    expect(['NOTHING_TO_CLAIM', 'STATEMENT_ALREADY_CLAIMED']).toContain(lost.body.error.code);
    // whichever won, the statement's redemptions (30.00) are on claims once: a quarterly claim after D's is refused
    const lines = await world.prisma.claimLine.findMany({ where: { programmeId: chosenCadence } });
    expect(lines).toHaveLength(1);
  });

  it("drills down and packs each claim's own contract lines only", async () => {
    const op = await httpAs(app, OPERATOR_FINANCE);
    for (const [key, amount] of [
      ['a', '15.00'],
      ['b', '25.00'],
    ] as const) {
      const claim = claims[key];
      const drill = (await op.get(`/v1/claims/${claim.id}/drilldown`).expect(200)).body as {
        reconciles: boolean;
        total: string;
        lines: {
          amount: string;
          statementLinesClaimed: string;
          statementLines: { claimed: string; jobs: unknown[] }[];
        }[];
      };
      expect(drill).toMatchObject({ reconciles: true, total: amount });
      expect(drill.lines).toHaveLength(1);
      expect(drill.lines[0]).toMatchObject({ amount, statementLinesClaimed: amount });
      expect(drill.lines[0].statementLines.map((s) => s.claimed)).toEqual([amount]);
      expect(drill.lines[0].statementLines[0].jobs).toHaveLength(1);
      expect((await op.get(`/v1/claims/${claim.id}/evidence/verify`).expect(200)).body).toMatchObject({ ok: true });
      const csv = (await op.get(`/v1/claims/${claim.id}/evidence/statement-lines.csv`).expect(200)).text;
      expect(csv.trim().split('\n')).toHaveLength(2); // header and the contract's one line
      expect(csv).toContain(amount);
    }
  });

  it("keeps the reconciliation's claims check clean, finds a whole-statement line forged elsewhere", async () => {
    const admin = await httpAs(app, OPERATOR_ADMIN);
    const run = async () => {
      const started = await admin
        .post('/v1/reconciliation/runs')
        .send({ parkId: world.parkId, kinds: ['claims'], fromDay: '2026-07-01', toDay: '2026-07-31' })
        .expect(202);
      for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
        const res = await admin.get(`/v1/reconciliation/runs/${started.body.id as string}`).expect(200);
        if (res.body.status === 'failed') throw new Error(`run failed: ${res.body.error}`);
        if (res.body.status === 'completed')
          return res.body as { counts: Record<string, Record<string, number>>; findings: Finding[] };
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error('the run did not complete in 60 s');
    };
    const clean = await run();
    expect(clean.findings).toEqual([]);
    expect(clean.counts.claims).toEqual({ matched: expect.any(Number), mismatched: 0, missing: 0 });
    expect(clean.counts.claims.matched).toBeGreaterThanOrEqual(6); // 2 lines × (redemptions, once) + 2 totals

    // a yearly claim with the whole statement's line: the unique key allows it ('' ≠ a contract), the trigger does not
    const forged = uniqueId('clm_');
    const line = claims.a.lines[0];
    await world.prisma.claim.create({
      data: {
        id: forged,
        programmeId,
        bureauId: world.bureauId,
        cadence: 'yearly',
        cycle: '2026',
        mechanism: 'on_bill',
        total: '40.00',
        manifestSha256: '0'.repeat(64),
      },
    });
    const whole = {
      id: `${forged}:x`,
      claimId: forged,
      programmeId,
      statementId: line.statementId,
      contractId: '',
      tenantId,
      statementNumber: line.statementNumber,
      periodId: '2026-07',
      amount: '40.00',
      contractIds: [],
    };
    await expect(world.prisma.claimLine.create({ data: whole })).rejects.toMatchObject({ code: 'P2002' });
    // …so it is written past it, by a superuser with the table's triggers off
    const superuser = new pg.Client({ connectionString: app.get<AppConfig>(APP_CONFIG).postgres.url });
    await superuser.connect();
    try {
      await superuser.query('ALTER TABLE claim_lines DISABLE TRIGGER USER');
      await world.prisma.claimLine.create({ data: whole });
    } finally {
      await superuser.query('ALTER TABLE claim_lines ENABLE TRIGGER USER');
      await superuser.end();
    }
    const found = (await run()).findings.filter((f) => f.check === 'claimed_times');
    // each of the three lines now overlaps a line of another claim
    expect(found.map((f) => [f.subject.contractId ?? 'whole', f.expected, f.observed]).sort()).toEqual(
      [
        [contractA, '1', '2'],
        [contractB, '1', '2'],
        ['whole', '1', '3'],
      ].sort(),
    );
  });
});
