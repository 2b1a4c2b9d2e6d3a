import { ApiError, api, ok } from '../../api/client';
import type { StatementDetail, StatementPreview, UsageBySku } from '../../api/views';
import { sumBy } from '../../format/sum';
import { periodOf } from '../../format/time';

/**
 * The period's bill: the issued statement once there is one (a draft recomputed now would apply today's voucher
 * balances to a closed month), else the draft preview of the period so far.
 */
async function billOf(path: { tenantId: string; periodId: string }) {
  // a period is issued only once it is over: the current one goes straight to its draft (one round trip less)
  if (path.periodId !== periodOf(new Date())) {
    const issued = await issuedBill(path);
    if (issued) return issued;
  }
  const preview = await ok<StatementPreview>(
    api.GET('/v1/tenants/{tenantId}/statements/{periodId}/preview', { params: { path } }),
  );
  return { lines: preview.view.lines, totals: preview.view.totals, issued: false };
}

async function issuedBill(path: { tenantId: string; periodId: string }) {
  try {
    const { statement } = await ok<StatementDetail>(
      api.GET('/v1/tenants/{tenantId}/statements/{periodId}', { params: { path } }),
    );
    const totals = { ...statement, charges: statement.chargesAmount };
    return { lines: statement.view.lines, totals, issued: true };
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    return null;
  }
}

export interface SkuRow {
  sku: string;
  records: string;
  quantity: string;
  billingUnit: string | null;
  amount: string;
  onBillDeductions: string;
  net: string;
}

/** The tenant dashboard's figures: usage by SKU with each SKU's cost, cost by job type, the bill's totals. */
async function loadDashboard(tenantId: string, period: string) {
  const path = { tenantId, periodId: period };
  const [usage, bill] = await Promise.all([
    ok<UsageBySku>(api.GET('/v1/tenants/{tenantId}/usage', { params: { path: { tenantId }, query: { period } } })),
    billOf(path),
  ]);
  const cost = sumBy(bill.lines, (l) => l.sku, ['amount', 'onBillDeductions', 'net']);
  const rows: SkuRow[] = usage.skus.map((u) => ({
    ...u,
    ...(cost.get(u.sku) ?? { amount: '0.00', onBillDeductions: '0.00', net: '0.00' }),
  }));
  const byJob = sumBy(bill.lines, (l) => l.jobType, ['amount']);
  const jobs = [...byJob].map(([jobType, sums]) => ({ jobType, amount: sums.amount }));
  return { rows, jobs, totals: bill.totals, issued: bill.issued };
}

let prefetched: { key: string; data: ReturnType<typeof loadDashboard> } | undefined;

/**
 * Starts loading the dashboard before its screen's chunk has arrived (app.tsx, when the console opens on it): the
 * API calls overlap the chunk's download instead of following it. The first read of the same tenant and period
 * takes the prefetched answer; any later read asks again.
 */
export function prefetchDashboard(tenantId: string, period: string): void {
  const data = loadDashboard(tenantId, period);
  data.catch(() => undefined); // read (and shown) by the screen
  prefetched = { key: `${tenantId}|${period}`, data };
}

export function dashboardData(tenantId: string, period: string): ReturnType<typeof loadDashboard> {
  const taken = prefetched?.key === `${tenantId}|${period}` ? prefetched.data : undefined;
  prefetched = undefined;
  return taken ?? loadDashboard(tenantId, period);
}

/** The tenant and period of a dashboard address ("#/tenants/t1/usage?period=2026-11"), or null. */
export function dashboardOf(hash: string): { tenantId: string; period: string } | null {
  const m = /^#\/tenants\/([^/?]+)\/usage(?:\?(.*))?$/.exec(hash);
  if (!m) return null;
  const period = new URLSearchParams(m[2] ?? '').get('period') ?? periodOf(new Date());
  return { tenantId: decodeURIComponent(m[1]), period };
}
