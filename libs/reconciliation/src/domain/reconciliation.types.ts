/**
 * What a reconciliation compares, and what it answers. Pure types: no NestJS, Prisma, Kafka or ClickHouse here.
 * Every number is an exact decimal string (counts are whole numbers; quantities base units; amounts 元).
 */
export const RECONCILIATION_KINDS = ['manifests', 'rollups', 'statements', 'ledger', 'claims', 'pipeline'] as const;
export type ReconciliationKind = (typeof RECONCILIATION_KINDS)[number];

/** mismatched: both sides have the subject and disagree; missing: one side has nothing for it. */
export type FindingState = 'mismatched' | 'missing';

/** What a finding is about; only the fields that apply are set. tenantId and periodId let a hold find it. */
export interface FindingSubject {
  readonly clusterId?: string;
  /** Several clusters at once (the clusters whose manifest a period's close went without). */
  readonly clusterIds?: readonly string[];
  /** UTC day, YYYY-MM-DD. */
  readonly day?: string;
  /** UTC hour, ISO 8601. */
  readonly hour?: string;
  readonly tenantId?: string;
  /** Billing period (Asia/Shanghai month), YYYY-MM. */
  readonly periodId?: string;
  readonly sku?: string;
  readonly jobType?: string;
  readonly statementId?: string;
  readonly programmeId?: string;
  readonly grantId?: string;
  readonly transactionId?: string;
  /** Kind of ledger entry (grant_issue, redemption, reversal, grant_void). */
  readonly entry?: string;
  readonly claimId?: string;
  readonly claimLineId?: string;
  readonly year?: number;
  readonly partition?: number;
}

export interface Finding {
  readonly kind: ReconciliationKind;
  /** Which comparison failed, e.g. `line_quantity`, `rollup_records`, `duplicate_records`, `transaction_balance`. */
  readonly check: string;
  readonly state: FindingState;
  readonly subject: FindingSubject;
  readonly expected: string;
  readonly observed: string;
  /** observed − expected, exact. */
  readonly difference: string;
  readonly message: string;
}

/** One kind's answer: how many subjects agreed, and a finding for each that did not. */
export interface KindOutcome {
  readonly kind: ReconciliationKind;
  readonly matched: number;
  readonly findings: readonly Finding[];
}

export interface KindCounts {
  readonly matched: number;
  readonly mismatched: number;
  readonly missing: number;
}

export function countsOf(outcome: KindOutcome): KindCounts {
  const missing = outcome.findings.filter((f) => f.state === 'missing').length;
  return { matched: outcome.matched, mismatched: outcome.findings.length - missing, missing };
}
