import { SETTLEMENT_CADENCES } from '@park/billing-domain';
import { claimSummaryRows, MANIFEST, sha256, verifyEvidencePack, type ClaimDocument } from './claim-evidence';

const pack = () => {
  const a = Buffer.from('a,b\r\n1,2\r\n');
  const b = Buffer.from('%PDF-1.3 …');
  const manifest = Buffer.from(
    JSON.stringify({
      files: [
        { name: 'a.csv', sha256: sha256(a) },
        { name: 'b.pdf', sha256: sha256(b) },
      ],
    }),
  );
  return {
    files: [
      { name: 'a.csv', content: a },
      { name: 'b.pdf', content: b },
      { name: MANIFEST, content: manifest },
    ],
    digest: sha256(manifest),
  };
};

describe('evidence pack verification', () => {
  it('accepts an untouched pack', () => {
    const { files, digest } = pack();
    expect(verifyEvidencePack(files, digest)).toEqual({ ok: true, changed: [], missing: [], unexpected: [] });
  });

  it('names a changed byte, a missing file, an unlisted one, and a manifest no longer matching the claim', () => {
    const { files, digest } = pack();
    files[0].content[2] ^= 1;
    expect(verifyEvidencePack(files, digest)).toMatchObject({ ok: false, changed: ['a.csv'] });
    expect(
      verifyEvidencePack([files[0], files[2], { name: 'x.csv', content: Buffer.from('x') }], digest),
    ).toMatchObject({ missing: ['b.pdf'], unexpected: ['x.csv'] });
    expect(verifyEvidencePack(pack().files, '0'.repeat(64))).toMatchObject({ ok: false, changed: [MANIFEST] });
  });
});

describe('claim summary', () => {
  const claim = (cadence: ClaimDocument['cadence'], cycle: string): ClaimDocument => ({
    id: 'cl-1',
    programme: { id: 'p-1', name: '算力券', mechanism: 'on_bill' },
    bureau: { id: 'b-1', name: '大数据局' },
    cadence,
    cycle,
    total: '120000.00',
    createdAt: new Date('2026-12-01T00:00:00Z'),
    lines: [],
    statementLines: [],
    jobs: [],
  });
  const cycleRow = (c: ClaimDocument) => claimSummaryRows(c).find(([k]) => k.startsWith('结算周期'))?.[1];

  it('names the settlement cadence the claim was built for (a per-contract claim is not "quarterly")', () => {
    expect(cycleRow(claim('quarterly', '2026-Q4'))).toBe('2026-Q4 (按季 quarterly)');
    expect(cycleRow(claim('yearly', '2026'))).toBe('2026 (按年 yearly)');
    expect(cycleRow(claim('per_contract', 'ct-001'))).toBe('ct-001 (按合同 per contract)');
    const labels = SETTLEMENT_CADENCES.map((cadence) => cycleRow(claim(cadence, 'x')));
    expect(new Set(labels).size).toBe(SETTLEMENT_CADENCES.length);
  });
});
