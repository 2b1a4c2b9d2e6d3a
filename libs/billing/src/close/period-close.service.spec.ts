import { UnrecoverableError } from 'bullmq';
import { PriceNotFound } from '@park/billing-domain';
import type { CloseTaskKey } from './close-task.repository';
import { PeriodCloseService } from './period-close.service';

/** closeTenant's rules on a task kept in memory; the real stores are exercised by test/integration/period-close-*. */
function harness(issue: () => Promise<{ statementId: string; newlyIssued: boolean }>, openFindings: string[] = []) {
  const task = { closeRun: 'main@run', round: 1, status: 'pending' as string };
  const failures: { code: string; final: boolean }[] = [];
  const tasks = {
    findForJob: async () => ({ ...task, blockingFindings: openFindings }),
    markDone: async () => void (task.status = 'done'),
    recordFailure: async (_key: CloseTaskKey, _round: number, error: { code: string; final: boolean }) => {
      failures.push({ code: error.code, final: error.final });
      if (error.final) task.status = 'failed';
    },
  };
  // the issuing transaction of a new statement marks the job's task done (closeTaskRound)
  const issueStatement = async (_tenant: string, _period: string, options: { closeTaskRound?: number }) => {
    const outcome = await issue();
    if (outcome.newlyIssued && options.closeTaskRound === task.round) task.status = 'done';
    return outcome;
  };
  const statements = { issueStatement };
  const holds = { markHeld: async () => void (task.status = 'held') };
  const none = {} as never;
  const service = new PeriodCloseService(
    none,
    none,
    statements as never,
    none,
    tasks as never,
    none,
    none,
    holds as never,
  );
  const job = { parkId: 'main', periodId: '2026-09', tenantId: 'acme', closeRun: 'main@run', round: 1 };
  return { service, job, task, failures };
}

describe('PeriodCloseService.closeTenant', () => {
  it('issues the statement and marks the task done', async () => {
    const h = harness(async () => ({ statementId: 's1', newlyIssued: true }));
    const outcome = await h.service.closeTenant(h.job, { made: 0, max: 5 });
    expect(outcome).toEqual({ statementId: 's1', newlyIssued: true });
    expect(h.task.status).toBe('done');
  });

  it('marks the task done itself when the statement had been issued before', async () => {
    const h = harness(async () => ({ statementId: 's1', newlyIssued: false }));
    expect(await h.service.closeTenant(h.job, { made: 0, max: 5 })).toEqual({ statementId: 's1', newlyIssued: false });
    expect(h.task.status).toBe('done');
  });

  it('holds the task, without issuing, while an open finding is on the tenant-period', async () => {
    const issue = jest.fn(async () => ({ statementId: 's1', newlyIssued: true }));
    const h = harness(issue, ['fnd_1']);
    expect(await h.service.closeTenant(h.job, { made: 0, max: 5 })).toEqual({ newlyIssued: false, skipped: 'held' });
    expect(h.task.status).toBe('held');
    expect(issue).not.toHaveBeenCalled();
  });

  it('fails the task at once on a domain error, and tells BullMQ not to retry', async () => {
    const h = harness(async () => Promise.reject(new PriceNotFound('gpu.a800-80g', new Date(0), 'book')));
    await expect(h.service.closeTenant(h.job, { made: 0, max: 5 })).rejects.toBeInstanceOf(UnrecoverableError);
    expect(h.failures).toEqual([{ code: 'PRICE_NOT_FOUND', final: true }]);
    expect(h.task.status).toBe('failed');
  });

  it('keeps the task pending while BullMQ retries any other error, and fails it on the last attempt', async () => {
    const h = harness(async () => Promise.reject(new Error('connection terminated')));
    for (const made of [0, 1, 2, 3]) {
      await expect(h.service.closeTenant(h.job, { made, max: 5 })).rejects.toThrow('connection terminated');
    }
    expect(h.task.status).toBe('pending');
    await expect(h.service.closeTenant(h.job, { made: 4, max: 5 })).rejects.not.toBeInstanceOf(UnrecoverableError);
    expect(h.failures.map((f) => f.final)).toEqual([false, false, false, false, true]);
    expect(h.failures[4].code).toBe('UNEXPECTED_ERROR');
    expect(h.task.status).toBe('failed');
  });

  it('does nothing for a job of an older round (a retried task has a new job)', async () => {
    let issued = 0;
    const h = harness(async () => (issued++, { statementId: 's1', newlyIssued: true }));
    const outcome = await h.service.closeTenant({ ...h.job, round: 0 }, { made: 0, max: 5 });
    expect(outcome).toMatchObject({ skipped: 'superseded' });
    expect(issued).toBe(0);
  });
});
