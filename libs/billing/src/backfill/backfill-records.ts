import { periodOf } from '@park/billing-domain';
import { MS_PER_DAY, validateBatch, validationPolicy, type SkuCatalogue, type UsageRecord } from '@park/usage-domain';
import { InvalidInput } from '../errors/billing.errors';

/**
 * How old a backfilled record may be: the late-usage look-back of the rating (12 months). Older usage would land
 * in ClickHouse and never be billed, so it is refused. Agents keep the 35-day window of the ingest gateway.
 */
export const BACKFILL_POLICY = validationPolicy({ retentionMs: 365 * MS_PER_DAY });
/** The attribute every backfilled record carries in ClickHouse: the id of the backfill that brought it. */
export const BACKFILL_ATTRIBUTE = 'park.backfill_id';

/** One tenant × usage period × SKU × job type that a backfill brings usage into (what its adjustments bill). */
export interface BackfillKey {
  tenantId: string;
  periodId: string;
  sku: string;
  jobType: string;
}

/**
 * The records of a backfill request, validated as the ingest gateway validates an agent's push (cluster bindings,
 * catalogue, quantities, times) but with the backfill's age limit. All or nothing: any bad record refuses the
 * request, each one named. Each record is labelled with the backfill's id.
 */
export function validateBackfillRecords(input: {
  backfillId: string;
  clusterId: string;
  records: unknown;
  boundTenants: ReadonlySet<string>;
  catalogue: SkuCatalogue;
  now: number;
}): UsageRecord[] {
  const validation = validateBatch(
    { records: input.records },
    { ...input, policy: BACKFILL_POLICY, boundTenants: input.boundTenants },
  );
  if (!validation.ok)
    throw new InvalidInput(
      'backfill',
      validation.issues.map((i) => ({ path: i.field, message: i.message })),
    );
  const refused = validation.results.flatMap((r) =>
    r.status === 'rejected' ? [{ path: `records[${r.index}]`, message: `${r.reason}: ${r.message}` }] : [],
  );
  if (refused.length > 0) throw new InvalidInput('backfill', refused);
  return validation.accepted.map((r) => ({
    ...r,
    attributes: { ...r.attributes, [BACKFILL_ATTRIBUTE]: input.backfillId },
  }));
}

/** Every tenant × period × SKU × job type the records touch (a record across a month end touches both). */
export function backfillKeys(records: readonly UsageRecord[]): BackfillKey[] {
  const keys = new Map<string, BackfillKey>();
  for (const r of records) {
    const periods = new Set([
      periodOf(new Date(r.startedAt)),
      periodOf(new Date(Math.max(r.startedAt, r.endedAt - 1))),
    ]);
    for (const periodId of periods) {
      const key = { tenantId: r.tenantId, periodId, sku: r.sku, jobType: r.jobType };
      keys.set(`${key.tenantId}|${periodId}|${key.sku}|${key.jobType}`, key);
    }
  }
  return [...keys.values()].sort((a, b) =>
    `${a.tenantId}|${a.periodId}|${a.sku}|${a.jobType}`.localeCompare(
      `${b.tenantId}|${b.periodId}|${b.sku}|${b.jobType}`,
    ),
  );
}
