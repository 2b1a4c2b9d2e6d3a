import { periodBounds, periodOf, type PeriodId } from '@park/billing-domain';
import type { Finding } from './reconciliation.types';

const DAY_MS = 86_400_000;

/** The last whole UTC day before `now` (manifests and runs are per UTC day): what the daily run reconciles. */
export function lastWholeUtcDay(now: Date): string {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - DAY_MS).toISOString().slice(0, 10);
}

/** The billing period (Asia/Shanghai month) before the one `now` is in: what the monthly close closes. */
export function previousPeriod(now: Date): PeriodId {
  return periodOf(new Date(periodBounds(periodOf(now)).start.getTime() - 1));
}

/** The UTC day of the period's last instant: every active cluster's manifest for it is the ingestion watermark. */
export function watermarkDay(periodId: PeriodId): string {
  return new Date(periodBounds(periodId).end.getTime() - 1).toISOString().slice(0, 10);
}

/** When the close stops waiting for missing manifests: `graceDays` after the period's end. */
export function graceEnds(periodId: PeriodId, graceDays: number): Date {
  return new Date(periodBounds(periodId).end.getTime() + graceDays * DAY_MS);
}

/** The finding a close after the grace period leaves behind: the clusters whose watermark manifest never came. */
export function missingWatermarkFinding(input: {
  periodId: PeriodId;
  activeClusters: readonly string[];
  missingClusters: readonly string[];
  graceDays: number;
}): Finding {
  const { periodId, activeClusters, missingClusters, graceDays } = input;
  const day = watermarkDay(periodId);
  const observed = activeClusters.length - missingClusters.length;
  return {
    kind: 'manifests',
    check: 'watermark_missing',
    state: 'missing',
    subject: { periodId, day, clusterIds: [...missingClusters] },
    expected: String(activeClusters.length),
    observed: String(observed),
    difference: String(observed - activeClusters.length),
    message:
      `period ${periodId} closed after its ${graceDays}-day grace without the manifest of ${day} (UTC) from ` +
      `${missingClusters.length} of ${activeClusters.length} active clusters: ${missingClusters.join(', ')}`,
  };
}
