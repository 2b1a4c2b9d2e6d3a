import { evaluateChecklist, type ChecklistInput } from './checklist';

const lines = [
  { tenantId: 't-a', statementId: 's-1', statementNumber: 'ST-A-07' },
  { tenantId: 't-a', statementId: 's-2', statementNumber: 'ST-A-08' },
  { tenantId: 't-b', statementId: 's-3', statementNumber: 'ST-B-09' },
];
const doc = (kind: string, scope: { tenantId?: string; statementId?: string } = {}) => ({
  kind,
  tenantId: scope.tenantId ?? null,
  statementId: scope.statementId ?? null,
  source: 'claim_document:x',
});
const input = (over: Partial<ChecklistInput>): ChecklistInput => ({
  required: [],
  lines,
  present: [],
  generated: { delivery_certificate: [], cross_programme_check: [] },
  ...over,
});

describe('evaluateChecklist (issue 16 item 4)', () => {
  it('requires nothing by default: an empty checklist is complete', () => {
    expect(evaluateChecklist(input({}))).toEqual({ complete: true, items: [] });
  });

  it('names each statement without an invoice and each tenant without a contract', () => {
    const result = evaluateChecklist(
      input({
        required: ['invoice', 'contract'],
        present: [doc('invoice', { statementId: 's-2' }), doc('contract', { tenantId: 't-b' })],
      }),
    );
    expect(result.complete).toBe(false);
    expect(result.items).toEqual([
      {
        item: 'invoice',
        source: 'supplied',
        scope: 'statement',
        satisfied: false,
        missing: [
          'invoice missing for tenant t-a statement ST-A-07',
          'invoice missing for tenant t-b statement ST-B-09',
        ],
      },
      {
        item: 'contract',
        source: 'supplied',
        scope: 'tenant',
        satisfied: false,
        missing: ['contract missing for tenant t-a'],
      },
    ]);
  });

  it('a document of another kind or another statement does not count', () => {
    const result = evaluateChecklist(
      input({
        required: ['payment_proof'],
        present: [doc('invoice', { statementId: 's-1' }), doc('other', { statementId: 's-1' })],
      }),
    );
    expect(result.items[0].missing).toHaveLength(3);
  });

  it('is complete when every scope has its document and the generated items lack nothing', () => {
    const present = [
      ...lines.map((l) => doc('invoice', { statementId: l.statementId, tenantId: l.tenantId })),
      doc('non_affiliation_declaration', { tenantId: 't-a' }),
      doc('non_affiliation_declaration', { tenantId: 't-b' }),
    ];
    const result = evaluateChecklist(
      input({ required: ['invoice', 'non_affiliation_declaration', 'delivery_certificate'], present }),
    );
    expect(result).toMatchObject({ complete: true });
    expect(result.items.map((i) => [i.item, i.source, i.satisfied])).toEqual([
      ['invoice', 'supplied', true],
      ['non_affiliation_declaration', 'supplied', true],
      ['delivery_certificate', 'generated', true],
    ]);
  });

  it('a generated item is missing what its generator says (a cross-programme conflict)', () => {
    const result = evaluateChecklist(
      input({
        required: ['cross_programme_check'],
        generated: { delivery_certificate: [], cross_programme_check: ['statement ST-A-07 line l1: programme p2'] },
      }),
    );
    expect(result.items[0]).toMatchObject({ satisfied: false, missing: ['statement ST-A-07 line l1: programme p2'] });
  });
});
