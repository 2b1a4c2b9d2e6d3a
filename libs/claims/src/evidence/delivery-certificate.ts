import { Decimal, sum } from '@park/money';
import { csvBytes } from '@park/statements-export';

/** One job behind a claimed statement line, with the clusters that ran it. */
export interface DeliveredJob {
  readonly tenantId: string;
  readonly statementNumber: string;
  readonly usagePeriodId: string;
  readonly jobId: string;
  readonly sku: string;
  readonly jobType: string;
  readonly quantityBase: string;
  readonly clusters: readonly string[];
}

/** How a SKU's base quantity becomes its billing unit (3600 GPU-seconds = 1 GPU-hour). */
export interface SkuUnit {
  readonly billingUnit: string;
  readonly unitsPerBillingUnit: string;
}

const HEADER = [
  '企业 tenant_id',
  '结算单 statement_number',
  '用量账期 usage_period',
  '作业 job_id',
  'SKU',
  '作业类型 job_type',
  '集群 clusters',
  'GPU 卡时 gpu_hours',
  '数量 quantity_base',
];

/** GPU-hours of a GPU SKU's base quantity (6 decimals), null for a SKU billed in another unit. */
function gpuHours(job: DeliveredJob, units: ReadonlyMap<string, SkuUnit>): Decimal | null {
  const unit = units.get(job.sku);
  if (unit?.billingUnit !== 'gpu_hour') return null;
  return new Decimal(job.quantityBase).div(unit.unitsPerBillingUnit);
}

/**
 * 算力交付凭证: per tenant, per job, the GPU-hours delivered and the clusters that delivered them, with a total row per
 * tenant; `missing` names each claim line no usage stands behind. Deterministic for its input. Pure.
 */
export function deliveryCertificate(input: {
  jobs: readonly DeliveredJob[];
  units: ReadonlyMap<string, SkuUnit>;
  lines: readonly { readonly tenantId: string; readonly statementNumber: string }[];
}): { csv: Buffer; missing: string[] } {
  const jobs = [...input.jobs].sort(
    (a, b) =>
      a.tenantId.localeCompare(b.tenantId) ||
      a.statementNumber.localeCompare(b.statementNumber) ||
      a.jobId.localeCompare(b.jobId) ||
      a.sku.localeCompare(b.sku),
  );
  const rows: string[][] = [];
  for (const tenantId of [...new Set(jobs.map((j) => j.tenantId))]) {
    const own = jobs.filter((j) => j.tenantId === tenantId);
    for (const j of own) {
      const hours = gpuHours(j, input.units);
      const row = [j.tenantId, j.statementNumber, j.usagePeriodId, j.jobId, j.sku, j.jobType];
      rows.push([...row, [...j.clusters].sort().join(' '), hours?.toFixed(6) ?? '', j.quantityBase]);
    }
    const hours = own.map((j) => gpuHours(j, input.units)).filter((h): h is Decimal => h !== null);
    const clusters = [...new Set(own.flatMap((j) => j.clusters))].sort().join(' ');
    rows.push([tenantId, '', '', '合计 Total', '', '', clusters, sum(hours).toFixed(6), '']);
  }
  const missing = input.lines
    .filter((l) => !jobs.some((j) => j.tenantId === l.tenantId && j.statementNumber === l.statementNumber))
    .map((l) => `delivery_certificate: no usage recorded behind tenant ${l.tenantId} statement ${l.statementNumber}`);
  return { csv: csvBytes([HEADER, ...rows]), missing };
}
