import { Global, Module, type INestApplication } from '@nestjs/common';
import { ClaimService } from '@park/claims';
import { createLogger } from '@park/logging';
import {
  DELIVERY_OPTIONS,
  NotificationDispatcher,
  WebhookSecretsSealer,
  type DeliveryOptions,
} from '@park/notifications';
import { createApp } from '@park/platform';
import { ReconciliationService } from '@park/reconciliation';
import { BillingApiModule } from '../../apps/billing-api/src/billing-api.module';
import { NotificationsWorkerModule } from '../../apps/reconciliation-worker/src/notifications-worker.module';
import { PeriodCloseWorkerModule } from '../../apps/reconciliation-worker/src/period-close-worker.module';
import { httpAs, OPERATOR_ADMIN } from '../support/auth-tokens';
import { testConfig } from '../support/test-config';
import { WebhookReceiver, type Received } from '../support/webhook-receiver';
import { BillingWorld } from './billing-park.fixture';

/** Short waits: retries after 200, 400, 800 ms; a dead endpoint's attempt gives up after 20 s (after the test). */
const OPTIONS: DeliveryOptions = {
  attempts: 6,
  backoffMs: 200,
  timeoutMs: 20_000,
  dispatchEveryMs: 150,
  concurrency: 8,
};

@Global()
@Module({ providers: [{ provide: DELIVERY_OPTIONS, useValue: OPTIONS }], exports: [DELIVERY_OPTIONS] })
class FastDeliveryModule {}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Issue 14 item 4, "Done when": real PostgreSQL, Redis (BullMQ) and a local HTTP receiver. Every event type reaches
 * the receiver once per delivery id with a signature the `standardwebhooks` verifier accepts; a receiver failing 3
 * times gets it on retry; a dead endpoint does not hold the others; a tenant's endpoint gets its own events only.
 */
describe('notifications: the outbox delivered as signed webhooks (issue 14 item 4)', () => {
  let app: INestApplication;
  let world: BillingWorld;
  const receiver = new WebhookReceiver();
  const ids: Record<string, string> = {};
  const hooks: Record<string, string> = {};

  beforeAll(async () => {
    await receiver.start();
    app = await createApp(testConfig(), createLogger({ app: 'test', level: 'silent' }), {
      app: 'webhooks-test',
      dependencies: ['postgres', 'redis', 'clickhouse'],
      features: [FastDeliveryModule, BillingApiModule, PeriodCloseWorkerModule, NotificationsWorkerModule],
      prepare: { clickhouseMigrations: true },
    });
    await app.init();
    world = await new BillingWorld(app).setUp();
    ids.park = world.parkId;
    ids.tenantA = await world.tenant('hook-a');
    ids.tenantB = await world.tenant('hook-b');
    ids.programme = await world.programme({ ratio: '0.3' }, 'hook-programme');
    // thresholds on the programme: below 90 % of face value, and at or below 995.00
    const admin = await httpAs(app, OPERATOR_ADMIN);
    const bad = await admin
      .put(`/v1/programmes/${ids.programme}/alerts`)
      .send({ balanceLowPercent: '120', balanceLowAmount: '1.234', expiringDays: 5000 })
      .expect(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'balanceLowAmount',
      'balanceLowPercent',
      'expiringDays',
    ]);
    await admin
      .put(`/v1/programmes/${ids.programme}/alerts`)
      .send({ balanceLowPercent: '90', balanceLowAmount: '995.00' })
      .expect(200, {
        programmeId: ids.programme,
        balanceLowPercent: '90.00',
        balanceLowAmount: '995.00',
        expiringDays: null,
      });
    const long = { validFrom: '2026-01-01', validTo: '2027-06-30' };
    ids.grantA = await world.grant(ids.tenantA, ids.programme, '1000.00', long);
    ids.grantJune = await world.grant(ids.tenantA, ids.programme, '500.00', {
      validFrom: '2026-01-01',
      validTo: '2026-06-30',
    });
    ids.grantB = await world.grant(ids.tenantB, ids.programme, '1000.00', long);

    const register = async (caller: Parameters<typeof httpAs>[1], path: string, extra: object = {}) => {
      const behaviour = path === '/flaky' ? 'flaky' : path === '/dead' ? 'dead' : 'ok';
      const http = await httpAs(app, caller);
      const res = await http
        .post('/v1/webhooks')
        .send({ url: receiver.url(path, behaviour), ...extra })
        .expect(201);
      expect(res.body.secret).toMatch(/^whsec_/);
      receiver.secret(path, res.body.secret);
      hooks[path] = res.body.id;
    };
    await register(OPERATOR_ADMIN, '/operator');
    await register(OPERATOR_ADMIN, '/flaky', { eventTypes: ['period.closed'] });
    await register(OPERATOR_ADMIN, '/dead', { eventTypes: ['statement.issued', 'period.closed'] });
    await register({ role: 'tenant-admin', tenantId: ids.tenantA }, '/tenant-a');
    await register({ role: 'tenant-admin', tenantId: ids.tenantB }, '/tenant-b');
    await register({ role: 'bureau-auditor', bureauId: world.bureauId }, '/bureau');
    // an endpoint stored before secrets were sealed: its plain secret is sealed by the sealer run at start-up
    await register(OPERATOR_ADMIN, '/legacy', { eventTypes: ['period.closed'] });
    const legacySecret = receiver.secretOf('/legacy') ?? '';
    await world.prisma.webhookEndpoint.update({ where: { id: hooks['/legacy'] }, data: { secret: legacySecret } });
    expect(await app.get(WebhookSecretsSealer).sealPlain()).toBeGreaterThanOrEqual(1);
  });

  afterAll(async () => {
    await receiver.stop(); // first: the dead endpoint's attempts end (and are recorded) while the app is up
    await new Promise((resolve) => setTimeout(resolve, 500));
    await app?.close();
  });

  const mine = (r: Received) => JSON.stringify(r.data).match(new RegExp(Object.values(ids).join('|'))) !== null;

  it('delivers every event type, signed, once per delivery id; scoped to the tenant and bureau', async () => {
    // June: 100.00 of usage, 30.00 off the June grant; issuing June lets its 470.00 lapse (grant.expired)
    await world.usage({ tenantId: ids.tenantA, start: '2026-06-10T00:00:00Z', hours: 10 });
    await world.statements.issue(ids.tenantA, '2026-06');
    // October, issued by the close: A 1,000.00 (300.00 off: 700.00 left), B 100.00 (30.00 off: 970.00 left)
    await world.usage({ tenantId: ids.tenantA, start: '2026-10-05T00:00:00Z', hours: 100 });
    await world.usage({ tenantId: ids.tenantB, start: '2026-10-05T00:00:00Z', hours: 10 });
    await world.close.startClose({ parkId: world.parkId, periodId: '2026-10' });
    await world.close.waitUntilClosed(world.parkId, '2026-10', 60_000);
    const claims = app.get(ClaimService);
    const claim = await claims.create({ programmeId: ids.programme, cycle: '2026-Q4' });
    ids.claim = claim.id;
    await claims.submit(claim.id);
    await claims.startReview(claim.id);
    await claims.review(
      claim.id,
      claim.lines.map((l: { id: string }) => ({ lineId: l.id, decision: 'approved' as const })),
    );
    // the daily check, on a pinned day 15 days before the grants' end
    await app.get(NotificationDispatcher).checkGrantAlerts('2027-06-15');
    // records of a cluster that sent no manifest: a manifests finding
    const reconciliation = app.get(ReconciliationService);
    const run = await reconciliation.startRun({
      parkId: world.parkId,
      kinds: ['manifests'],
      fromDay: '2026-10-05',
      toDay: '2026-10-05',
    });
    ids.run = run.id;
    await reconciliation.execute(run.id);

    const types = [
      'statement.issued',
      'grant.balance_low',
      'grant.expiring',
      'grant.expired',
      'claim.submitted',
      'claim.reviewed',
      'reconciliation.mismatch',
      'ingestion.manifest_mismatch',
      'period.closed',
    ];
    const operatorTypes = () =>
      new Set(
        receiver
          .at('/operator')
          .filter(mine)
          .map((r) => r.type),
      );
    await until('every event type at the operator endpoint', () =>
      types.every((t) => operatorTypes().has(t)) ? true : undefined,
    );
    // the dead endpoint's requests are all still hanging: it held no one up
    expect(receiver.open).toBeGreaterThan(0);
    expect(receiver.at('/dead').every((r) => r.answered === 0)).toBe(true);

    const operator = receiver.at('/operator').filter(mine);
    expect(operator.every((r) => r.verified)).toBe(true);
    const perId = new Map<string, number>();
    for (const r of operator) perId.set(r.webhookId, (perId.get(r.webhookId) ?? 0) + 1);
    expect([...perId.values()].every((n) => n === 1)).toBe(true);
    const count = (type: string) => operator.filter((r) => r.type === type).length;
    expect(count('statement.issued')).toBe(3); // A June, A and B October
    expect(count('grant.balance_low')).toBe(3); // A: 90 % and 995.00; B: 995.00
    expect(count('grant.expired')).toBe(1);
    expect(operator.find((r) => r.type === 'grant.expired')?.data).toMatchObject({
      grantId: ids.grantJune,
      lapsed: '470.00',
    });
    expect(count('period.closed')).toBe(1);

    // tenants: their own events only, never the other's
    const tenantTypes = ['statement.issued', 'grant.balance_low', 'grant.expired', 'grant.expiring'];
    const arrived = () =>
      receiver.at('/tenant-b').length >= 3 &&
      tenantTypes.every((t) => receiver.at('/tenant-a').some((r) => r.type === t));
    await until('tenant events', () => (arrived() ? true : undefined));
    const tenantA = receiver.at('/tenant-a');
    const tenantB = receiver.at('/tenant-b');
    expect(tenantA.every((r) => r.verified && r.data.tenantId === ids.tenantA)).toBe(true);
    expect(tenantB.every((r) => r.verified && r.data.tenantId === ids.tenantB)).toBe(true);
    expect(new Set(tenantA.map((r) => r.type))).toEqual(new Set(tenantTypes));
    expect(JSON.stringify(tenantB)).not.toContain(ids.tenantA);

    // the bureau: its programme's grants and claims, no statements, no operator-only events
    const bureauTypes = ['grant.balance_low', 'grant.expiring', 'grant.expired', 'claim.submitted', 'claim.reviewed'];
    await until('bureau events', () =>
      bureauTypes.every((t) => receiver.at('/bureau').some((r) => r.type === t)) ? true : undefined,
    );
    const bureau = receiver.at('/bureau');
    expect(bureau.every((r) => r.verified && r.data.programmeId === ids.programme)).toBe(true);
    expect(new Set(bureau.map((r) => r.type))).toEqual(new Set(bureauTypes));
  });

  it('retries a receiver that fails 3 times; it gets the event on the 4th attempt, same webhook-id', async () => {
    const flaky = await until('the flaky endpoint to answer 2xx', () => {
      const got = receiver.at('/flaky');
      return got.some((r) => r.answered === 204) ? got : undefined;
    });
    expect(flaky.map((r) => r.answered)).toEqual([500, 500, 500, 204]);
    expect(new Set(flaky.map((r) => r.webhookId)).size).toBe(1);
    expect(flaky.every((r) => r.verified && r.type === 'period.closed')).toBe(true);
    const admin = await httpAs(app, OPERATOR_ADMIN);
    const deliveries = (await admin.get(`/v1/webhooks/${hooks['/flaky']}/deliveries`).expect(200)).body;
    expect(deliveries).toEqual([
      expect.objectContaining({
        id: flaky[0].webhookId,
        eventType: 'period.closed',
        status: 'delivered',
        attemptCount: 4,
        lastStatus: 204,
        lastError: null,
      }),
    ]);
  });

  it('stores secrets sealed (AES-256-GCM), never in plain text, and still signs with them', async () => {
    const rows = await world.prisma.webhookEndpoint.findMany({ where: { id: { in: Object.values(hooks) } } });
    expect(rows).toHaveLength(Object.keys(hooks).length);
    for (const row of rows) {
      const secret = receiver.secretOf(Object.keys(hooks).find((path) => hooks[path] === row.id) ?? '') ?? '';
      expect(secret).toMatch(/^whsec_/);
      expect(row.secret).toMatch(/^v1:/);
      expect(row.secret).not.toContain(secret.slice('whsec_'.length));
    }
    // the endpoint stored plain before sealing still gets verifiable deliveries
    const legacy = await until('the legacy endpoint’s delivery', () => {
      const got = receiver.at('/legacy');
      return got.length > 0 ? got : undefined;
    });
    expect(legacy.every((r) => r.verified && r.type === 'period.closed')).toBe(true);
    // no answer carries a secret after the registration's
    const admin = await httpAs(app, OPERATOR_ADMIN);
    const answers = JSON.stringify([
      (await admin.get('/v1/webhooks').expect(200)).body,
      (await admin.get(`/v1/webhooks/${hooks['/legacy']}`).expect(200)).body,
      (await admin.get(`/v1/webhooks/${hooks['/legacy']}/deliveries`).expect(200)).body,
    ]);
    expect(answers).not.toMatch(/whsec_|v1:|"secret"/);
    const audit = await world.prisma.auditEvent.findMany({
      where: { entityId: { in: Object.values(hooks) } },
      select: { action: true, payload: true },
    });
    expect(audit.length).toBeGreaterThanOrEqual(Object.keys(hooks).length);
    expect(JSON.stringify(audit)).not.toMatch(/whsec_|"secret"/);
  });

  it('shows each caller its own endpoints only; another owner’s answers 404', async () => {
    const tenantA = await httpAs(app, { role: 'tenant-admin', tenantId: ids.tenantA });
    const list = (await tenantA.get('/v1/webhooks').expect(200)).body as { id: string; secret?: string }[];
    expect(list.map((h) => h.id)).toEqual([hooks['/tenant-a']]);
    expect(list[0].secret).toBeUndefined();
    await tenantA.get(`/v1/webhooks/${hooks['/tenant-b']}`).expect(404);
    await tenantA.get(`/v1/webhooks/${hooks['/operator']}/deliveries`).expect(404);
    await tenantA.delete(`/v1/webhooks/${hooks['/tenant-b']}`).expect(404);
    const refused = await tenantA
      .post('/v1/webhooks')
      .send({ url: 'ftp://x.example/h', eventTypes: ['period.closed'] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['eventTypes.0', 'url']);
    await tenantA.delete(`/v1/webhooks/${hooks['/tenant-a']}`).expect(204);
    await tenantA.get(`/v1/webhooks/${hooks['/tenant-a']}`).expect(404);
    const audit = await world.prisma.auditEvent.findMany({ where: { entityId: hooks['/tenant-a'] } });
    expect(audit.map((e) => e.action).sort()).toEqual(['webhook.delete', 'webhook.register']);
  });
});
