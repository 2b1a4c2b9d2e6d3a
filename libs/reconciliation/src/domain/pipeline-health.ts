import { Decimal } from '@park/money';
import { difference } from './keyed-comparison';
import type { Finding, KindOutcome } from './reconciliation.types';

/** Thresholds of kind f (configurable per run; the defaults are the worker's). */
export interface PipelineThresholds {
  /** Messages a sink partition may be behind before it is a finding. */
  readonly maxConsumerLag: number;
  /** Share of a cluster-day's records that may be rejected, e.g. "0.05". */
  readonly maxRejectionRate: string;
}

export const DEFAULT_PIPELINE_THRESHOLDS: PipelineThresholds = { maxConsumerLag: 100_000, maxRejectionRate: '0.05' };

export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** The log end offset and the group's committed offset (-1 when it has committed nothing). */
  readonly end: string;
  readonly committed: string;
  /**
   * The log start offset: where a group that committed nothing begins (retention may have deleted what came before,
   * which the sink can no longer be behind on). Absent: 0.
   */
  readonly start?: string;
}

export interface ClusterDayRejections {
  readonly clusterId: string;
  readonly day: string;
  readonly stored: string;
  readonly rejected: string;
}

/** Kind f: lag per partition and rejection rate per cluster-day against the thresholds. */
export function pipelineHealth(input: {
  readonly lags: readonly PartitionLag[];
  readonly rejections: readonly ClusterDayRejections[];
  readonly thresholds: PipelineThresholds;
}): KindOutcome {
  const findings: Finding[] = [];
  let matched = 0;
  const maxLag = String(input.thresholds.maxConsumerLag);
  for (const p of input.lags) {
    const committed = new Decimal(p.committed).lt(0) ? new Decimal(p.start ?? '0') : new Decimal(p.committed);
    const lag = Decimal.max(new Decimal(p.end).minus(committed), 0).toFixed();
    if (new Decimal(lag).lte(maxLag)) {
      matched++;
      continue;
    }
    findings.push({
      kind: 'pipeline',
      check: 'consumer_lag',
      state: 'mismatched',
      subject: { partition: p.partition },
      expected: maxLag,
      observed: lag,
      difference: difference(maxLag, lag),
      message: `${p.topic} partition ${p.partition}: the sink is ${lag} messages behind (threshold ${maxLag})`,
    });
  }
  const maxRate = new Decimal(input.thresholds.maxRejectionRate);
  for (const r of input.rejections) {
    const total = new Decimal(r.stored).plus(r.rejected);
    const rate = total.isZero()
      ? new Decimal(0)
      : new Decimal(r.rejected).div(total).toDecimalPlaces(6, Decimal.ROUND_HALF_UP);
    if (rate.lte(maxRate)) {
      matched++;
      continue;
    }
    findings.push({
      kind: 'pipeline',
      check: 'rejection_rate',
      state: 'mismatched',
      subject: { clusterId: r.clusterId, day: r.day },
      expected: maxRate.toFixed(),
      observed: rate.toFixed(),
      difference: difference(maxRate.toFixed(), rate.toFixed()),
      message:
        `cluster ${r.clusterId} day ${r.day}: ${r.rejected} of ${total.toFixed()} records rejected (rate ` +
        `${rate.toFixed()}, threshold ${maxRate.toFixed()})`,
    });
  }
  return { kind: 'pipeline', matched, findings };
}
