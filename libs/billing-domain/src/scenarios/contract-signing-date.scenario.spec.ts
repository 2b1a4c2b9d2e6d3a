// Issue 12 item 1. A Beijing-style programme admits only contracts signed on or after 2025-03-01 with a term of at
// most 12 months. A grant on a contract signed a day early used to be issued and deduct in full; it is refused now.
import { aGrant, aLine, aProgramme, applyChecked, deductedByLine, issuesOf, shanghai } from '../testing/builders';
import { contractTermMonths, type ContractFacts } from '../vouchers/contract-rules';
import { validateGrantIssue } from '../vouchers/grant';
import { buildProgramme } from '../vouchers/programme';

describe('scenario: a contract signing date and term as programme rules', () => {
  const programme = aProgramme({
    id: 'bj-ai-voucher',
    ratio: '0.20',
    contractRules: { signedOnOrAfter: '2025-03-01', maxTermMonths: 12 },
  });
  const contract = (
    id: string,
    signedOn: string,
    to: string | null,
    termMonths: number | null = null,
  ): ContractFacts => ({
    id,
    signedOn,
    termMonths,
    effectiveFrom: shanghai('2025-03-01 00:00'),
    effectiveTo: to === null ? null : shanghai(`${to} 00:00`),
  });
  const issue = (c: ContractFacts | null) =>
    validateGrantIssue({
      programme,
      existingGrants: [],
      contract: c,
      grant: aGrant({ programmeId: programme.id, faceValue: '100000.00', contractId: c?.id ?? null }),
    });
  const messages = issuesOf;

  it('refuses a contract signed the day before the window, naming both dates', () => {
    expect(messages(() => issue(contract('HT-0228', '2025-02-28', '2026-03-01')))).toEqual([
      'grant.contractId: contract HT-0228 was signed on 2025-02-28; the programme admits contracts signed on or after 2025-03-01',
    ]);
  });

  it('refuses a term over 12 months (from the dates, a started month counting whole) or an open-ended contract', () => {
    expect(contractTermMonths(contract('a', '2025-03-01', '2026-03-01'))).toBe(12);
    expect(contractTermMonths(contract('b', '2025-03-01', '2026-03-02'))).toBe(13);
    expect(messages(() => issue(contract('HT-13', '2025-03-01', '2026-03-02')))).toEqual([
      'grant.contractId: contract HT-13 runs 13 months; the programme admits terms of at most 12 months',
    ]);
    expect(messages(() => issue(contract('HT-OPEN', '2025-03-05', null)))).toEqual([
      'grant.contractId: contract HT-OPEN is open-ended and names no term; the programme admits terms of at most 12 months',
    ]);
    expect(messages(() => issue(contract('HT-W', '2025-03-05', null, 12)))).toEqual([]);
    expect(messages(() => issue(null))).toEqual([
      'grant.contractId: the programme has contract rules (signing date, term); name the contract',
    ]);
  });

  it('admits a contract signed on the first day; its grant pays 20 % of that contract’s lines only', () => {
    const grant = issue(contract('HT-0301', '2025-03-01', '2026-03-01'));
    const result = applyChecked({
      asOf: '2025-03-31',
      tenant: { id: 't-1' },
      programmes: [programme],
      grants: [{ ...aGrant({ programmeId: programme.id, faceValue: '100000.00' }), contractId: grant.contractId }],
      lines: [
        aLine({ lineId: 'mar/under-HT-0301', periodId: '2025-03', contractId: 'HT-0301', amount: '50000.00' }),
        aLine({ lineId: 'mar/no-contract', periodId: '2025-03', contractId: null, amount: '50000.00' }),
      ],
    });
    expect(deductedByLine(result)).toEqual({ 'mar/under-HT-0301': '10000.00', 'mar/no-contract': '0.00' });
  });

  it('refuses a misspelt or empty rule, naming it', () => {
    const spec = { id: 'p', bureau: 'b', name: 'n', ratio: '0.2' };
    expect(messages(() => buildProgramme({ ...spec, contractRules: { signedAfter: '2025-03-01' } as never }))).toEqual([
      'programme.contractRules.signedAfter: unknown key (signedOnOrAfter, signedOnOrBefore, maxTermMonths)',
      'programme.contractRules: names no rule (signedOnOrAfter, signedOnOrBefore, maxTermMonths)',
    ]);
    expect(
      messages(() => buildProgramme({ ...spec, contractRules: { signedOnOrAfter: '2025-3-1', maxTermMonths: 0 } })),
    ).toEqual([
      'programme.contractRules.signedOnOrAfter: YYYY-MM-DD',
      'programme.contractRules.maxTermMonths: a positive integer',
    ]);
  });
});
