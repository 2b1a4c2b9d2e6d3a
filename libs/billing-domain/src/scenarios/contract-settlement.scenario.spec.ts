// Issue 12 item 3. Nanning's 算力券 pays 30 % of what a tenant settled under a compute contract, prorated by the days
// of the subsidy's base period (2025-03-01..2025-12-31) in the contract's term, the prorated base truncated to whole
// 元 before the ratio and the subsidy truncated again. The bureau's worked example: a contract from 2025-01-01 to
// 2026-12-31, 200,000 元 settled → (305 / 729) × 200,000 = 83,676 元 → × 30 % = 25,102 元 (2.5102 万元).
// Days are counted as the bureau counts them: the later date minus the earlier (305, 729).
import { aGrant, aProgramme, issuesOf, shanghai } from '../testing/builders';
import type { ContractFacts } from '../vouchers/contract-rules';
import { buildContractSettlementInput, computeContractSettlement } from '../vouchers/contract-settlement';
import { validateGrantIssue } from '../vouchers/grant';
import { buildProgramme, type ProgrammeSpec } from '../vouchers/programme';

describe('scenario: a contract-settlement programme (Nanning)', () => {
  const nanning: Partial<ProgrammeSpec> = {
    mechanism: 'contract_settlement',
    ratio: '0.30',
    settlementCadence: 'per_contract',
    caps: { perTenantCumulative: '2000000.00' },
    contractSettlement: {
      basePeriod: { from: '2025-03-01', to: '2025-12-31' },
      dayCount: 'difference',
      intermediateRounding: 'TRUNCATE_YUAN',
      finalRounding: 'TRUNCATE_YUAN',
    },
  };
  const programme = aProgramme({ id: 'nn-compute-2025', ...nanning });
  /** A contract from the first day to the last day (inclusive, Asia/Shanghai). */
  const contract = (id: string, from: string, lastDay: string | null, termMonths: number | null = null) => {
    const facts: ContractFacts = {
      id,
      signedOn: from,
      termMonths,
      effectiveFrom: shanghai(`${from} 00:00`),
      effectiveTo: lastDay === null ? null : new Date(shanghai(`${lastDay} 00:00`).getTime() + 86_400_000),
    };
    return facts;
  };
  const settle = (
    c: ContractFacts,
    settledAmount: string,
    settledOn: string,
    opts: { programme?: typeof programme; usedCumulative?: string } = {},
  ) =>
    computeContractSettlement(
      buildContractSettlementInput({
        programme: opts.programme ?? programme,
        contract: c,
        settledAmount,
        settledOn,
        usedThisYear: '0.00',
        usedCumulative: opts.usedCumulative ?? '0.00',
      }),
    );
  const problems = issuesOf;

  it("reproduces the bureau's worked example to the 分, with both truncations", () => {
    const steps = settle(contract('NN-HT-1', '2025-01-01', '2026-12-31'), '200000.00', '2025-12-31');
    expect(steps).toMatchObject({
      baseDays: 305,
      termDays: 729,
      proratedBase: '83676.268861',
      roundedBase: '83676.00',
      ratio: '0.3',
      subsidy: '25102.00',
      amount: '25102.00',
      boundBy: 'subsidy',
      year: 2025,
      basePeriod: { from: '2025-03-01', to: '2025-12-31' },
      term: { from: '2025-01-01', to: '2026-12-31' },
    });
  });

  it('pays on the whole settled amount when the term lies inside the base period', () => {
    const steps = settle(contract('NN-Q2', '2025-04-01', '2025-06-30'), '50000.55', '2025-07-05');
    expect([steps.baseDays, steps.termDays, steps.roundedBase, steps.amount]).toEqual([90, 90, '50000.00', '15000.00']);
  });

  it('prorates a term spanning two base periods (the settlement year) to each year, never more than the whole', () => {
    const yearly = aProgramme({
      id: 'nn-yearly',
      ...nanning,
      contractSettlement: { ...nanning.contractSettlement!, basePeriod: 'settlement_year' },
    });
    const c = contract('NN-SPAN', '2025-07-01', '2026-06-30');
    const y2025 = settle(c, '100000.00', '2025-12-31', { programme: yearly });
    const y2026 = settle(c, '100000.00', '2026-06-30', { programme: yearly });
    expect([y2025.baseDays, y2025.termDays, y2025.roundedBase, y2025.amount, y2025.year]).toEqual([
      183,
      364,
      '50274.00',
      '15082.00',
      2025,
    ]);
    expect([y2026.baseDays, y2026.roundedBase, y2026.amount, y2026.year]).toEqual([180, '49450.00', '14835.00', 2026]);
    // with the fixed window 2025-03-01..2025-12-31 only the 2025 part counts, whenever it is settled
    expect(settle(c, '100000.00', '2026-06-30').amount).toBe('15082.00');
  });

  it('pays 0.00 when a truncation leaves nothing (prorated base under 1 元, or a subsidy under 1 元)', () => {
    const short = settle(contract('NN-DEC', '2025-12-01', '2026-11-30'), '3.00', '2025-12-31');
    expect([short.baseDays, short.termDays, short.proratedBase, short.roundedBase, short.amount]).toEqual([
      30,
      364,
      '0.247253',
      '0.00',
      '0.00',
    ]);
    const small = settle(contract('NN-SMALL', '2025-05-01', '2025-05-31'), '3.99', '2025-06-01');
    expect([small.roundedBase, small.subsidy, small.amount]).toEqual(['3.00', '0.00', '0.00']);
  });

  it("caps at what is left of the tenant's cumulative 2,000,000 元", () => {
    const steps = settle(contract('NN-CAP', '2025-01-01', '2026-12-31'), '200000.00', '2025-12-31', {
      usedCumulative: '1990000.00',
    });
    expect([steps.subsidy, steps.amount, steps.boundBy]).toEqual(['25102.00', '10000.00', 'perTenantCumulative']);
    expect(steps.limits.perTenantCumulativeLeft).toBe('10000.00');
  });

  it('names every problem of a settlement: open-ended contract, no base day, amount, date', () => {
    expect(problems(() => settle(contract('NN-OPEN', '2025-01-01', null), '100.00', '2025-12-31'))).toEqual([
      'contractId: contract NN-OPEN is open-ended and names no term: its term days are unknown',
    ]);
    expect(problems(() => settle(contract('NN-2026', '2026-01-01', '2026-12-31'), '100.00', '2026-03-01'))).toEqual([
      'contractId: contract NN-2026 runs 2026-01-01..2026-12-31: no day in the base period 2025-03-01..2025-12-31',
    ]);
    expect(problems(() => settle(contract('NN-X', '2025-01-01', '2025-12-31'), '0.00', '2025-2-1'))).toEqual([
      'settledAmount: must be above 0',
      'settledOn: YYYY-MM-DD',
    ]);
    // a written term stands in for a missing end date
    expect(settle(contract('NN-W', '2025-01-01', null, 24), '200000.00', '2025-12-31').amount).toBe('25102.00');
  });

  it('has no grants and deducts nothing on bills: a grant of it is refused', () => {
    const grant = aGrant({ programmeId: programme.id, faceValue: '1000.00' });
    expect(problems(() => validateGrantIssue({ programme, grant, existingGrants: [] }))).toEqual([
      `grant.programmeId: programme ${programme.id} pays on contract settlements: it has no grants ` +
        '(record the settlement instead)',
    ]);
  });

  it('checks the programme rules strictly, naming the field', () => {
    const spec = { id: 'p', bureau: 'b', name: 'n', ratio: '0.3' };
    const rules = nanning.contractSettlement!;
    expect(
      problems(() =>
        buildProgramme({
          ...spec,
          mechanism: 'contract_settlement',
          contractSettlement: { ...rules, dayCounting: 'difference' } as never,
        }),
      ),
    ).toEqual([
      'programme.contractSettlement.dayCounting: unknown key ' +
        '(basePeriod, dayCount, intermediateRounding, finalRounding)',
    ]);
    expect(
      problems(() =>
        buildProgramme({
          ...spec,
          mechanism: 'contract_settlement',
          contractSettlement: { ...rules, finalRounding: 'FLOOR' as never },
        }),
      ),
    ).toEqual([
      'programme.contractSettlement.finalRounding: ' +
        'must be one of HALF_UP_FEN, TRUNCATE_FEN, HALF_UP_YUAN, TRUNCATE_YUAN (got "FLOOR")',
    ]);
    expect(problems(() => buildProgramme({ ...spec, mechanism: 'contract_settlement' }))).toEqual([
      'programme.contractSettlement: required with mechanism contract_settlement',
    ]);
    expect(problems(() => buildProgramme({ ...spec, contractSettlement: rules }))).toEqual([
      'programme.contractSettlement: only with mechanism contract_settlement',
    ]);
  });
});
