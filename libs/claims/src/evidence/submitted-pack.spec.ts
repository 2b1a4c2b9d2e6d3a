import { verifyEvidencePack } from '../claim-evidence';
import { deliveryCertificate } from './delivery-certificate';
import { documentTypeOf } from './document-type';
import { sha256 } from './evidence-document';
import { checklistAsSubmitted, documentName, submittedPack } from './submitted-pack';

const pdf = Buffer.from('%PDF-1.7 invoice');
const generated = (name: string, kind: string, text: string) => {
  const content = Buffer.from(text);
  return { name, kind, contentType: 'text/plain', content, sha256: sha256(content) };
};

describe('submittedPack: every item in the manifest with its kind, scope and digest', () => {
  const documents = [
    {
      id: 'cdoc_1',
      kind: 'invoice',
      label: null,
      tenantId: 't-a',
      statementId: 's-1',
      filename: '发票.pdf',
      content: pdf,
    },
    {
      id: 'cdoc_2',
      kind: 'contract',
      label: null,
      tenantId: 't-a',
      statementId: null,
      filename: 'c.pdf',
      content: pdf,
    },
  ];
  const built = [
    { name: 'summary.pdf', content: Buffer.from('%PDF-summary') },
    { name: 'tenants.csv', content: Buffer.from('a,b') },
    { name: 'manifest.json', content: Buffer.from('{}') },
  ];
  const pack = submittedPack({
    claim: { id: 'clm_1', programmeId: 'p1', bureauId: 'b1', cycle: '2026-Q4', total: '10.00' },
    built,
    generated: [generated('delivery-certificate.csv', 'delivery_certificate', 'x')],
    documents,
    checklist: { complete: true, items: [] },
    submittedAt: new Date('2026-12-06T00:00:00Z'),
  });
  const manifest = pack.files.find((f) => f.name === 'manifest.json')!;
  const listed = JSON.parse(manifest.content.toString()) as { files: { name: string; kind: string; scope: unknown }[] };

  it('lists built, generated and supplied items, and its digest is the claim’s', () => {
    expect(listed.files.map((f) => [f.name, f.kind, f.scope])).toEqual([
      ['summary.pdf', 'claim_summary', 'claim'],
      ['tenants.csv', 'claim_tables', 'claim'],
      ['delivery-certificate.csv', 'delivery_certificate', 'claim'],
      ['documents/cdoc_1/发票.pdf', 'invoice', { tenantId: 't-a', statementId: 's-1' }],
      ['documents/cdoc_2/c.pdf', 'contract', { tenantId: 't-a' }],
    ]);
    expect(pack.manifestSha256).toBe(sha256(manifest.content));
  });

  it('records the checklist with the rules version it is of, read back as submitted', () => {
    const item = { item: 'contract', source: 'supplied', scope: 'tenant', satisfied: true, missing: [] } as const;
    const withRules = submittedPack({
      claim: { id: 'clm_1', programmeId: 'p1', bureauId: 'b1', cycle: '2026-Q4', total: '10.00' },
      built,
      generated: [],
      documents: [],
      checklist: { complete: true, items: [item] },
      rules: { version: 2, inForceFor: '2026-12' },
      submittedAt: new Date('2026-12-06T00:00:00Z'),
    });
    const stored = withRules.files.find((f) => f.name === 'manifest.json')!.content;
    expect(checklistAsSubmitted(stored)).toEqual({
      complete: true,
      items: [item],
      rules: { version: 2, inForceFor: '2026-12' },
    });
    // a manifest without a checklist (a draft's): nothing recorded
    expect(checklistAsSubmitted(Buffer.from('{"files":[]}'))).toBeNull();
  });

  it('verifies, and names a supplied document whose bytes changed', () => {
    const stored = [
      ...built.filter((f) => f.name !== 'manifest.json'),
      ...pack.files,
      ...documents.map((d) => ({ name: documentName(d), content: d.content })),
    ];
    expect(verifyEvidencePack(stored, pack.manifestSha256)).toMatchObject({ ok: true });
    const tampered = stored.map((f) =>
      f.name === 'documents/cdoc_2/c.pdf' ? { ...f, content: Buffer.from('%PDF-2') } : f,
    );
    expect(verifyEvidencePack(tampered, pack.manifestSha256)).toMatchObject({
      ok: false,
      changed: ['documents/cdoc_2/c.pdf'],
    });
  });
});

describe('deliveryCertificate (算力交付凭证)', () => {
  it('gives GPU-hours and clusters per job and per tenant, and names a line without usage', () => {
    const job = {
      tenantId: 't-a',
      statementNumber: 'ST-1',
      usagePeriodId: '2026-10',
      sku: 'gpu.h100',
      jobType: 'training',
    };
    const { csv, missing } = deliveryCertificate({
      jobs: [
        { ...job, jobId: 'j2', quantityBase: '7200.000000', clusters: ['cl-2'] },
        { ...job, jobId: 'j1', quantityBase: '5400.000000', clusters: ['cl-1', 'cl-2'] },
      ],
      units: new Map([['gpu.h100', { billingUnit: 'gpu_hour', unitsPerBillingUnit: '3600' }]]),
      lines: [
        { tenantId: 't-a', statementNumber: 'ST-1' },
        { tenantId: 't-b', statementNumber: 'ST-2' },
      ],
    });
    const rows = csv
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows.slice(1)).toEqual([
      't-a,ST-1,2026-10,j1,gpu.h100,training,cl-1 cl-2,1.500000,5400.000000',
      't-a,ST-1,2026-10,j2,gpu.h100,training,cl-2,2.000000,7200.000000',
      't-a,,,合计 Total,,,cl-1 cl-2,3.500000,',
    ]);
    expect(missing).toEqual(['delivery_certificate: no usage recorded behind tenant t-b statement ST-2']);
  });
});

describe('documentTypeOf: read from the first bytes', () => {
  it.each([
    ['%PDF-1.4', 'application/pdf'],
    ['PK\u0003\u0004ofd', 'application/ofd'],
    ['hello', null],
  ])('%j → %s', (text, type) => expect(documentTypeOf(Buffer.from(text, 'latin1'))).toBe(type));
  it('knows PNG and JPEG', () => {
    expect(documentTypeOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(documentTypeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
  });
});
