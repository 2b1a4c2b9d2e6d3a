import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { digest, type AuditEvent } from '@park/audit';
import { AuditStore } from '@park/audit-store';
import { ClusterAdminService } from '@park/ingest';
import { BillingWorld, billingApp } from './billing-park.fixture';
import { OPERATOR_ADMIN, bearer } from '../support/auth-tokens';

describe('changes to money and policy append audit events in the same transaction as the change', () => {
  let app: INestApplication;
  let world: BillingWorld;
  let audit: AuditStore;

  beforeAll(async () => {
    app = await billingApp();
    world = await new BillingWorld(app).setUp();
    audit = app.get(AuditStore);
  });

  afterAll(async () => {
    await app?.close();
  });

  /** Every event about one entity, in chain order (the log is shared with other tests: filter by entity). */
  async function eventsOf(entityType: string, entityId: string): Promise<AuditEvent[]> {
    const rows = await world.prisma.auditEvent.findMany({
      where: { entityType, entityId },
      orderBy: { seq: 'asc' },
      select: { seq: true },
    });
    const events: AuditEvent[] = [];
    for (const { seq } of rows) events.push(...(await audit.events({ after: String(seq - 1n), limit: 1 })));
    return events;
  }

  it('issuing a grant appends grant.issue (face value as a string); a status change names its actor', async () => {
    const tenantId = await world.tenant();
    const programmeId = await world.programme({ ratio: '0.3', eligibility: { resourceClasses: ['ai'] } });
    expect((await eventsOf('programme', programmeId)).map((e) => e.action)).toEqual(['programme.create']);
    const grantId = await world.grant(tenantId, programmeId, '100000.00');

    const [issued] = await eventsOf('grant', grantId);
    expect(issued).toMatchObject({
      action: 'grant.issue',
      actor: 'system',
      role: 'system',
      entityType: 'grant',
      entityId: grantId,
      beforeDigest: null,
    });
    expect(issued.payload).toEqual({ tenantId, programmeId, faceValue: '100000.00' });
    expect(issued.afterDigest).toBe(
      digest({
        id: grantId,
        programmeId,
        tenantId,
        contractId: null,
        faceValue: '100000.00',
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
        status: 'active',
      }),
    );

    await world.grants.setStatus(tenantId, grantId, 'suspended', '核查中', {
      subject: 'alice@park',
      role: 'operator-admin',
    });
    const events = await eventsOf('grant', grantId);
    expect(events.map((e) => [e.action, e.actor, e.role])).toEqual([
      ['grant.issue', 'system', 'system'],
      ['grant.suspend', 'alice@park', 'operator-admin'],
    ]);
    expect(events[1].payload).toEqual({ tenantId, reason: '核查中' });
    expect(events[1].beforeDigest).not.toBe(events[1].afterDigest);
  });

  it('issuing appends statement.issue with totals and redemptions, once however often it is issued', async () => {
    const tenantId = await world.tenant();
    const programmeId = await world.programme({ ratio: '0.3', eligibility: { resourceClasses: ['ai'] } });
    const grantId = await world.grant(tenantId, programmeId, '100000.00');
    await world.usage({ tenantId, start: '2026-10-03T02:00:00Z', hours: 100, deviceCount: 8 }); // 100 GPU-h × 10.00

    const results = await Promise.all(Array.from({ length: 5 }, () => world.statements.issue(tenantId, '2026-10')));
    expect(results.filter((r) => r.newlyIssued)).toHaveLength(1);
    const statement = results[0].statement;

    const events = await eventsOf('statement', statement.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'statement.issue',
      actor: 'system',
      role: 'system',
      entityId: statement.id,
    });
    expect(events[0].payload).toMatchObject({
      tenantId,
      periodId: '2026-10',
      number: `JS-202610-${tenantId}`,
      totals: { gross: '1000.00', deductions: '300.00', netPayable: '700.00' },
      redemptions: [{ grantId, programmeId, usageYear: 2026, amount: '300.00' }],
    });
    expect(events[0].beforeDigest).toBe(digest({ id: statement.id, tenantId, periodId: '2026-10', status: 'draft' }));

    await world.statements.pay(
      tenantId,
      '2026-10',
      { paymentReference: 'PAY-1', invoiceNumber: 'INV-1' },
      { subject: 'bob@park', role: 'operator-finance' },
    );
    expect((await eventsOf('statement', statement.id)).map((e) => [e.action, e.actor])).toEqual([
      ['statement.issue', 'system'],
      ['statement.pay', 'bob@park'],
    ]);
  });

  it('cluster credentials: issuing, retiring a key and binding a tenant append events (no private key)', async () => {
    const admin = new ClusterAdminService(world.prisma);
    const tenantId = await world.tenant();
    const clusterId = `${world.parkId}-cluster`;
    const operator = { subject: 'carol@park', role: 'operator-admin' };
    await admin.createCluster({ id: clusterId, name: '渲染集群' }, operator);
    await admin.bindTenant(clusterId, tenantId, operator);
    const key = await admin.issueKey(clusterId, operator);
    await admin.retireKey(clusterId, key.keyId, new Date('2026-11-01T00:00:00Z'), operator);
    expect((await eventsOf('cluster', clusterId)).map((e) => [e.action, e.actor])).toEqual([
      ['cluster.create', 'carol@park'],
      ['cluster.tenant.bind', 'carol@park'],
    ]);
    const keyEvents = await eventsOf('cluster_credential', key.keyId);
    expect(keyEvents.map((e) => e.action)).toEqual(['cluster.key.issue', 'cluster.key.retire']);
    expect(keyEvents[1].afterDigest).toBe(
      digest({ keyId: key.keyId, clusterId, fingerprint: key.fingerprint, retiredAt: '2026-11-01T00:00:00.000Z' }),
    );
    expect(JSON.stringify(keyEvents)).not.toContain('PRIVATE KEY');
  });

  it('GET /v1/audit/verify verifies the whole chain, /v1/audit/events pages through it', async () => {
    const auth = await bearer(app, OPERATOR_ADMIN);
    const verify = await request(app.getHttpServer()).get('/v1/audit/verify').set(auth).expect(200);
    expect(verify.body).toMatchObject({ ok: true });
    expect(verify.body.report).toMatch(/^audit chain intact: \d+ events? checked, head seq \d+ hash [0-9a-f]{64}$/);
    const head = verify.body.head as { seq: string; hash: string };

    const anchored = await request(app.getHttpServer())
      .get('/v1/audit/verify')
      .query({ anchorSeq: head.seq, anchorHash: head.hash })
      .set(auth)
      .expect(200);
    expect(anchored.body.ok).toBe(true);
    const forged = await request(app.getHttpServer())
      .get('/v1/audit/verify')
      .query({ anchorSeq: head.seq, anchorHash: 'f'.repeat(64) })
      .set(auth)
      .expect(200);
    expect(forged.body).toMatchObject({ ok: false, firstBadSeq: head.seq, reason: 'anchor mismatch' });

    const page = await request(app.getHttpServer())
      .get('/v1/audit/events')
      .query({ after: String(BigInt(head.seq) - 3n), limit: 2 })
      .set(auth)
      .expect(200);
    expect(page.body.events.map((e: AuditEvent) => e.seq)).toEqual([
      String(BigInt(head.seq) - 2n),
      String(BigInt(head.seq) - 1n),
    ]);
    expect(page.body.next).toBe(String(BigInt(head.seq) - 1n));
    await request(app.getHttpServer()).get('/v1/audit/events').query({ limit: 0 }).set(auth).expect(400);
    await request(app.getHttpServer()).get('/v1/audit/events').query({ after: 'x' }).set(auth).expect(400);
  });
});
