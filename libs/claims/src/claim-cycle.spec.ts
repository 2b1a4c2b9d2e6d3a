import { canTransition, cyclePeriods, statusAfterReview } from './claim-cycle';

describe('claim cycles and states', () => {
  it('lists the months of a quarter and of a year, and refuses a cycle of the wrong shape', () => {
    expect(cyclePeriods('quarterly', '2026-Q4')).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(cyclePeriods('yearly', '2026')).toHaveLength(12);
    expect(cyclePeriods('quarterly', '2026')).toBeNull();
    expect(cyclePeriods('yearly', '2026-Q1')).toBeNull();
    // a per-contract cycle is the contract's id, not a span of periods
    expect(cyclePeriods('per_contract', 'ct-001')).toBeNull();
  });

  it('allows only the documented transitions', () => {
    expect(canTransition('draft', 'submitted')).toBe(true);
    expect(canTransition('draft', 'approved')).toBe(false);
    expect(canTransition('under_review', 'partly_approved')).toBe(true);
    expect(canTransition('rejected', 'paid')).toBe(false);
  });

  it('derives the status from the line decisions', () => {
    expect(statusAfterReview(['approved', 'approved'])).toBe('approved');
    expect(statusAfterReview(['approved', 'rejected'])).toBe('partly_approved');
    expect(statusAfterReview(['rejected'])).toBe('rejected');
  });
});
