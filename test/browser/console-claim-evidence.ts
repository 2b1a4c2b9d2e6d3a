import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { Client } from 'pg';
import { apiGet, choose, devToken, signIn } from './support/console-driver';
import type { DemoPark } from './support/demo-park';

/**
 * A claim's evidence checklist on the console (issue 16 item 4), run inside console.test.ts on its demo park: the
 * operator sees the one document still missing, is refused a submit with it named on the page, uploads a PDF and
 * sees the checklist satisfied; the bureau's auditor reads the documents without the upload form.
 */
interface ClaimWithLines {
  id: string;
  programmeId: string;
  bureauId: string;
  status: string;
  lines: { tenantId: string }[];
}
interface ClaimDocument {
  id: string;
  filename: string;
  sha256: string;
}

const PROGRAMME = 'demo-gz-compute-voucher';
const ITEM = 'non_affiliation_declaration';
/** A small PDF (the API reads the kind of a file from its first bytes). */
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`, 'latin1');

/**
 * Has a programme's claims require these items. A claim follows the rules version in force at its cycle's end; the
 * demo's claim is of the quarter of last month, which is issued, and a new version may not reach into an issued
 * month: when last month ends its quarter, no version added through the API is in force for that claim. So the
 * set-up writes the version in force (the demo programmes have only their first) in the database.
 */
export async function requireEvidence(park: DemoPark, programmeId: string, items: string[]): Promise<void> {
  const db = new Client({ connectionString: park.databaseUrl });
  await db.connect();
  try {
    await db.query(`UPDATE programmes SET rules = rules || $2::jsonb WHERE id = $1`, [
      programmeId,
      JSON.stringify({ evidenceChecklist: items }),
    ]);
  } finally {
    await db.end();
  }
}

/** Adds a tenant's declaration (a small PDF) to a draft claim through the API; its HTTP status. */
export async function addDeclaration(park: DemoPark, token: string, claimId: string, tenantId: string) {
  const response = await fetch(`${park.url}/v1/claims/${claimId}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      kind: ITEM,
      tenantId,
      filename: `声明-${tenantId}.pdf`,
      contentBase64: pdf(tenantId).toString('base64'),
    }),
  });
  return response.status;
}

export function claimEvidenceTests(world: () => { park: DemoPark; browser: Browser }) {
  it("shows a claim's missing evidence, names it when the submit is refused, and takes the uploaded PDF", async () => {
    const { park, browser } = world();
    const operator = await devToken(park.url, { role: 'operator-admin' });
    await requireEvidence(park, PROGRAMME, [ITEM]); // each tenant of its claims: a declaration
    const summary = (await apiGet<ClaimWithLines[]>(park.url, operator, '/v1/claims')).find(
      (c) => c.programmeId === PROGRAMME && c.status === 'draft',
    );
    if (!summary) throw new Error(`the demo made no draft claim for ${PROGRAMME}`);
    const claim = await apiGet<ClaimWithLines>(park.url, operator, `/v1/claims/${summary.id}`);
    const tenants = [...new Set(claim.lines.map((l) => l.tenantId))].sort();
    const last = tenants[tenants.length - 1];
    // every tenant's declaration but the last one's through the API: the page is left one document to take
    for (const tenantId of tenants.slice(0, -1))
      expect(await addDeclaration(park, operator, claim.id, tenantId)).toBe(201);

    const { context, page, cspViolations } = await signIn(browser, park.url, { role: 'operator-admin' });
    await page.goto(`${park.url}/console/#/claims/${claim.id}`);
    const item = page.getByTestId(`evidence-item-${ITEM}`);
    await page.locator('[data-testid="claim-evidence"][data-complete="false"]').waitFor();
    expect(await item.getAttribute('data-satisfied')).toBe('false');
    expect(await item.innerText()).toContain(`${ITEM} missing for tenant ${last}`);
    expect(await item.innerText()).toContain('非关联关系声明');

    await page.getByTestId('claim-submit').click(); // refused: 409 CLAIM_EVIDENCE_INCOMPLETE, its issues on the page
    const issues = page.getByTestId('claim-evidence-issues');
    await issues.waitFor();
    expect(await issues.innerText()).toContain(`${ITEM} missing for tenant ${last}`);
    expect(await page.locator('[data-testid="claim-detail"]').getAttribute('data-status')).toBe('draft');

    const content = pdf('uploaded through the console');
    await choose(page, 'document-tenant', last);
    await page.getByTestId('document-file').setInputFiles({
      name: 'declaration.pdf',
      mimeType: 'application/pdf',
      buffer: content,
    });
    await page.getByTestId('document-upload').click();
    await page.locator('[data-testid="claim-evidence"][data-complete="true"]').waitFor();
    expect(await item.getAttribute('data-satisfied')).toBe('true');
    await issues.waitFor({ state: 'detached' });
    const sha256 = createHash('sha256').update(content).digest('hex');
    const documents = page.getByTestId('claim-documents');
    await documents.getByText('declaration.pdf').first().waitFor();
    expect(await documents.innerText()).toContain(sha256);

    // the document downloads with its digest checked, and the claim as Excel beside the evidence pack
    const stored = await apiGet<ClaimDocument[]>(park.url, operator, `/v1/claims/${claim.id}/documents`);
    const uploaded = stored.find((d) => d.filename === 'declaration.pdf');
    expect(uploaded?.sha256).toBe(sha256);
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId(`document-download-${uploaded?.id}`).click(),
    ]);
    expect(fs.readFileSync(await file.path()).equals(content)).toBe(true);
    expect(await page.getByTestId(`document-digest-${uploaded?.id}`).innerText()).toBe('SHA-256 一致');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('claim-export-xlsx').click()]);
    expect(
      fs
        .readFileSync(await xlsx.path())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    expect(await page.getByTestId('claim-export-digest').innerText()).toBe('SHA-256 一致');
    await page.getByTestId('claim-evidence-verify').click();
    expect(await page.getByTestId('claim-evidence-verified').innerText()).toBe('证据包完整，摘要一致');
    expect(cspViolations).toEqual([]);
    await context.close();

    // the bureau's auditor: the same documents and digests, no upload form
    const auditor = await signIn(browser, park.url, { role: 'bureau-auditor', bureauId: claim.bureauId });
    await auditor.page.goto(`${park.url}/console/#/claims/${claim.id}`);
    await auditor.page.getByTestId('claim-documents').getByText('declaration.pdf').first().waitFor();
    expect(await auditor.page.getByTestId('claim-documents').innerText()).toContain(sha256);
    expect(await auditor.page.getByTestId('document-upload-form').count()).toBe(0);
    expect(auditor.cspViolations).toEqual([]);
    await auditor.context.close();
  });
}
