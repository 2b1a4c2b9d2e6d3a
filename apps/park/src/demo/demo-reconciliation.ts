import type { INestApplication } from '@nestjs/common';
import { periodBounds, type PeriodId } from '@park/billing-domain';
import { ReconciliationService, type KindCounts, type ReconciliationKind } from '@park/reconciliation';

const RUN_TIMEOUT_MS = 2 * 60_000;

/**
 * One reconciliation of the closed period's UTC days through the BullMQ worker, and its summary. The demo loads its
 * usage straight into ClickHouse and its agents push no manifests, so kind a (manifests) is left out and said so.
 */
export async function reconcileDemo(
  app: INestApplication,
  period: PeriodId,
  out: (text: string) => void,
): Promise<void> {
  const reconciliation = app.get(ReconciliationService);
  const { start, end } = periodBounds(period);
  const kinds: ReconciliationKind[] = ['rollups', 'statements', 'ledger', 'claims', 'pipeline'];
  const fromDay = start.toISOString().slice(0, 10);
  const toDay = new Date(end.getTime() - 1).toISOString().slice(0, 10);
  const { id } = await reconciliation.startRun({ parkId: 'main', kinds, fromDay, toDay });
  const run = await reconciliation.waitUntilDone(id, RUN_TIMEOUT_MS);
  const counts = (run.counts ?? {}) as Partial<Record<ReconciliationKind, KindCounts>>;
  const findings = Object.values(counts).reduce((n, c) => n + (c?.mismatched ?? 0) + (c?.missing ?? 0), 0);
  out(
    `\n对账 Reconciliation ${fromDay} … ${toDay} (run ${id}, ${run.status}; manifests left out: the demo's agents ` +
      `push none)\n`,
  );
  for (const kind of kinds) {
    const c = counts[kind];
    out(
      `  ${kind.padEnd(10)} matched ${String(c?.matched ?? 0).padStart(6)}  mismatched ${c?.mismatched ?? 0}  ` +
        `missing ${c?.missing ?? 0}\n`,
    );
  }
  out(
    `demo: reconciliation ${run.status}: ${findings} findings${run.error ? ` (${run.error})` : ''}; GET ` +
      `/v1/reconciliation/runs/${id}\n`,
  );
}
