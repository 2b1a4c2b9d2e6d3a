import type { OutboxSql } from './notification-events';
import { writeNotification } from './outbox.writer';

/** A reconciliation finding as the notices read it (structurally @park/reconciliation's Finding). */
export interface FindingLike {
  readonly kind: string;
  readonly check: string;
  readonly state: string;
  readonly subject: { readonly clusterId?: string; readonly day?: string };
  readonly expected: string;
  readonly observed: string;
  readonly difference: string;
  readonly message: string;
}

/** A notice names the first findings; the run (GET /v1/reconciliation/runs/{id}) has them all. */
const SAMPLE = 20;

function countBy(findings: readonly FindingLike[], key: (f: FindingLike) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[key(f)] = (counts[key(f)] ?? 0) + 1;
  return counts;
}

/**
 * In the transaction that stores a run's findings: one `reconciliation.mismatch` for the run when it found
 * anything, and one `ingestion.manifest_mismatch` per cluster whose manifests disagree with what was stored.
 */
export async function notifyReconciliationFindings(
  sql: OutboxSql,
  run: { runId: string; findings: readonly FindingLike[] },
): Promise<void> {
  const { runId, findings } = run;
  if (findings.length === 0) return;
  await writeNotification(sql, {
    type: 'reconciliation.mismatch',
    payload: {
      runId,
      findings: findings.length,
      byKindAndCheck: countBy(findings, (f) => `${f.kind}.${f.check}`),
      sample: findings.slice(0, SAMPLE),
    },
  });
  const manifests = findings.filter((f) => f.kind === 'manifests');
  for (const clusterId of [...new Set(manifests.map((f) => f.subject.clusterId ?? ''))].sort()) {
    const ofCluster = manifests.filter((f) => (f.subject.clusterId ?? '') === clusterId);
    await writeNotification(sql, {
      type: 'ingestion.manifest_mismatch',
      payload: {
        runId,
        clusterId,
        days: [...new Set(ofCluster.map((f) => f.subject.day ?? ''))].sort(),
        findings: ofCluster.length,
        sample: ofCluster.slice(0, SAMPLE),
      },
    });
  }
}
