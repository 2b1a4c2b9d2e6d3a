import { Global, Module, type INestApplication } from '@nestjs/common';
import { prismaAuditSql } from '@park/audit-store';
import { createLogger } from '@park/logging';
import { DELIVERY_OPTIONS, writeNotification, type DeliveryOptions } from '@park/notifications';
import { createApp } from '@park/platform';
import { BillingApiModule } from '../../apps/billing-api/src/billing-api.module';
import { NotificationsWorkerModule } from '../../apps/reconciliation-worker/src/notifications-worker.module';
import { httpAs, OPERATOR_ADMIN } from '../support/auth-tokens';
import { testConfig } from '../support/test-config';
import { WebhookReceiver } from '../support/webhook-receiver';
import { BillingWorld } from './billing-park.fixture';

const OPTIONS: DeliveryOptions = {
  attempts: 6,
  backoffMs: 100,
  timeoutMs: 5_000,
  dispatchEveryMs: 150,
  concurrency: 8,
};
const SUSPEND_AFTER = 3;

@Global()
@Module({ providers: [{ provide: DELIVERY_OPTIONS, useValue: OPTIONS }], exports: [DELIVERY_OPTIONS] })
class FastDeliveryModule {}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The per-endpoint circuit breaker, against real PostgreSQL, Redis (BullMQ) and a local HTTP receiver: an endpoint
 * answering 500 is suspended after WEBHOOK_SUSPEND_AFTER_FAILURES failures in a row (its owner and the operator are
 * told), its deliveries are parked, not attempted, while a healthy endpoint of the same tenant gets every event; the
 * tenant resumes it once it recovers and the parked deliveries arrive, oldest event first.
 */
describe('webhooks: a failing endpoint is suspended, its deliveries parked, then resumed in order', () => {
  let app: INestApplication;
  let world: BillingWorld;
  let tenantId: string;
  const receiver = new WebhookReceiver();
  const hooks: Record<string, string> = {};
  let seq = 0;

  /** One event for the tenant (its endpoints and the operator's get it), numbered. */
  const event = async () => {
    seq += 1;
    const payload = { tenantId, seq };
    await world.prisma.$transaction((tx) =>
      writeNotification(prismaAuditSql(tx), { type: 'statement.issued', payload, scope: { tenantId } }),
    );
    await new Promise((resolve) => setTimeout(resolve, 5)); // events a few ms apart: their order is their time
  };

  beforeAll(async () => {
    await receiver.start();
    const config = testConfig({ WEBHOOK_SUSPEND_AFTER_FAILURES: String(SUSPEND_AFTER) });
    app = await createApp(config, createLogger({ app: 'test', level: 'silent' }), {
      app: 'webhook-breaker-test',
      dependencies: ['postgres', 'redis', 'clickhouse'],
      features: [FastDeliveryModule, BillingApiModule, NotificationsWorkerModule],
      prepare: { clickhouseMigrations: true },
    });
    await app.init();
    world = await new BillingWorld(app).setUp();
    tenantId = await world.tenant('breaker');
    const tenant = await httpAs(app, { role: 'tenant-admin', tenantId });
    const admin = await httpAs(app, OPERATOR_ADMIN);
    for (const [path, behaviour, http, extra] of [
      ['/down', 'fail', tenant, {}],
      ['/healthy', 'ok', tenant, {}],
      ['/ops', 'ok', admin, { eventTypes: ['webhook.endpoint.suspended'] }],
    ] as const) {
      const res = await http
        .post('/v1/webhooks')
        .send({ url: receiver.url(path, behaviour), ...extra })
        .expect(201);
      receiver.secret(path, res.body.secret);
      hooks[path] = res.body.id;
    }
  });

  afterAll(async () => {
    await receiver.stop();
    await app?.close();
  });

  const mine = (path: string) => receiver.at(path).filter((r) => r.data.tenantId === tenantId);

  it('suspends the endpoint after its failures in a row, parks its deliveries, tells owner and operator', async () => {
    const tenant = await httpAs(app, { role: 'tenant-admin', tenantId });
    for (let i = 0; i < 3; i++) await event();
    const suspended = await until('the endpoint suspended', async () => {
      const body = (await tenant.get(`/v1/webhooks/${hooks['/down']}`).expect(200)).body;
      return body.suspendedAt ? body : undefined;
    });
    expect(suspended.suspendedReason).toBe('HTTP 500');
    // attempts already under way when it tripped are counted too
    expect(suspended.consecutiveFailures).toBeGreaterThanOrEqual(SUSPEND_AFTER);
    const triedBefore = receiver.at('/down').length;
    expect(triedBefore).toBeGreaterThanOrEqual(SUSPEND_AFTER);
    expect(receiver.at('/down').every((r) => r.answered === 500 && r.verified)).toBe(true);

    for (let i = 0; i < 3; i++) await event();
    // the healthy endpoint of the same tenant gets all six at once; the suspended one is not tried again
    await until('the healthy endpoint’s six events', () => (mine('/healthy').length >= 6 ? true : undefined));
    const deliveries = await until('all six deliveries parked', async () => {
      const list = (await tenant.get(`/v1/webhooks/${hooks['/down']}/deliveries`).expect(200)).body as {
        eventType: string;
        status: string;
        parkedAt: string | null;
        nextAttemptAt: string | null;
      }[];
      const parked = list.filter((d) => d.eventType === 'statement.issued' && d.parkedAt !== null);
      return parked.length === 6 ? list : undefined;
    });
    expect(deliveries.filter((d) => d.eventType === 'statement.issued').every((d) => d.status === 'pending')).toBe(
      true,
    );
    expect(receiver.at('/down').length).toBe(triedBefore);

    // the notification: to the operator's endpoint and to the tenant's healthy one (its own endpoint's)
    const notice = await until('the suspension notice', () =>
      receiver.at('/ops').find((r) => r.data.webhookId === hooks['/down']),
    );
    expect(notice).toMatchObject({ type: 'webhook.endpoint.suspended', verified: true });
    expect(notice.data).toMatchObject({ tenantId, lastError: 'HTTP 500', consecutiveFailures: SUSPEND_AFTER });
    expect(notice.data.suspendedAt).toBe(new Date(suspended.suspendedAt).toISOString());
    await until('the tenant told', () =>
      receiver.at('/healthy').find((r) => r.type === 'webhook.endpoint.suspended' && r.verified),
    );
    const audit = await world.prisma.auditEvent.findMany({ where: { entityId: hooks['/down'] } });
    expect(audit.map((e) => e.action)).toEqual(['webhook.register', 'webhook.suspend']);
  });

  it('resumes it: the parked deliveries arrive oldest first, then new ones as usual', async () => {
    const tenant = await httpAs(app, { role: 'tenant-admin', tenantId });
    receiver.url('/down', 'ok'); // it recovered
    const resumed = (await tenant.post(`/v1/webhooks/${hooks['/down']}/resume`).expect(200)).body;
    expect(resumed).toMatchObject({ id: hooks['/down'], suspendedAt: null, consecutiveFailures: 0 });
    expect(resumed.parkedDeliveries).toBe(7); // the six events and the notice of its own suspension
    expect(resumed.secret).toBeUndefined();

    const delivered = () =>
      mine('/down')
        .filter((r) => r.answered === 204 && r.type === 'statement.issued')
        .map((r) => r.data.seq);
    await until('the six parked deliveries', () => (delivered().length >= 6 ? true : undefined));
    expect(delivered()).toEqual([1, 2, 3, 4, 5, 6]);
    // in the order of the events, the suspension's notice (written when it tripped) between the 3rd and the 4th
    const order = receiver
      .at('/down')
      .filter((r) => r.answered === 204)
      .map((r) => (r.type === 'statement.issued' ? r.data.seq : r.type));
    expect(order).toEqual([1, 2, 3, 'webhook.endpoint.suspended', 4, 5, 6]);
    expect(mine('/down').every((r) => r.verified)).toBe(true);

    await event();
    await until('a new event after the resume', () => (delivered().length >= 7 ? true : undefined));
    expect(delivered()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const list = (await tenant.get(`/v1/webhooks/${hooks['/down']}/deliveries`).expect(200)).body as {
      status: string;
      parkedAt: string | null;
    }[];
    expect(list.every((d) => d.status === 'delivered' && d.parkedAt === null)).toBe(true);

    // resuming an endpoint that is not suspended changes nothing and audits nothing
    const again = (await tenant.post(`/v1/webhooks/${hooks['/down']}/resume`).expect(200)).body;
    expect(again).toMatchObject({ suspendedAt: null, parkedDeliveries: 0 });
    const audit = await world.prisma.auditEvent.findMany({
      where: { entityId: hooks['/down'] },
      orderBy: { seq: 'asc' },
    });
    expect(audit.map((e) => e.action)).toEqual(['webhook.register', 'webhook.suspend', 'webhook.resume']);
    expect(audit.map((e) => e.role)).toEqual(['tenant-admin', 'system', 'tenant-admin']);
  });
  it('does not send with a sealed secret that does not open: a failed attempt naming the cause', async () => {
    const tenant = await httpAs(app, { role: 'tenant-admin', tenantId });
    const res = await tenant
      .post('/v1/webhooks')
      .send({ url: receiver.url('/tampered', 'ok') })
      .expect(201);
    const stored = await world.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: res.body.id } });
    const raw = Buffer.from(stored.secret.slice('v1:'.length), 'base64');
    raw[raw.length - 1] ^= 0x01;
    await world.prisma.webhookEndpoint.update({
      where: { id: res.body.id },
      data: { secret: `v1:${raw.toString('base64')}` },
    });
    await event();
    const [delivery] = await until('the failed attempt', async () => {
      const list = (await tenant.get(`/v1/webhooks/${res.body.id}/deliveries`).expect(200)).body as {
        attemptCount: number;
        lastError: string | null;
      }[];
      return list.some((d) => d.attemptCount > 0) ? list : undefined;
    });
    expect(delivery.lastError).toMatch(/does not open/);
    expect(receiver.at('/tampered')).toEqual([]);
  });
});
