import { crossProgrammeCheck, crossProgrammeMissing } from './cross-programme-check';

const line = { statementId: 's-1', statementNumber: 'ST-1', tenantId: 't-a', lineId: 'l1', claimed: '30.00' };
const other = (programmeId: string, stackingGroup: string | null, lineId = 'l1') => ({
  statementId: 's-1',
  lineId,
  programmeId,
  stackingGroup,
  claimId: `clm-${programmeId}`,
  amount: '20.00',
});

describe('crossProgrammeCheck: no claimed 元 on another programme’s claim unless the programmes stack', () => {
  it('passes a line no other programme claims', () => {
    const result = crossProgrammeCheck({
      programme: { id: 'p1', stackingGroup: null },
      lines: [line],
      others: [other('p2', null, 'l2')],
    });
    expect(result).toMatchObject({ ok: true, checkedLines: 1, conflicts: [], stacked: [] });
  });

  it('names a line another programme also claims when they do not stack', () => {
    const result = crossProgrammeCheck({
      programme: { id: 'p1', stackingGroup: 'g1' },
      lines: [line],
      others: [other('p2', 'g2')],
    });
    expect(result.ok).toBe(false);
    expect(result.conflicts).toEqual([
      {
        statementNumber: 'ST-1',
        tenantId: 't-a',
        lineId: 'l1',
        claimed: '30.00',
        otherProgrammeId: 'p2',
        otherClaimId: 'clm-p2',
        otherAmount: '20.00',
      },
    ]);
    expect(crossProgrammeMissing(result)).toEqual([
      'cross_programme_check: statement ST-1 line l1 of tenant t-a is also claimed under programme p2 ' +
        '(claim clm-p2), which does not stack',
    ]);
  });

  it('allows the same line under a programme of the same stacking group, and lists it', () => {
    const result = crossProgrammeCheck({
      programme: { id: 'p1', stackingGroup: 'g1' },
      lines: [line],
      others: [other('p2', 'g1')],
    });
    expect(result).toMatchObject({ ok: true, conflicts: [] });
    expect(result.stacked).toHaveLength(1);
  });

  it('two programmes without a group never stack', () => {
    const result = crossProgrammeCheck({
      programme: { id: 'p1', stackingGroup: null },
      lines: [line],
      others: [other('p2', null)],
    });
    expect(result.ok).toBe(false);
  });

  it('ignores the programme itself and nothing claimed', () => {
    const result = crossProgrammeCheck({
      programme: { id: 'p1', stackingGroup: null },
      lines: [line, { ...line, lineId: 'l2', claimed: '0.00' }],
      others: [other('p1', null), { ...other('p3', null, 'l2') }, { ...other('p4', null), amount: '0.00' }],
    });
    expect(result.ok).toBe(true);
  });
});
