import type { PrismaClient } from '@prisma/client';
import { ClusterPushRecorder } from './cluster-push.recorder';

/** A PrismaClient whose $executeRaw records each write's values, failing while `failing` is set. */
function fakePrisma() {
  const writes: unknown[][] = [];
  const state = { failing: false };
  const prisma = {
    $executeRaw: (_sql: TemplateStringsArray, ...values: unknown[]) => {
      writes.push(values);
      return state.failing ? Promise.reject(new Error('connection refused')) : Promise.resolve(1);
    },
  } as unknown as PrismaClient;
  return { prisma, writes, state };
}

describe('ClusterPushRecorder', () => {
  it('writes a cluster once per interval, and each cluster apart', async () => {
    const { prisma, writes } = fakePrisma();
    const recorder = new ClusterPushRecorder(prisma, undefined, { intervalMs: 60_000 });
    recorder.record('gpu-1', 1_000);
    recorder.record('gpu-1', 2_000);
    recorder.record('gpu-2', 3_000);
    await recorder.settled();
    expect(writes).toEqual([
      [new Date(1_000), 'gpu-1', new Date(1_000)],
      [new Date(3_000), 'gpu-2', new Date(3_000)],
    ]);
  });

  it('logs a failed write and writes again on the next push', async () => {
    const { prisma, writes, state } = fakePrisma();
    const warnings: string[] = [];
    const recorder = new ClusterPushRecorder(prisma, { warn: (m) => void warnings.push(m) }, { intervalMs: 60_000 });
    state.failing = true;
    recorder.record('gpu-1', 1_000);
    await recorder.settled();
    expect(warnings).toEqual(['cluster gpu-1: last push time not written: connection refused']);
    state.failing = false;
    recorder.record('gpu-1', 2_000);
    await recorder.settled();
    expect(writes.map((w) => w[0])).toEqual([new Date(1_000), new Date(2_000)]);
  });
});
