import { createHash } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Response } from 'superagent';
import { ProgrammeService } from '@park/billing';
import { PrismaService } from '@park/db';
import { httpAs, OPERATOR_FINANCE } from '../support/auth-tokens';
import { uniqueId } from '../support/test-config';
import { BillingWorld, billingApp } from './billing-park.fixture';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const binary = (res: Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};
const pdf = (text: string) => Buffer.from(`%PDF-1.7\n${text}\n%%EOF\n`);

const CHECKLIST = [
  'contract',
  'invoice',
  'payment_proof',
  'delivery_certificate',
  'non_affiliation_declaration',
  'no_double_subsidy_declaration',
  'cross_programme_check',
] as const;

interface ClaimView {
  id: string;
  status: string;
  manifestSha256: string;
  lines: { tenantId: string; statementId: string; statementNumber: string; periodId: string }[];
}
interface ChecklistView {
  complete: boolean;
  items: { item: string; source: string; satisfied: boolean; missing: string[] }[];
}

/**
 * Evidence packs a bureau accepts (issue 16 item 4), over HTTP: a programme declares its checklist; a claim with a
 * missing item cannot be submitted (409 naming it); with every item it can, its manifest lists every item with its
 * digest and verifies; a changed byte of any stored file, supplied documents included, is named.
 */
describe('claim evidence checklist and supplied documents', () => {
  let app: INestApplication;
  let world: BillingWorld;
  let strict: string;
  let lenient: string;
  let tenantA: string;
  let tenantB: string;

  beforeAll(async () => {
    app = await billingApp();
    world = await new BillingWorld(app).setUp();
    // two programmes of one stacking group: both deduct on the same lines, which the cross-programme check allows
    const group = uniqueId('sg-');
    await app.get(ProgrammeService).upsertStackingGroup({ id: group, ceiling: '1' });
    strict = await world.programme({ ratio: '0.3', stackingGroup: group, evidenceChecklist: CHECKLIST }, 'strict');
    lenient = await world.programme({ ratio: '0.2', stackingGroup: group }, 'lenient');
    tenantA = await world.tenant('evA');
    tenantB = await world.tenant('evB');
    await world.grant(tenantA, strict, '100000.00');
    await world.grant(tenantB, strict, '100000.00');
    await world.grant(tenantA, lenient, '100000.00');
    await world.usage({ tenantId: tenantA, start: '2026-10-03T00:00:00Z', hours: 6 });
    await world.usage({ tenantId: tenantA, start: '2026-11-04T00:00:00Z', hours: 4, deviceCount: 2 });
    await world.usage({ tenantId: tenantB, start: '2026-10-07T00:00:00Z', hours: 3 });
    for (const [t, p] of [
      [tenantA, '2026-10'],
      [tenantA, '2026-11'],
      [tenantB, '2026-10'],
    ])
      await world.statements.issue(t, p);
  });

  afterAll(() => app?.close());

  const prisma = () => app.get(PrismaService).client;

  it('refuses to submit while an item is missing, submits with all, and the manifest verifies', async () => {
    const op = await httpAs(app, OPERATOR_FINANCE);
    const auditor = await httpAs(app, { role: 'bureau-auditor', bureauId: world.bureauId });
    const other = (await op.post('/v1/claims').send({ programmeId: lenient, cycle: '2026-Q4' }).expect(201))
      .body as ClaimView;
    const claim = (await op.post('/v1/claims').send({ programmeId: strict, cycle: '2026-Q4' }).expect(201))
      .body as ClaimView;
    expect(claim.lines).toHaveLength(3);
    const lineA10 = claim.lines.find((l) => l.tenantId === tenantA)!;

    // what is missing, named: per statement for invoices and payments, per tenant for contracts and declarations
    const before = (await op.get(`/v1/claims/${claim.id}/checklist`).expect(200)).body as ChecklistView;
    expect(before.complete).toBe(false);
    expect(before.items.map((i) => [i.item, i.source, i.satisfied, i.missing.length])).toEqual([
      ['contract', 'supplied', false, 2],
      ['invoice', 'supplied', false, 3],
      ['payment_proof', 'supplied', false, 3],
      ['delivery_certificate', 'generated', true, 0],
      ['non_affiliation_declaration', 'supplied', false, 2],
      ['no_double_subsidy_declaration', 'supplied', false, 2],
      ['cross_programme_check', 'generated', true, 0],
    ]);
    expect(before.items[1].missing).toContain(
      `invoice missing for tenant ${tenantA} statement ${lineA10.statementNumber}`,
    );

    const refused = await op.post(`/v1/claims/${claim.id}/submit`).expect(409);
    expect(refused.body.error.code).toBe('CLAIM_EVIDENCE_INCOMPLETE');
    expect(refused.body.error.issues).toContainEqual({
      path: 'contract',
      message: `contract missing for tenant ${tenantB}`,
    });

    // bad documents: not a PDF / OFD / image, an invoice without its statement, another claim's statement
    const upload = (body: Record<string, unknown>) => op.post(`/v1/claims/${claim.id}/documents`).send(body);
    const base64 = (b: Buffer) => b.toString('base64');
    const notPdf = await upload({
      kind: 'contract',
      tenantId: tenantA,
      filename: 'x.pdf',
      contentBase64: base64(Buffer.from('hello')),
    }).expect(400);
    expect(notPdf.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['contentBase64']);
    const noStatement = await upload({ kind: 'invoice', filename: 'i.pdf', contentBase64: base64(pdf('i')) });
    expect([noStatement.status, noStatement.body.error.issues[0].path]).toEqual([400, 'statementId']);
    const foreign = await upload({
      kind: 'invoice',
      statementId: '00000000-0000-4000-8000-000000000000',
      filename: 'i.pdf',
      contentBase64: base64(pdf('i')),
    });
    expect([foreign.status, foreign.body.error.issues[0].path]).toEqual([400, 'statementId']);
    await auditor
      .post(`/v1/claims/${claim.id}/documents`)
      .send({ kind: 'contract', tenantId: tenantA, filename: 'c.pdf', contentBase64: base64(pdf('c')) })
      .expect(403);

    // every item but one
    const uploaded: { id: string; filename: string; sha256: string; bytes: Buffer }[] = [];
    const add = async (body: Record<string, unknown>, bytes: Buffer) => {
      const res = await upload({ ...body, contentBase64: base64(bytes) }).expect(201);
      expect(res.body.sha256).toBe(sha256(bytes));
      uploaded.push({ id: res.body.id, filename: res.body.filename, sha256: res.body.sha256, bytes });
    };
    // one statement's invoice is the one recorded against the statement itself (its file counts, and joins the pack)
    const recordedPdf = pdf(`数电票 ${lineA10.statementNumber}`);
    const recorded = (
      await op
        .post(`/v1/tenants/${tenantA}/statements/${lineA10.periodId}/invoices`)
        .send({
          type: 'digital',
          number: uniqueId('2611'),
          issuedOn: '2026-11-05',
          amountExclTax: '0.94',
          tax: '0.06',
          amountInclTax: '1.00',
          file: { contentType: 'application/pdf', contentBase64: base64(recordedPdf) },
        })
        .expect(201)
    ).body as { id: string; type: string; number: string };
    for (const l of claim.lines) {
      if (l !== lineA10)
        await add(
          { kind: 'invoice', statementId: l.statementId, filename: `发票-${l.statementNumber}.pdf` },
          pdf('fp'),
        );
      await add({ kind: 'payment_proof', statementId: l.statementId, filename: 'pay.pdf' }, pdf(l.statementId));
    }
    for (const t of [tenantA, tenantB]) {
      await add({ kind: 'contract', tenantId: t, filename: '合同.pdf' }, pdf(`contract ${t}`));
      await add({ kind: 'non_affiliation_declaration', tenantId: t, filename: 'na.pdf' }, pdf(`na ${t}`));
    }
    await add({ kind: 'no_double_subsidy_declaration', tenantId: tenantA, filename: 'nd.pdf' }, pdf('nd A'));
    const oneMissing = await op.post(`/v1/claims/${claim.id}/submit`).expect(409);
    expect(oneMissing.body.error.issues).toEqual([
      {
        path: 'no_double_subsidy_declaration',
        message: `no_double_subsidy_declaration missing for tenant ${tenantB}`,
      },
    ]);
    // an OFD (数电票) is a ZIP package: accepted by its first bytes
    await add(
      { kind: 'no_double_subsidy_declaration', tenantId: tenantB, filename: 'nd.ofd' },
      Buffer.from('PK\u0003\u0004OFD', 'latin1'),
    );
    expect(((await op.get(`/v1/claims/${claim.id}/checklist`).expect(200)).body as ChecklistView).complete).toBe(true);

    const submitted = (await op.post(`/v1/claims/${claim.id}/submit`).expect(201)).body as ClaimView;
    expect(submitted.status).toBe('submitted');
    // the pack is closed once submitted
    const late = await upload({ kind: 'other', label: 'late', filename: 'x.pdf', contentBase64: base64(pdf('x')) });
    expect([late.status, late.body.error.code]).toEqual([409, 'CLAIM_NOT_DRAFT']);

    // the auditor reads the documents, each with its digest
    const listed = (await auditor.get(`/v1/claims/${claim.id}/documents`).expect(200)).body as { id: string }[];
    expect(listed).toHaveLength(uploaded.length);
    const one = await auditor.get(`/v1/claims/${claim.id}/documents/${uploaded[0].id}`).buffer(true).parse(binary);
    expect(one.status).toBe(200);
    expect([sha256(one.body as Buffer), one.headers['x-content-sha256']]).toEqual([
      uploaded[0].sha256,
      uploaded[0].sha256,
    ]);
    await auditor.get(`/v1/claims/${claim.id}/documents/cdoc_missing`).expect(404);

    // the manifest lists every item with its kind, scope and digest; its own digest is the claim's
    const manifestBytes = (
      await auditor.get(`/v1/claims/${claim.id}/evidence/manifest.json`).buffer(true).parse(binary).expect(200)
    ).body as Buffer;
    expect(sha256(manifestBytes)).toBe(submitted.manifestSha256);
    const manifest = JSON.parse(manifestBytes.toString('utf8')) as {
      checklist: { item: string; satisfied: boolean }[];
      files: { name: string; kind: string; source: string; sha256: string; scope: unknown }[];
    };
    expect(manifest.checklist.map((c) => [c.item, c.satisfied])).toEqual(CHECKLIST.map((c) => [c, true]));
    expect(manifest.files.filter((f) => f.source === 'generated').map((f) => f.name)).toEqual([
      'delivery-certificate.csv',
      'cross-programme-check.json',
    ]);
    for (const u of uploaded)
      expect(manifest.files).toContainEqual(
        expect.objectContaining({ name: `documents/${u.id}/${u.filename}`, sha256: u.sha256, source: 'supplied' }),
      );
    const recordedName = `invoice-${lineA10.statementId}-digital-${recorded.number.toLowerCase()}.pdf`;
    expect(manifest.files).toContainEqual({
      name: recordedName,
      kind: 'invoice',
      source: 'recorded',
      scope: { tenantId: tenantA, statementId: lineA10.statementId },
      sha256: sha256(recordedPdf),
      bytes: recordedPdf.length,
    });
    const copied = await auditor.get(`/v1/claims/${claim.id}/evidence/${recordedName}`).buffer(true).parse(binary);
    expect((copied.body as Buffer).equals(recordedPdf)).toBe(true);

    // the delivery certificate: per tenant, per job, GPU-hours and the cluster
    const certificate = (await auditor.get(`/v1/claims/${claim.id}/evidence/delivery-certificate.csv`).expect(200))
      .text;
    const rows = certificate
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const totals = rows.filter((r) => r.includes('合计 Total'));
    expect(totals).toEqual([
      `${tenantA},,,合计 Total,,,${world.parkId}-gpu,10.000000,`,
      `${tenantB},,,合计 Total,,,${world.parkId}-gpu,3.000000,`,
    ]);
    // the cross-programme check: the lenient programme's claim holds the same lines, and the two stack
    const check = (await auditor.get(`/v1/claims/${claim.id}/evidence/cross-programme-check.json`).expect(200))
      .body as { ok: boolean; conflicts: unknown[]; stacked: { otherClaimId: string }[] };
    expect(check.ok).toBe(true);
    expect(check.stacked.length).toBeGreaterThan(0);
    expect(new Set(check.stacked.map((s) => s.otherClaimId))).toEqual(new Set([other.id]));
    expect((await auditor.get(`/v1/claims/${claim.id}/evidence/verify`).expect(200)).body).toMatchObject({
      ok: true,
      changed: [],
      missing: [],
      unexpected: [],
    });

    // one byte of a supplied document, changed in PostgreSQL, is named; and of a generated item
    const doc = uploaded[3];
    await prisma().$executeRawUnsafe(
      `UPDATE claim_documents SET content = set_byte(content, 9, (get_byte(content, 9) + 1) % 256) WHERE id = $1`,
      doc.id,
    );
    expect((await auditor.get(`/v1/claims/${claim.id}/evidence/verify`).expect(200)).body).toMatchObject({
      ok: false,
      changed: [`documents/${doc.id}/${doc.filename}`],
    });
    await prisma().claimDocument.update({ where: { id: doc.id }, data: { content: new Uint8Array(doc.bytes) } });
    expect((await auditor.get(`/v1/claims/${claim.id}/evidence/verify`).expect(200)).body.ok).toBe(true);
    await prisma().$executeRawUnsafe(
      `UPDATE claim_evidence_files SET content = content || '\\x20'::bytea WHERE claim_id = $1 AND name = ` +
        `'delivery-certificate.csv'`,
      claim.id,
    );
    await prisma().$executeRawUnsafe(
      `UPDATE claim_evidence_files SET content = content || '\\x20'::bytea WHERE claim_id = $1 AND name = $2`,
      claim.id,
      recordedName,
    );
    expect((await auditor.get(`/v1/claims/${claim.id}/evidence/verify`).expect(200)).body.changed).toEqual([
      'delivery-certificate.csv',
      recordedName,
    ]);

    // a programme without a checklist requires nothing: its claim submits as before, its pack completed all the same
    const plain = (await op.post(`/v1/claims/${other.id}/submit`).expect(201)).body as ClaimView;
    expect(plain.status).toBe('submitted');
    expect((await op.get(`/v1/claims/${other.id}/evidence/verify`).expect(200)).body.ok).toBe(true);
  });
});
