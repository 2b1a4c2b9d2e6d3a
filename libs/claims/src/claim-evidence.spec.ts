import { MANIFEST, sha256, verifyEvidencePack } from './claim-evidence';

const pack = () => {
  const a = Buffer.from('a,b\r\n1,2\r\n');
  const b = Buffer.from('%PDF-1.3 …');
  const manifest = Buffer.from(JSON.stringify({ files: [{ name: 'a.csv', sha256: sha256(a) }, { name: 'b.pdf', sha256: sha256(b) }] }));
  return { files: [{ name: 'a.csv', content: a }, { name: 'b.pdf', content: b }, { name: MANIFEST, content: manifest }], digest: sha256(manifest) };
};

describe('evidence pack verification', () => {
  it('accepts an untouched pack', () => {
    const { files, digest } = pack();
    expect(verifyEvidencePack(files, digest)).toEqual({ ok: true, changed: [], missing: [], unexpected: [] });
  });

  it('names a file with one changed byte, a missing file, an unlisted one, and a manifest that no longer matches the claim', () => {
    const { files, digest } = pack();
    files[0].content[2] ^= 1;
    expect(verifyEvidencePack(files, digest)).toMatchObject({ ok: false, changed: ['a.csv'] });
    expect(verifyEvidencePack([files[0], files[2], { name: 'x.csv', content: Buffer.from('x') }], digest)).toMatchObject({ missing: ['b.pdf'], unexpected: ['x.csv'] });
    expect(verifyEvidencePack(pack().files, '0'.repeat(64))).toMatchObject({ ok: false, changed: [MANIFEST] });
  });
});
