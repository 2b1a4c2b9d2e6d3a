import { Decimal, formatAmount, sum } from '@park/money';
import { BillingReconciliations } from '@park/reconciliation';
import type { ReconciliationQueries } from '@park/usage-pipeline';
import { httpAs, OPERATOR_ADMIN, OPERATOR_FINANCE } from '../support/auth-tokens';
import { uniqueId } from '../support/test-config';
import { useBillingWorld } from './billing-park.fixture';

interface Settlement {
  id: string;
  contractId: string;
  subsidy: string;
  basePeriod: { from: string; to: string };
  steps: { baseDays: number; termDays: number; roundedBase: string; subsidy: string; amount: string };
  ledgerTransactionId: string | null;
}

interface ClaimBody {
  cadence: string;
  total: string;
  lines: { statementId: string; statementNumber: string; amount: string; contractIds: string[] }[];
  reconciliation: { linesTotal: string; ledgerTotal: string; reconciles: boolean };
}

/**
 * Issue 12 item 3 through the API with the real stores: a Nanning-style contract-settlement programme (30 % of the
 * settled amount prorated by the 2025-03-01..2025-12-31 base period's days in the contract's term, truncated to whole
 * 元 twice). Recording a settlement computes the subsidy with its steps, posts it to the ledger and audits it; the
 * claim has one line per settlement, each with its contract, and a settlement is claimed once.
 */
describe('contract-settlement programmes: record → ledger → one claim line per settlement, claimed once', () => {
  const park = useBillingWorld();
  const nanning = {
    mechanism: 'contract_settlement' as const,
    ratio: '0.30',
    caps: { perTenantCumulative: '2000000.00' },
    contractSettlement: {
      basePeriod: { from: '2025-03-01', to: '2025-12-31' },
      dayCount: 'difference' as const,
      intermediateRounding: 'TRUNCATE_YUAN' as const,
      finalRounding: 'TRUNCATE_YUAN' as const,
    },
  };
  let tenantId: string;
  let tenantB: string;
  let otherTenant: string;
  let perContract: string;
  let chosenCadence: string;
  const contractA = uniqueId('nn-a-');
  const contractB = uniqueId('nn-b-');
  const settled: Record<string, Settlement> = {};

  beforeAll(async () => {
    const { world } = park;
    perContract = await world.programme({ ...nanning, settlementCadence: 'per_contract' }, 'nanning');
    chosenCadence = await world.programme(nanning, 'nanning-any-cadence');
    tenantId = await world.tenant('nanning');
    tenantB = await world.tenant('nanning-b'); // a tenant's contracts may not overlap: B is another tenant's
    otherTenant = await world.tenant('other');
    const admin = await httpAs(park.app, OPERATOR_ADMIN);
    // A: 2025-01-01..2026-12-31 (Asia/Shanghai), B: 2025-04-01..2025-06-30
    const contract = (id: string, from: string, to: string) =>
      admin
        .post(`/v1/tenants/${id === contractA ? tenantId : tenantB}/contracts`)
        .send({ id, number: `HT-${id}`, signedOn: '2024-12-20', effectiveFrom: from, effectiveTo: to })
        .expect(201);
    await contract(contractA, '2024-12-31T16:00:00Z', '2026-12-31T16:00:00Z');
    await contract(contractB, '2025-03-31T16:00:00Z', '2025-06-30T16:00:00Z');
  });

  const settlementsOf = (contractId: string) =>
    `/v1/tenants/${contractId === contractA ? tenantId : tenantB}/contracts/${contractId}/settlements`;

  it("computes the bureau's worked example to the 分 with both truncations, and records every step", async () => {
    const op = await httpAs(park.app, OPERATOR_FINANCE);
    const body = { programmeId: perContract, settledAmount: '200000.00', settledOn: '2025-12-31', reference: 'JS-A' };
    settled.a = (await op.post(settlementsOf(contractA)).send(body).expect(201)).body as Settlement;
    expect(settled.a).toMatchObject({
      contractId: contractA,
      subsidy: '25102.00',
      basePeriod: { from: '2025-03-01', to: '2025-12-31' },
      steps: { baseDays: 305, termDays: 729, roundedBase: '83676.00', subsidy: '25102.00', amount: '25102.00' },
    });
    const b = { programmeId: perContract, settledAmount: '50000.55', settledOn: '2025-07-05', reference: 'JS-B' };
    settled.b = (await op.post(settlementsOf(contractB)).send(b).expect(201)).body as Settlement;
    expect([settled.b.steps.baseDays, settled.b.steps.termDays, settled.b.subsidy]).toEqual([90, 90, '15000.00']);
    // the same contract and base period again: refused, nothing posted twice
    const again = await op.post(settlementsOf(contractA)).send(body).expect(409);
    expect(again.body.error.code).toBe('ALREADY_EXISTS');
  });

  it('posts each subsidy once to the ledger (programme redeemed +, issued −) and audits the recording', async () => {
    const { world } = park;
    const postings = await world.prisma.ledgerPosting.findMany({
      where: { transaction: { idempotencyKey: `contract_settlement:${settled.a.id}` } },
      orderBy: { amount: 'asc' },
    });
    expect(postings.map((p) => [p.accountId, formatAmount(new Decimal(p.amount.toString()))])).toEqual([
      [`programme:${perContract}:issued`, '-25102.00'],
      [`programme:${perContract}:redeemed`, '25102.00'],
    ]);
    expect(postings[0].transactionId).toBe(settled.a.ledgerTransactionId);
    const events = await world.prisma.auditEvent.findMany({
      where: { entityType: 'contract_settlement', entityId: settled.a.id },
    });
    expect(events.map((e) => e.action)).toEqual(['contract.settlement.record']);
  });

  it('names the field of bad input, refuses another mechanism, and scopes reads to the tenant', async () => {
    const op = await httpAs(park.app, OPERATOR_FINANCE);
    const bad = await op
      .post(settlementsOf(contractA))
      .send({ programmeId: perContract, settledAmount: 200000, settledOn: '2025-13-01', reference: 'JS-X' })
      .expect(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['settledAmount', 'settledOn']);
    const onBill = await park.world.programme({ ratio: '0.3' }, 'on-bill');
    const wrong = await op
      .post(settlementsOf(contractA))
      .send({ programmeId: onBill, settledAmount: '100.00', settledOn: '2025-12-31', reference: 'JS-Y' })
      .expect(400);
    expect(wrong.body.error.issues).toEqual([
      { path: 'programmeId', message: `programme ${onBill} does not pay on contract settlements (mechanism on_bill)` },
    ]);
    await op.get(`/v1/tenants/${otherTenant}/contracts/${contractA}/settlements`).expect(404);
    const viewer = await httpAs(park.app, { role: 'tenant-viewer', tenantId });
    const own = (await viewer.get(settlementsOf(contractA)).expect(200)).body as Settlement[];
    expect(own.map((s) => s.subsidy)).toEqual(['25102.00']);
    const stranger = await httpAs(park.app, { role: 'tenant-viewer', tenantId: otherTenant });
    await stranger.get(settlementsOf(contractA)).expect(404);
  });

  it('claims per contract: one line per settlement, reconciled with the ledger; again → 409', async () => {
    const op = await httpAs(park.app, OPERATOR_FINANCE);
    const a = (await op.post('/v1/claims').send({ programmeId: perContract, cycle: contractA }).expect(201))
      .body as ClaimBody;
    expect(a).toMatchObject({
      cadence: 'per_contract',
      total: '25102.00',
      reconciliation: { linesTotal: '25102.00', ledgerTotal: '25102.00', reconciles: true },
    });
    expect(a.lines.map((l) => [l.statementId, l.statementNumber, l.contractIds])).toEqual([
      [settled.a.id, 'JS-A', [contractA]],
    ]);
    const b = (await op.post('/v1/claims').send({ programmeId: perContract, cycle: contractB }).expect(201))
      .body as ClaimBody;
    expect(b.total).toBe('15000.00');
    await op.post('/v1/claims').send({ programmeId: perContract, cycle: contractA }).expect(409);
  });

  it('takes each settlement once across cycles: a yearly claim of both, then nothing left per contract', async () => {
    const op = await httpAs(park.app, OPERATOR_FINANCE);
    const record = (contractId: string, settledAmount: string, settledOn: string, reference: string) =>
      op
        .post(settlementsOf(contractId))
        .send({ programmeId: chosenCadence, settledAmount, settledOn, reference })
        .expect(201);
    await record(contractA, '200000.00', '2025-12-31', 'JS-A2');
    await record(contractB, '50000.55', '2025-07-05', 'JS-B2');
    const yearly = (
      await op
        .post('/v1/claims')
        .send({ programmeId: chosenCadence, cycle: '2025', settlementCadence: 'yearly' })
        .expect(201)
    ).body as ClaimBody;
    expect(yearly.lines.map((l) => [l.statementNumber, l.amount, l.contractIds]).sort()).toEqual([
      ['JS-A2', '25102.00', [contractA]],
      ['JS-B2', '15000.00', [contractB]],
    ]);
    expect(yearly.total).toBe(formatAmount(sum(yearly.lines.map((l) => new Decimal(l.amount)))));
    expect(yearly.reconciliation).toEqual({ linesTotal: '40102.00', ledgerTotal: '40102.00', reconciles: true });
    const none = await op
      .post('/v1/claims')
      .send({ programmeId: chosenCadence, cycle: contractA, settlementCadence: 'per_contract' })
      .expect(409);
    expect(none.body.error.code).toBe('NOTHING_TO_CLAIM');
  });

  it("leaves the reconciliation's ledger and claims checks clean: each line equals its settlement", async () => {
    // these two kinds read PostgreSQL only (ClickHouse's queries serve the statements kind)
    const checks = new BillingReconciliations(park.world.prisma, {} as ReconciliationQueries);
    const [ledger, claims] = await Promise.all([checks.ledger(park.world.parkId), checks.claims(park.world.parkId)]);
    expect(ledger.findings).toEqual([]);
    expect(claims.findings).toEqual([]);
    expect(claims.matched).toBeGreaterThanOrEqual(4 * 2 + 3); // 4 lines × (amount, once) + 3 claim totals
  });
});
