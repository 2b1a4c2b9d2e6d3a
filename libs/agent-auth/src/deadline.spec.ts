import { DeadlineExceededError, withDeadline } from './deadline';

describe('withDeadline', () => {
  it('settles like the work when it ends in time', async () => {
    await expect(withDeadline(Promise.resolve('done'), 1_000)).resolves.toBe('done');
    await expect(withDeadline(Promise.reject(new Error('refused')), 1_000)).rejects.toThrow('refused');
  });

  it('rejects with DeadlineExceededError when the work outlasts the bound', async () => {
    const never = new Promise<never>(() => undefined);
    const started = Date.now();
    await expect(withDeadline(never, 50)).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    await expect(withDeadline(never, 50)).rejects.toMatchObject({ ms: 50, message: 'no answer within 50 ms' });
  });
});
