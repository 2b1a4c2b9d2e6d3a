import { fromMicros, toMicros } from '@park/usage-domain';

/** Records and quantity in all, and the quantity per `tenant|sku`: what the raw table and the rollup must agree on. */
export interface UsageTotals {
  records: string;
  quantity: string;
  byTenantSku: Record<string, string>;
}

/** Rows of (tenant_id, sku, n records, q quantity) summed exactly (quantities in millionths, as BigInt). */
export function summariseTotals(
  rows: readonly { tenant_id: string; sku: string; n: string; q: string }[],
): UsageTotals {
  let records = 0n;
  let micros = 0n;
  const byTenantSku: Record<string, string> = {};
  for (const r of rows) {
    records += BigInt(r.n);
    micros += toMicros(r.q);
    byTenantSku[`${r.tenant_id}|${r.sku}`] = fromMicros(toMicros(r.q));
  }
  return { records: records.toString(), quantity: fromMicros(micros), byTenantSku };
}
