// A model-training subsidy: training jobs only, and only jobs of at least 64 devices and 10,000 device-hours.
import { ValidationError } from '../errors/validation.error';
import { aGrant, aJob, aLine, aProgramme, applyChecked } from '../testing/builders';

describe('scenario: training-only subsidy with a devices × hours threshold', () => {
  const subsidy = aProgramme({
    id: 'training-subsidy',
    name: '模型训练补贴',
    kind: 'training_subsidy',
    mechanism: 'reimbursed',
    ratio: '0.50',
    eligibility: { resourceClasses: ['ai'], trainingThreshold: { minDevices: 64, minDeviceHours: '10000' } },
  });
  const grant = aGrant({ id: 'g-train', programmeId: subsidy.id, faceValue: '1000000.00' });
  const big = aJob({ jobId: 'llm-pretrain', deviceCount: 128, deviceHours: '20480', quantity: '3000' });
  const small = aJob({ jobId: 'finetune', deviceCount: 8, deviceHours: '500', quantity: '1000' });
  const wide = aJob({ jobId: 'wide-but-short', deviceCount: 256, deviceHours: '512', quantity: '1000' });

  const run = (lines: ReturnType<typeof aLine>[]) =>
    applyChecked({ asOf: '2025-02-03', tenant: { id: 't-1' }, programmes: [subsidy], grants: [grant], lines });

  it('covers only the share of the line run by qualifying jobs', () => {
    const r = run([aLine({ lineId: 'training', amount: '100000.00', jobs: [big, small] })]);
    const [d] = r.deductions;
    expect([
      d.eligibleFraction.toFixed(),
      d.eligibleAmount.toFixed(2),
      d.raw.toFixed(2),
      d.amount.toFixed(2),
      d.mechanism,
    ]).toEqual(['0.75', '75000.00', '37500.00', '37500.00', 'reimbursed']);
    expect(d.rule.trainingThreshold).toBe(true);
    // Reimbursed after payment: the tenant still pays the whole line on the bill.
    expect(r.lines[0].net.toFixed(2)).toBe('100000.00');
    expect(r.lines[0].reimbursed.toFixed(2)).toBe('37500.00');
  });

  it('pays nothing when no job reaches both thresholds', () => {
    const r = run([aLine({ lineId: 'small', amount: '5000.00', jobs: [small, wide] })]);
    expect(r.deductions).toEqual([]);
    expect(r.notes).toContainEqual(
      expect.objectContaining({
        reason: 'below_training_threshold',
        detail: 'no job reaches 64 devices and 10000 device-hours',
      }),
    );
  });

  it('pays nothing on inference, and refuses to guess when the line carries no job sizes', () => {
    const r = run([
      aLine({ lineId: 'inference', amount: '5000.00', jobType: 'inference', jobs: [big] }),
      aLine({ lineId: 'unknown', amount: '5000.00' }),
    ]);
    expect(r.deductions).toEqual([]);
    expect(r.notes.map((n) => [n.lineId, n.reason])).toEqual([
      ['inference', 'job_type_not_eligible'],
      ['unknown', 'job_sizes_unknown'],
    ]);
  });

  it('a training subsidy cannot be configured for other job types', () => {
    expect(() => aProgramme({ id: 'bad', kind: 'training_subsidy', eligibility: { jobTypes: ['inference'] } })).toThrow(
      ValidationError,
    );
  });
});
