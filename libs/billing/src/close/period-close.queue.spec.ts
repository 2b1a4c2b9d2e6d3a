import { closeJobId } from './period-close.queue';

describe('close job ids', () => {
  const job = {
    parkId: 'main',
    periodId: '2026-09',
    tenantId: 'acme',
    closeRun: 'main@2026-10-01T00:00:00.000Z',
    round: 0,
  };

  it('are the same for the same task and round, so re-adding a pending task adds nothing', () => {
    expect(closeJobId(job)).toBe(closeJobId({ ...job }));
    expect(closeJobId(job)).toBe('2026-09.acme.main_2026-10-01T00_00_00.000Z.r0');
  });

  it('differ for a retry (new round) and for a new close run, and never hold a colon (BullMQ refuses it)', () => {
    expect(closeJobId({ ...job, round: 1 })).not.toBe(closeJobId(job));
    expect(closeJobId({ ...job, closeRun: 'main@2026-10-02T00:00:00.000Z' })).not.toBe(closeJobId(job));
    expect(closeJobId(job)).not.toContain(':');
  });
});
