import { ValidationError } from '../errors/validation.error';
import { aProgramme } from '../testing/builders';
import {
  fixedRuleChanges,
  programmeInForce,
  readVersionStart,
  versionInForce,
  type ProgrammeVersion,
} from './programme-versions';

describe('programme rules versions', () => {
  const versions: ProgrammeVersion[] = [
    { version: 1, effectivePeriod: null, programme: aProgramme({ ratio: '0.30' }) },
    { version: 2, effectivePeriod: '2026-04', programme: aProgramme({ ratio: '0.20' }) },
    { version: 3, effectivePeriod: '2026-07', programme: aProgramme({ ratio: '0.10' }) },
  ];

  it.each([
    ['2025-12', '0.3'],
    ['2026-03', '0.3'],
    ['2026-04', '0.2'],
    ['2026-06', '0.2'],
    ['2026-07', '0.1'],
    ['2027-01', '0.1'],
  ])('in %s the ratio in force is %s', (period, ratio) => {
    expect(programmeInForce(versions, period).ratio.fallback?.toFixed()).toBe(ratio);
  });

  it('names the version in force (what a claim records)', () => {
    expect(['2026-03', '2026-04', '2026-12'].map((p) => versionInForce(versions, p).version)).toEqual([1, 2, 3]);
  });

  it('starts a version on the first day of a month, after the latest version', () => {
    const start = readVersionStart({ effectiveFrom: '2026-08-01', existing: versions });
    expect([start.effectivePeriod, start.effectiveFrom.toISOString()]).toEqual(['2026-08', '2026-07-31T16:00:00.000Z']);
    const refused = (effectiveFrom: string) => {
      try {
        readVersionStart({ effectiveFrom, existing: versions });
      } catch (e) {
        return (e as ValidationError).issues.map((i) => `${i.path}: ${i.message}`);
      }
      return [];
    };
    expect(refused('2026-08-15')).toEqual([
      'effectiveFrom: the first day of a month (YYYY-MM-01): rules apply to whole periods',
    ]);
    expect(refused('2026-06-01')).toEqual(["effectiveFrom: not before the latest version's period 2026-07"]);
    expect(refused('2026-07-01')).toEqual([]); // the same month: the caller answers "already exists"
  });

  it("keeps what claims read for the programme's life: kind, mechanism, cadence, who bears a rejected amount", () => {
    const first = aProgramme({ mechanism: 'on_bill', settlementCadence: 'quarterly' });
    expect(fixedRuleChanges(first, aProgramme({ ratio: '0.5', settlementCadence: 'quarterly' }))).toEqual([]);
    const changed = aProgramme({ mechanism: 'reimbursed', settlementCadence: 'yearly' });
    expect(fixedRuleChanges(first, changed).map((i) => i.path)).toEqual(['rules.mechanism', 'rules.settlementCadence']);
  });
});
