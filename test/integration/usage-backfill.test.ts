import { StatementExportService } from '@park/billing';
import { nextPeriod, periodBounds, periodOf } from '@park/billing-domain';
import { ClickHouseService } from '@park/clickhouse';
import { DEFAULT_VALIDATION_POLICY, formatTimestamp, MS_PER_DAY, MS_PER_HOUR, validateBatch } from '@park/usage-domain';
import { httpAs, OPERATOR_ADMIN, OPERATOR_FINANCE } from '../support/auth-tokens';
import { uniqueId } from '../support/test-config';
import { useBillingWorld } from './billing-park.fixture';

interface AdjustmentView {
  adjustments: { periodId: string; subtotal: string; lines: { lineId: string }[] }[];
  totals: Record<string, string>;
}

/** One GPU-hour on one H100 that ended about 40 days ago: past the agents' 35-day window, inside one month. */
function fortyDaysOld(now: number) {
  let startedAt = Math.floor((now - 40 * MS_PER_DAY) / MS_PER_HOUR) * MS_PER_HOUR - 2 * MS_PER_HOUR;
  if (periodOf(new Date(startedAt)) !== periodOf(new Date(startedAt + MS_PER_HOUR - 1))) startedAt -= 2 * MS_PER_HOUR;
  return { startedAt, endedAt: startedAt + MS_PER_HOUR, periodId: periodOf(new Date(startedAt)) };
}

describe('operator-approved backfill of usage older than the ingest window (issue 12 item 14)', () => {
  const park = useBillingWorld();

  it('is refused until a second operator approves, lands once, and bills as a labelled adjustment', async () => {
    const { world, app } = park;
    const tenantId = await world.tenant('backfill');
    const clusterId = uniqueId('cl-backfill-');
    await world.prisma.cluster.create({ data: { id: clusterId, name: 'backfill test cluster' } });
    await world.prisma.clusterTenantBinding.create({ data: { clusterId, tenantId } });
    const old = fortyDaysOld(Date.now());
    const period = old.periodId;
    const next = nextPeriod(period);

    // the month of the old usage is issued (2 GPU-hours = 20.00) and its CSV digest taken
    await world.usage({ tenantId, start: new Date(periodBounds(period).start).toISOString(), hours: 2 });
    const finance = await httpAs(app, OPERATOR_FINANCE);
    await finance.post(`/v1/periods/${period}/close`).send({ parkId: world.parkId }).expect(201);
    await world.close.waitUntilClosed(world.parkId, period, 60_000);
    const exports = app.get(StatementExportService);
    const csvBefore = (await exports.export(tenantId, period, 'csv')).sha256;
    const issuedBefore = await world.statements.get(tenantId, period);

    const record = {
      event_id: uniqueId('ev-late-'),
      cluster_id: clusterId,
      tenant_id: tenantId,
      job_id: 'job-late-1',
      job_type: 'training',
      sku: 'gpu.h100-80g',
      quantity: '3600',
      device_count: 1,
      started_at: formatTimestamp(old.startedAt),
      ended_at: formatTimestamp(old.endedAt),
    };
    // the agents' window stays 35 days: the gateway's validation refuses this record
    const agentView = validateBatch(
      { records: [record] },
      {
        clusterId,
        boundTenants: new Set([tenantId]),
        catalogue: new Map([['gpu.h100-80g', { baseUnit: 'gpu_second', scalesWithDevices: true, timeBased: true }]]),
        now: Date.now(),
        policy: DEFAULT_VALIDATION_POLICY,
      },
    );
    expect(agentView.ok && agentView.results[0].status).toBe('rejected');

    const admin = await httpAs(app, OPERATOR_ADMIN);
    const reason = 'cluster agent offline for six weeks (ticket OPS-481)';
    const requested = (
      await admin
        .post('/v1/backfills')
        .send({ clusterId, reason, records: [record] })
        .expect(201)
    ).body as { id: string; status: string; summary: unknown[] };
    expect(requested).toMatchObject({ status: 'requested', recordCount: 1, tenantIds: [tenantId] });
    expect(requested.summary).toEqual([{ tenantId, periodId: period, sku: 'gpu.h100-80g', jobType: 'training' }]);

    // without approval nothing is in ClickHouse and nothing is billed; the requester cannot approve it
    const refused = await admin.post(`/v1/backfills/${requested.id}/approve`).expect(409);
    expect(refused.body.error.code).toBe('BACKFILL_NEEDS_SECOND_OPERATOR');
    expect(await storedCopies(record.event_id)).toEqual([]);
    const draftBefore = (await admin.get(`/v1/tenants/${tenantId}/statements/${next}/preview`).expect(200)).body;
    expect((draftBefore.view as AdjustmentView).adjustments).toEqual([]);

    // approved by another operator: stored once, labelled; approving again (twice, at once) stores nothing more
    const approved = (await finance.post(`/v1/backfills/${requested.id}/approve`).expect(201)).body;
    expect(approved).toMatchObject({ status: 'approved', inserted: 1, alreadyStored: 0, newlyApproved: true });
    const replays = await Promise.all([
      finance.post(`/v1/backfills/${requested.id}/approve`).expect(201),
      admin.post(`/v1/backfills/${requested.id}/approve`).expect(201),
    ]);
    expect(replays.map((r) => [r.body.newlyApproved, r.body.inserted])).toEqual([
      [false, 1],
      [false, 1],
    ]);
    // the same record requested and approved again (a replayed backfill) finds it stored
    const again = (
      await admin
        .post('/v1/backfills')
        .send({ clusterId, reason, records: [record] })
        .expect(201)
    ).body;
    expect((await finance.post(`/v1/backfills/${again.id}/approve`).expect(201)).body).toMatchObject({
      inserted: 0,
      alreadyStored: 1,
    });
    expect(await storedCopies(record.event_id)).toEqual([requested.id]);

    // the next statement bills it as an adjustment of its month, labelled with the backfill
    const draft = (await admin.get(`/v1/tenants/${tenantId}/statements/${next}/preview`).expect(200)).body;
    const draftView = draft.view as AdjustmentView;
    expect(draftView.adjustments).toHaveLength(1);
    expect(draftView.adjustments[0]).toMatchObject({ periodId: period, subtotal: '10.00' });
    const adjustmentLine = draftView.adjustments[0].lines[0].lineId;
    expect(draft.backfills).toEqual([
      expect.objectContaining({ backfillId: requested.id, reason, lineIds: [adjustmentLine] }),
    ]);
    await world.statements.issue(tenantId, next, { now: periodBounds(next).end });
    const issued = (await finance.get(`/v1/tenants/${tenantId}/statements/${next}`).expect(200)).body;
    expect((issued.statement.view as AdjustmentView).totals).toMatchObject({ adjustments: '10.00' });
    expect(issued.backfills).toEqual([
      expect.objectContaining({ backfillId: requested.id, lineIds: [adjustmentLine] }),
    ]);

    // the issued month is unchanged: same numbers, same frozen view, same CSV digest
    const issuedAfter = await world.statements.get(tenantId, period);
    expect(issuedAfter.updatedAt.getTime()).toBe(issuedBefore.updatedAt.getTime());
    expect(issuedAfter.view).toEqual(issuedBefore.view);
    expect((await exports.export(tenantId, period, 'csv')).sha256).toBe(csvBefore);

    // each step is audited as its operator's
    const events = await world.prisma.auditEvent.findMany({
      where: { entityType: 'usage_backfill', entityId: requested.id },
      orderBy: { seq: 'asc' },
    });
    expect(events.map((e) => [e.action, e.role])).toEqual([
      ['usage.backfill.requested', 'operator-admin'],
      ['usage.backfill.approved', 'operator-finance'],
    ]);
  });

  it('refuses bad records whole, naming each one', async () => {
    const tenantId = await park.world.tenant('backfill-bad');
    const clusterId = uniqueId('cl-backfill-');
    await park.world.prisma.cluster.create({ data: { id: clusterId, name: 'backfill test cluster' } });
    await park.world.prisma.clusterTenantBinding.create({ data: { clusterId, tenantId } });
    const admin = await httpAs(park.app, OPERATOR_ADMIN);
    const ancient = Date.now() - 400 * MS_PER_DAY;
    const good = {
      event_id: 'ev-ok',
      cluster_id: clusterId,
      tenant_id: tenantId,
      job_id: 'j',
      job_type: 'training',
      sku: 'gpu.h100-80g',
      quantity: '3600',
      device_count: 1,
      started_at: formatTimestamp(ancient + 300 * MS_PER_DAY),
      ended_at: formatTimestamp(ancient + 300 * MS_PER_DAY + MS_PER_HOUR),
    };
    const tooOld = {
      ...good,
      event_id: 'ev-old',
      started_at: formatTimestamp(ancient),
      ended_at: formatTimestamp(ancient + MS_PER_HOUR),
    };
    const unbound = { ...good, event_id: 'ev-unbound', tenant_id: 'someone-else' };
    const res = await admin
      .post('/v1/backfills')
      .send({ clusterId, reason: 'test', records: [good, tooOld, unbound] })
      .expect(400);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['records[1]', 'records[2]']);
    await admin
      .post('/v1/backfills')
      .send({ clusterId: 'no-such-cluster', reason: 'x', records: [good] })
      .expect(404);
    expect(await park.world.prisma.usageBackfill.count({ where: { clusterId } })).toBe(0);
  });

  async function storedCopies(eventId: string): Promise<string[]> {
    const ch = park.app.get(ClickHouseService);
    const rows = await ch.client.query({
      query: `SELECT attributes['park.backfill_id'] AS backfill FROM ${ch.database}.usage_records
              WHERE event_id = {e:String}`,
      query_params: { e: eventId },
      format: 'JSONEachRow',
    });
    return ((await rows.json()) as { backfill: string }[]).map((r) => r.backfill);
  }
});
