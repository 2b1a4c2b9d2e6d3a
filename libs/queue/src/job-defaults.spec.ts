import { QUEUE_JOB_DEFAULTS, SWEEPER_JOB_OPTIONS } from './job-defaults';
import { QUEUES } from './queues';

describe('job defaults of every queue', () => {
  const everyQueue = Object.values(QUEUES);

  it.each(everyQueue)('%s: retried with exponential back-off, failed jobs kept with their error', (queue) => {
    const options = QUEUE_JOB_DEFAULTS[queue];
    expect(options.attempts).toBeGreaterThanOrEqual(3);
    expect(options.backoff).toEqual({ type: 'exponential', delay: expect.any(Number) });
    // kept for a while (an age in seconds), not removed on failure (true) nor kept forever (undefined / false)
    expect(options.removeOnFail).toEqual({ age: expect.any(Number) });
    expect((options.removeOnFail as { age: number }).age).toBeGreaterThanOrEqual(7 * 86_400);
  });

  it('declares defaults for no queue that does not exist', () => {
    expect(Object.keys(QUEUE_JOB_DEFAULTS).sort()).toEqual([...everyQueue].sort());
  });

  it('keeps the last 100 failed sweeps, retried like the close jobs', () => {
    expect(SWEEPER_JOB_OPTIONS).toMatchObject({ attempts: 5, removeOnFail: { count: 100 } });
  });
});
