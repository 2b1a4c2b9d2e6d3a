import { createHash } from 'node:crypto';
import type { Response } from 'superagent';
import { httpAs, OPERATOR_ADMIN, OPERATOR_FINANCE } from '../support/auth-tokens';
import { uniqueId } from '../support/test-config';
import { useBillingWorld } from './billing-park.fixture';

const ITEM = 'non_affiliation_declaration';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const binary = (res: Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

interface ClaimView {
  id: string;
  status: string;
  manifestSha256: string;
  lines: { tenantId: string; periodId: string }[];
}
interface ChecklistView {
  complete: boolean;
  asSubmitted: boolean;
  required: string[];
  rules: { version: number; inForceFor: string } | null;
  items: { item: string; satisfied: boolean; missing: string[] }[];
}

/**
 * A claim follows the programme rules version in force at its cycle's end (the version statements of that month are
 * rated with), over HTTP: a checklist item added by a later version through the rules API applies to the claims of
 * cycles ending in or after its month, not to earlier ones; a submitted claim keeps the checklist it was submitted
 * with, whatever version comes after.
 */
describe('claims follow the rules version in force at their cycle’s end', () => {
  const park = useBillingWorld();

  it('asks the Q4 claim only for an item added from November, and keeps a submitted claim as submitted', async () => {
    const { app, world } = park;
    const admin = await httpAs(app, OPERATOR_ADMIN);
    const finance = await httpAs(app, OPERATOR_FINANCE);
    const auditor = await httpAs(app, { role: 'bureau-auditor', bureauId: world.bureauId });
    const programmeId = uniqueId('rv-');
    const v1 = { ratio: '0.3' };
    await admin
      .post('/v1/programmes')
      .send({ id: programmeId, bureauId: world.bureauId, name: '算力券 rules versions', rules: v1 })
      .expect(201);
    const tenantId = await world.tenant('rv');
    await world.grant(tenantId, programmeId, '100000.00');
    await world.usage({ tenantId, start: '2026-05-10T00:00:00Z', hours: 10 });
    await world.usage({ tenantId, start: '2026-10-10T00:00:00Z', hours: 10 });
    for (const period of ['2026-05', '2026-10'])
      await finance.post(`/v1/tenants/${tenantId}/statements/${period}/issue`).expect(201);

    // version 2, from November (after the last issued month): each claim needs the tenant's declaration
    const version = (effectiveFrom: string, evidenceChecklist: string[]) =>
      admin
        .post(`/v1/programmes/${programmeId}/rules-versions`)
        .send({ effectiveFrom, rules: { ...v1, evidenceChecklist } })
        .expect(201);
    await version('2026-11-01', [ITEM]);

    const build = async (cycle: string) =>
      (await finance.post('/v1/claims').send({ programmeId, cycle }).expect(201)).body as ClaimView;
    const checklist = async (claimId: string) =>
      (await finance.get(`/v1/claims/${claimId}/checklist`).expect(200)).body as ChecklistView;

    // Q4 ends in December, under version 2: the declaration is named missing, and the submit refused
    const q4 = await build('2026-Q4');
    expect(q4.lines.map((l) => l.periodId)).toEqual(['2026-10']);
    const missing = `${ITEM} missing for tenant ${tenantId}`;
    expect(await checklist(q4.id)).toMatchObject({
      complete: false,
      required: [ITEM],
      rules: { version: 2, inForceFor: '2026-12' },
      items: [{ item: ITEM, satisfied: false, missing: [missing] }],
    });
    const refused = await finance.post(`/v1/claims/${q4.id}/submit`).expect(409);
    expect(refused.body.error.code).toBe('CLAIM_EVIDENCE_INCOMPLETE');
    expect(refused.body.error.issues).toEqual([{ path: ITEM, message: missing }]);

    // Q2 ends in June, under version 1: nothing is required, it submits
    const q2 = await build('2026-Q2');
    expect(q2.lines.map((l) => l.periodId)).toEqual(['2026-05']);
    expect(await checklist(q2.id)).toMatchObject({
      complete: true,
      asSubmitted: false,
      required: [],
      rules: { version: 1, inForceFor: '2026-06' },
      items: [],
    });
    await finance.post(`/v1/claims/${q2.id}/submit`).expect(201);

    // with the declaration, the Q4 claim submits: its manifest names the checklist and the version it is of
    const declaration = Buffer.from('%PDF-1.7\n非关联关系声明\n%%EOF\n');
    await finance
      .post(`/v1/claims/${q4.id}/documents`)
      .send({ kind: ITEM, tenantId, filename: '声明.pdf', contentBase64: declaration.toString('base64') })
      .expect(201);
    const submitted = (await finance.post(`/v1/claims/${q4.id}/submit`).expect(201)).body as ClaimView;
    const manifestOf = async (claimId: string) =>
      (await auditor.get(`/v1/claims/${claimId}/evidence/manifest.json`).buffer(true).parse(binary).expect(200))
        .body as Buffer;
    const manifest = await manifestOf(q4.id);
    expect(sha256(manifest)).toBe(submitted.manifestSha256);
    expect(JSON.parse(manifest.toString('utf8'))).toMatchObject({
      rules: { version: 2, inForceFor: '2026-12' },
      checklist: [{ item: ITEM, satisfied: true }],
    });

    // version 3, from December (still in Q4): a draft would now need a contract too; the submitted claims do not
    await version('2026-12-01', [ITEM, 'contract']);
    const asSubmitted = {
      complete: true,
      asSubmitted: true,
      required: [ITEM],
      rules: { version: 2, inForceFor: '2026-12' },
      items: [{ item: ITEM, satisfied: true, missing: [] }],
    };
    expect(await checklist(q4.id)).toMatchObject(asSubmitted);
    expect(await checklist(q2.id)).toMatchObject({ complete: true, asSubmitted: true, required: [], items: [] });
    await auditor.post(`/v1/claims/${q4.id}/start-review`).expect(201);
    expect(await checklist(q4.id)).toMatchObject(asSubmitted);
    // the pack is the one submitted: same bytes, same digest on the claim, every file verifies
    expect((await manifestOf(q4.id)).equals(manifest)).toBe(true);
    const after = (await auditor.get(`/v1/claims/${q4.id}`).expect(200)).body as ClaimView;
    expect([after.status, after.manifestSha256]).toEqual(['under_review', submitted.manifestSha256]);
    expect((await auditor.get(`/v1/claims/${q4.id}/evidence/verify`).expect(200)).body).toMatchObject({
      ok: true,
      changed: [],
    });
  });
});
