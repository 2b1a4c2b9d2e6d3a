import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { INestApplication } from '@nestjs/common';
import type { Response } from 'superagent';
import { ContractService } from '@park/billing';
import { PrismaService } from '@park/db';
import { Decimal, formatAmount, sum } from '@park/money';
import { httpAs, OPERATOR_ADMIN, OPERATOR_FINANCE } from '../support/auth-tokens';
import { uniqueId } from '../support/test-config';
import { BillingWorld, billingApp } from './billing-park.fixture';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const binary = (res: Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/**
 * Reimbursement claims (issue 5 items 1, 2, 4 / DESIGN §7): a seeded quarter (2026-Q3) of two tenants under an
 * on-bill programme and one tenant under a reimbursed programme; claims built over HTTP, reconciled with the ledger,
 * the statements and ClickHouse's raw usage; the evidence pack verified and tampered with; the bureau's review.
 */
describe('reimbursement claims (兑付申请)', () => {
  let app: INestApplication;
  let world: BillingWorld;
  let other: BillingWorld;
  let onBill: string;
  let reimbursed: string;
  let tenantA: string;
  let tenantB: string;
  let tenantC: string;

  beforeAll(async () => {
    app = await billingApp();
    world = await new BillingWorld(app).setUp();
    other = await new BillingWorld(app).setUp();
    onBill = await world.programme({ ratio: '0.3' }, 'q-onbill');
    reimbursed = await world.programme({ ratio: '0.5', mechanism: 'reimbursed' }, 'q-reimb');
    tenantA = await world.tenant('claimA');
    tenantB = await world.tenant('claimB');
    tenantC = await world.tenant('claimC');
    await world.grant(tenantA, onBill, '100000.00');
    await world.grant(tenantB, onBill, '100000.00');
    await world.grant(tenantC, reimbursed, '100000.00');
    // A: two jobs in July, one in August; B: one in September (Ascend); C: July and August
    await world.usage({ tenantId: tenantA, start: '2026-07-03T00:00:00Z', hours: 7 });
    await world.usage({ tenantId: tenantA, start: '2026-07-09T00:00:00Z', hours: 13.5, deviceCount: 3 });
    await world.usage({ tenantId: tenantA, start: '2026-08-11T00:00:00Z', hours: 3.3333 });
    await world.usage({ tenantId: tenantB, sku: 'gpu.ascend-910b', start: '2026-09-02T00:00:00Z', hours: 11 });
    await world.usage({ tenantId: tenantC, start: '2026-07-05T00:00:00Z', hours: 20 });
    await world.usage({ tenantId: tenantC, start: '2026-08-05T00:00:00Z', hours: 4 });
    for (const [t, p] of [
      [tenantA, '2026-07'],
      [tenantA, '2026-08'],
      [tenantB, '2026-09'],
      [tenantC, '2026-07'],
      [tenantC, '2026-08'],
    ])
      await world.statements.issue(t, p);
    // the reimbursed programme pays only after the tenant has paid: July paid, August not
    await world.statements.pay(tenantC, '2026-07', { paymentReference: 'PAY-C-07', invoiceNumber: 'INV-C-07' });
  });

  afterAll(() => app?.close());

  const prisma = () => app.get(PrismaService).client;

  async function buildClaim(programmeId: string) {
    const op = await httpAs(app, OPERATOR_FINANCE);
    const res = await op.post('/v1/claims').send({ programmeId, cycle: '2026-Q3' }).expect(201);
    return res.body as {
      id: string;
      status: string;
      total: string;
      manifestSha256: string;
      lines: {
        id: string;
        tenantId: string;
        statementNumber: string;
        periodId: string;
        amount: string;
        invoiceNumber: string | null;
        paymentReference: string | null;
      }[];
      reconciliation: { linesTotal: string; ledgerTotal: string; reconciles: boolean };
    };
  }

  it('collects the redemptions of the quarter per statement and reconciles to the 分 with the ledger and the statements', async () => {
    const claim = await buildClaim(onBill);
    expect(claim.status).toBe('draft');
    expect(claim.lines.map((l) => [l.tenantId, l.periodId])).toEqual(
      [
        [tenantA, '2026-07'],
        [tenantA, '2026-08'],
        [tenantB, '2026-09'],
      ].sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1])),
    );
    expect(claim.total).toBe(formatAmount(sum(claim.lines.map((l) => new Decimal(l.amount)))));

    // the ledger, independently: postings on the programme's redeemed account of these statements
    const statements = await prisma().statement.findMany({
      where: { number: { in: claim.lines.map((l) => l.statementNumber) } },
    });
    const postings = await prisma().ledgerPosting.findMany({
      where: {
        accountId: `programme:${onBill}:redeemed`,
        transaction: { statementId: { in: statements.map((s) => s.id) } },
      },
    });
    expect(formatAmount(sum(postings.map((p) => new Decimal(p.amount.toString()))))).toBe(claim.total);
    // the statements' deductions of this programme, line by line
    for (const line of claim.lines) {
      const s = statements.find((x) => x.number === line.statementNumber)!;
      const ds = await prisma().deduction.findMany({ where: { statementId: s.id, programmeId: onBill } });
      expect(formatAmount(sum(ds.map((d) => new Decimal(d.amount.toString()))))).toBe(line.amount);
    }
    // 30 % of (7 h + 13.5 h) × 10.00 = 61.50 in July; 3.3333 h × 10.00 = 33.33 → 10.00 in August; 11 h × 6.00 × 30 % = 19.80
    expect(claim.total).toBe('91.30');
    expect(claim.reconciliation).toEqual({ linesTotal: '91.30', ledgerTotal: '91.30', reconciles: true });

    // one claim per programme and cycle
    const op = await httpAs(app, OPERATOR_FINANCE);
    await op.post('/v1/claims').send({ programmeId: onBill, cycle: '2026-Q3' }).expect(409);
    await op.post('/v1/claims').send({ programmeId: onBill, cycle: '2026-13' }).expect(400);
    await op.post('/v1/claims').send({ programmeId: onBill, cycle: '2026', settlementCadence: 'monthly' }).expect(400);
    // a cycle without redemptions gives no (empty) claim
    const empty = await op.post('/v1/claims').send({ programmeId: onBill, cycle: '2026-Q1' }).expect(409);
    expect(empty.body.error).toMatchObject({ code: 'NOTHING_TO_CLAIM' });
    // tenants see nothing of claims
    const tenant = await httpAs(app, { role: 'tenant-viewer', tenantId: tenantA });
    await tenant.post('/v1/claims').send({ programmeId: onBill, cycle: '2026-Q4' }).expect(403);
    await tenant.get(`/v1/claims/${claim.id}/drilldown`).expect(403);
  });

  it('claims only paid statements for a reimbursed programme, with their invoice and payment references', async () => {
    const claim = await buildClaim(reimbursed);
    expect(claim.lines).toHaveLength(1);
    expect(claim.lines[0]).toMatchObject({
      tenantId: tenantC,
      periodId: '2026-07',
      amount: '100.00',
      invoiceNumber: 'INV-C-07',
      paymentReference: 'PAY-C-07',
    });
    expect(claim.reconciliation.reconciles).toBe(true);
  });

  it('stores an evidence pack whose manifest verifies, and names the file when one byte of it changes', async () => {
    const programmeId = await world.programme({ ratio: '0.2' }, 'q-evidence');
    const t = await world.tenant('claimE');
    await world.grant(t, programmeId, '1000.00');
    await world.usage({ tenantId: t, start: '2026-08-20T00:00:00Z', hours: 5 });
    await world.statements.issue(t, '2026-08');
    const claim = await buildClaim(programmeId);
    expect(claim.total).toBe('10.00');
    const auditor = await httpAs(app, { role: 'bureau-auditor', bureauId: world.bureauId });
    const manifestBytes = (
      await auditor.get(`/v1/claims/${claim.id}/evidence/manifest.json`).buffer(true).parse(binary).expect(200)
    ).body as Buffer;
    expect(sha256(manifestBytes)).toBe(claim.manifestSha256);
    const manifest = JSON.parse(manifestBytes.toString('utf8')) as { files: { name: string; sha256: string }[] };
    expect(manifest.files.map((f) => f.name)).toEqual([
      'summary.pdf',
      'tenants.csv',
      'statements.csv',
      'statement-lines.csv',
      'usage-by-job.csv',
      'tables.xlsx',
    ]);
    for (const f of manifest.files) {
      const body = (
        await auditor.get(`/v1/claims/${claim.id}/evidence/${f.name}`).buffer(true).parse(binary).expect(200)
      ).body as Buffer;
      expect({ name: f.name, sha256: sha256(body) }).toEqual({ name: f.name, sha256: f.sha256 });
      if (f.name === 'summary.pdf') expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    }
    const csv = (await auditor.get(`/v1/claims/${claim.id}/evidence/statements.csv`).expect(200)).text;
    expect(csv).toContain(claim.lines[0].statementNumber);
    // the same tables in Excel, each with a total row equal to the claim's exact total
    const tables = new ExcelJS.Workbook();
    await tables.xlsx.load(
      (await auditor.get(`/v1/claims/${claim.id}/evidence/tables.xlsx`).buffer(true).parse(binary).expect(200))
        .body as ArrayBuffer,
    );
    expect(tables.worksheets.map((w) => w.name)).toEqual([
      '企业 Tenants',
      '结算单 Statements',
      '结算单行 Statement lines',
      '作业用量 Usage by job',
    ]);
    const statements = tables.getWorksheet('结算单 Statements')!;
    const totalRow = statements.getRow(statements.rowCount);
    expect(totalRow.getCell(1).value).toBe('合计 Total');
    expect((totalRow.getCell(5).value as { result: number }).result).toBe(Number(claim.total));
    expect((await auditor.get(`/v1/claims/${claim.id}/evidence/verify`).expect(200)).body).toMatchObject({
      ok: true,
      changed: [],
      missing: [],
    });

    // one byte of any file is detected, and named (each file changed, checked, restored)
    for (const f of [...manifest.files.map((x) => x.name), 'manifest.json']) {
      const original = await prisma().claimEvidenceFile.findUniqueOrThrow({
        where: { claimId_name: { claimId: claim.id, name: f } },
      });
      await prisma().$executeRawUnsafe(
        `UPDATE claim_evidence_files SET content = set_byte(content, 7, (get_byte(content, 7) + 1) % 256) WHERE claim_id = $1 AND name = $2`,
        claim.id,
        f,
      );
      expect({ f, body: (await auditor.get(`/v1/claims/${claim.id}/evidence/verify`).expect(200)).body }).toMatchObject(
        { f, body: { ok: false, changed: [f] } },
      );
      await prisma().claimEvidenceFile.update({
        where: { claimId_name: { claimId: claim.id, name: f } },
        data: { content: original.content },
      });
    }
    expect((await auditor.get(`/v1/claims/${claim.id}/evidence/verify`).expect(200)).body.ok).toBe(true);

    // one byte of one stored file
    await prisma().$executeRawUnsafe(
      `UPDATE claim_evidence_files SET content = set_byte(content, 20, (get_byte(content, 20) + 1) % 256) WHERE claim_id = $1 AND name = 'usage-by-job.csv'`,
      claim.id,
    );
    expect((await auditor.get(`/v1/claims/${claim.id}/evidence/verify`).expect(200)).body).toMatchObject({
      ok: false,
      changed: ['usage-by-job.csv'],
      missing: [],
    });
    // and the manifest itself (a forged manifest no longer matches the digest on the claim)
    await prisma().$executeRawUnsafe(
      `UPDATE claim_evidence_files SET content = content || '\\x20'::bytea WHERE claim_id = $1 AND name = 'manifest.json'`,
      claim.id,
    );
    expect((await auditor.get(`/v1/claims/${claim.id}/evidence/verify`).expect(200)).body.changed).toEqual([
      'manifest.json',
      'usage-by-job.csv',
    ]);
  });

  it('drills down claim → statements → statement lines → per-job quantities, reconciling at every level', async () => {
    const claim = await prisma().claim.findFirstOrThrow({ where: { programmeId: onBill } });
    const auditor = await httpAs(app, { role: 'bureau-auditor', bureauId: world.bureauId });
    const tree = (await auditor.get(`/v1/claims/${claim.id}/drilldown`).expect(200)).body as {
      total: string;
      linesTotal: string;
      reconciles: boolean;
      lines: {
        amount: string;
        statementLinesClaimed: string;
        reconciles: boolean;
        tenantId: string;
        periodId: string;
        statementLines: {
          claimed: string;
          quantityBase: string;
          jobsQuantityBase: string;
          reconciles: boolean;
          jobs: { jobId: string; quantityBase: string }[];
        }[];
      }[];
    };
    expect(tree.reconciles).toBe(true);
    expect(tree.linesTotal).toBe(tree.total);
    for (const line of tree.lines) {
      expect(line.reconciles).toBe(true);
      expect(formatAmount(sum(line.statementLines.map((s) => new Decimal(s.claimed))))).toBe(line.amount);
      for (const s of line.statementLines)
        expect(sum(s.jobs.map((j) => new Decimal(j.quantityBase))).toFixed(6)).toBe(s.quantityBase);
    }
    const july = tree.lines.find((l) => l.tenantId === tenantA && l.periodId === '2026-07')!;
    // two jobs: 7 GPU-hours and 13.5 GPU-hours, in device-seconds
    expect(july.statementLines[0].jobs.map((j) => j.quantityBase).sort()).toEqual(['25200.000000', '48600.000000']);
  });

  it('runs draft → submitted → under_review → partly_approved → paid, the bureau deciding each line, every step audited', async () => {
    const claim = await prisma().claim.findFirstOrThrow({
      where: { programmeId: onBill },
      include: { lines: { orderBy: { id: 'asc' } } },
    });
    const op = await httpAs(app, OPERATOR_FINANCE);
    const admin = await httpAs(app, OPERATOR_ADMIN);
    const auditor = await httpAs(app, { role: 'bureau-auditor', bureauId: world.bureauId });
    const otherAuditor = await httpAs(app, { role: 'bureau-auditor', bureauId: other.bureauId });
    const tenant = await httpAs(app, { role: 'tenant-admin', tenantId: tenantA });

    await auditor.post(`/v1/claims/${claim.id}/start-review`).expect(409); // still a draft
    await op.post(`/v1/claims/${claim.id}/pay`).send({ paymentReference: 'X' }).expect(409);
    await admin.post(`/v1/claims/${claim.id}/submit`).expect(201);
    await op.post(`/v1/claims/${claim.id}/submit`).expect(409);
    await otherAuditor.get(`/v1/claims/${claim.id}`).expect(404);
    await otherAuditor.post(`/v1/claims/${claim.id}/start-review`).expect(404);
    await tenant.get(`/v1/claims/${claim.id}`).expect(403);
    await op.post(`/v1/claims/${claim.id}/start-review`).expect(403);
    expect((await auditor.post(`/v1/claims/${claim.id}/start-review`).expect(201)).body.status).toBe('under_review');

    const [first, ...rest] = claim.lines;
    await auditor
      .post(`/v1/claims/${claim.id}/review`)
      .send({ decisions: [{ lineId: first.id, decision: 'rejected' }] })
      .expect(400);
    const reviewed = (
      await auditor
        .post(`/v1/claims/${claim.id}/review`)
        .send({
          decisions: [
            { lineId: first.id, decision: 'rejected', reason: '发票与合同不符 invoice does not match the contract' },
            ...rest.map((l) => ({ lineId: l.id, decision: 'approved', reason: 'ok' })),
          ],
        })
        .expect(201)
    ).body;
    expect(reviewed.status).toBe('partly_approved');
    expect(reviewed.rejectedAmount).toBe(formatAmount(new Decimal(first.amount.toString())));
    expect(formatAmount(new Decimal(reviewed.approvedAmount).plus(reviewed.rejectedAmount))).toBe(reviewed.total);
    // the rejected amount goes back to the tenant's bill: a pending charge, billed on its next statement
    expect(reviewed.charges).toEqual([
      {
        id: `chg_${first.id}`,
        claimLineId: first.id,
        tenantId: first.tenantId,
        amount: reviewed.rejectedAmount,
        reason: expect.stringContaining('发票'),
        status: 'pending',
        statementId: null,
      },
    ]);
    const { statement: next } = await world.statements.issue(first.tenantId, '2026-10');
    expect(formatAmount(new Decimal(next.chargesAmount.toString()))).toBe(reviewed.rejectedAmount);
    expect((next.view as { charges: { kind: string; amount: string }[] }).charges).toEqual([
      expect.objectContaining({ kind: 'claim_rejected', amount: reviewed.rejectedAmount }),
    ]);
    expect((await op.get(`/v1/claims/${claim.id}`).expect(200)).body.charges).toEqual([
      expect.objectContaining({ status: 'billed', statementId: next.id }),
    ]);
    await auditor.post(`/v1/claims/${claim.id}/review`).send({ decisions: [] }).expect(409);

    expect(
      (
        await op
          .post(`/v1/claims/${claim.id}/pay`)
          .send({ paymentReference: `BUREAU-${uniqueId('p')}` })
          .expect(201)
      ).body.status,
    ).toBe('paid');

    const events = await prisma().auditEvent.findMany({
      where: { entityType: 'claim', entityId: claim.id },
      orderBy: { seq: 'asc' },
    });
    expect(events.map((e) => [e.action, e.role])).toEqual([
      ['claim.create', 'operator-finance'],
      ['claim.submit', 'operator-admin'],
      ['claim.review.start', 'bureau-auditor'],
      ['claim.review', 'bureau-auditor'],
      ['claim.pay', 'operator-finance'],
    ]);
    expect((await admin.get('/v1/audit/verify').expect(200)).body.ok).toBe(true);
  });

  it("lists claims: operators all, a bureau auditor only its own bureau's, filtered by programme and status", async () => {
    const op = await httpAs(app, OPERATOR_FINANCE);
    const auditor = await httpAs(app, { role: 'bureau-auditor', bureauId: world.bureauId });
    const otherAuditor = await httpAs(app, { role: 'bureau-auditor', bureauId: other.bureauId });
    const mine = (await auditor.get('/v1/claims').expect(200)).body as {
      id: string;
      bureauId: string;
      programmeId: string;
    }[];
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(new Set(mine.map((c) => c.bureauId))).toEqual(new Set([world.bureauId]));
    expect((await otherAuditor.get('/v1/claims').expect(200)).body).toEqual([]);
    const byProgramme = (await op.get(`/v1/claims?programmeId=${onBill}`).expect(200)).body as {
      programmeId: string;
      status: string;
    }[];
    expect(byProgramme.map((c) => [c.programmeId, c.status])).toEqual([[onBill, 'paid']]);
    expect((await op.get(`/v1/claims?programmeId=${onBill}&status=draft`).expect(200)).body).toEqual([]);
    await op.get('/v1/claims?status=finished').expect(400);
  });

  it('claims per contract when the programme settles so, and never puts a statement on two claims of a programme', async () => {
    const op = await httpAs(app, OPERATOR_FINANCE);
    const programmeId = await world.programme({ ratio: '0.5', settlementCadence: 'per_contract' }, 'q-contract');
    const t = await world.tenant('claimK');
    const contractId = uniqueId('ct-');
    await app.get(ContractService).create(t, {
      id: contractId,
      number: `HT-${contractId}`,
      signedOn: '2026-06-01',
      effectiveFrom: '2026-07-15T00:00:00Z',
      discountPercent: '0',
    });
    await world.grant(t, programmeId, '1000.00');
    // July: 2 h before the contract (book price), 4 h under it; the per-contract claim takes the contract's lines only
    await world.usage({ tenantId: t, start: '2026-07-03T00:00:00Z', hours: 2 });
    await world.usage({ tenantId: t, start: '2026-07-20T00:00:00Z', hours: 4 });
    await world.statements.issue(t, '2026-07');
    await op.post('/v1/claims').send({ programmeId, cycle: '2026-Q3' }).expect(400);
    await op.post('/v1/claims').send({ programmeId, cycle: 'ct-missing' }).expect(400);
    await op.post('/v1/claims').send({ programmeId, cycle: contractId, settlementCadence: 'quarterly' }).expect(400);
    const claim = (await op.post('/v1/claims').send({ programmeId, cycle: contractId }).expect(201)).body as {
      cadence: string;
      total: string;
      lines: { contractIds: string[] }[];
      reconciliation: { reconciles: boolean };
    };
    expect(claim).toMatchObject({ cadence: 'per_contract', total: '20.00' });
    expect(claim.lines[0].contractIds).toContain(contractId);

    // the database refuses a second claim line of the programme for the same statement, whichever claim it is on
    const line = await prisma().claimLine.findFirstOrThrow({ where: { programmeId } });
    const otherClaim = await prisma().claim.create({
      data: {
        id: uniqueId('clm_'),
        programmeId,
        bureauId: world.bureauId,
        cadence: 'yearly',
        cycle: '2026',
        mechanism: 'on_bill',
        total: '0',
        manifestSha256: '0'.repeat(64),
      },
    });
    await expect(
      prisma().claimLine.create({ data: { ...line, id: uniqueId('cl-'), claimId: otherClaim.id } }),
    ).rejects.toMatchObject({ code: 'P2002' });
  });

  it('refuses programme rules it does not know, naming them', async () => {
    const admin = await httpAs(app, OPERATOR_ADMIN);
    const res = await admin
      .post('/v1/programmes')
      .send({
        id: uniqueId('p-'),
        bureauId: world.bureauId,
        name: 'typo',
        rules: { ratio: '0.3', rejectedAmountToTenant: false, settlementCadence: 'monthly' },
      })
      .expect(400);
    expect(res.body.error.message).toContain('rules.rejectedAmountToTenant: unknown field');
    expect(res.body.error.message).toContain('settlementCadence: must be one of quarterly, yearly, per_contract');
  });

  it('answers a missing claim 404 for operators and for auditors alike', async () => {
    const op = await httpAs(app, OPERATOR_FINANCE);
    const auditor = await httpAs(app, { role: 'bureau-auditor', bureauId: world.bureauId });
    await op.get('/v1/claims/clm_missing').expect(404);
    await auditor.get('/v1/claims/clm_missing').expect(404);
  });
});
