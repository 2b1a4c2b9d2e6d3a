import { Decimal, formatAmount, sum } from '@park/money';
import type { RenderedExport } from './statement-export.types';
import { renderWorkbook, type XlsxSheet } from './xlsx/xlsx-workbook';

/** A tenant's usage of one period as its usage-detail workbook shows it (quantities and amounts as decimal strings). */
export interface UsageDocument {
  readonly tenant: { readonly id: string; readonly name: string };
  readonly periodId: string;
  /** The period's end (or now, for the current one): the workbook's date, so the same usage gives the same bytes. */
  readonly asOf: Date;
  /** The issued statement of the period, whose lines' amounts the SKU sheet shows (absent: not issued yet). */
  readonly statementNumber: string | null;
  readonly skus: readonly {
    readonly sku: string;
    readonly quantity: string;
    readonly billingUnit: string | null;
    readonly quantityBase: string;
    readonly baseUnit: string | null;
    readonly records: string;
    /** The issued statement's amount for this SKU in the period (null: not rated). */
    readonly amount: string | null;
  }[];
  readonly jobs: readonly {
    readonly jobId: string;
    readonly jobType: string;
    readonly sku: string;
    readonly clusters: readonly string[];
    readonly quantity: string;
    readonly billingUnit: string | null;
    readonly quantityBase: string;
  }[];
}

function preamble(u: UsageDocument): string[][] {
  return [
    ['企业 Tenant', u.tenant.name, u.tenant.id],
    ['账期 Period', `${u.periodId} (Asia/Shanghai)`],
    ['结算单 Statement', u.statementNumber ?? '未出具 not issued'],
    [
      '说明 Note',
      '金额取自已出具结算单的行（按 SKU）；作业不分摊金额 Amounts are the issued statement lines (per SKU); jobs carry ' +
        'quantities only',
    ],
  ];
}

function skuSheet(u: UsageDocument): XlsxSheet {
  const amounts = u.skus.flatMap((s) => (s.amount == null ? [] : [new Decimal(s.amount)]));
  return {
    name: '按SKU By SKU',
    preamble: preamble(u),
    columns: [
      { header: 'SKU', kind: 'text', width: 22 },
      { header: '数量 Quantity', kind: 'quantity' },
      { header: '单位 Unit', kind: 'text', width: 12 },
      { header: '基础数量 Base quantity', kind: 'quantity', width: 18 },
      { header: '基础单位 Base unit', kind: 'text', width: 14 },
      { header: '记录数 Records', kind: 'quantity' },
      { header: '金额 Amount', kind: 'money' },
    ],
    rows: u.skus.map((s) => [s.sku, s.quantity, s.billingUnit, s.quantityBase, s.baseUnit, s.records, s.amount]),
    total: u.statementNumber ? { label: '合计 Total', amounts: { 6: formatAmount(sum(amounts)) } } : undefined,
  };
}

function jobsSheet(u: UsageDocument): XlsxSheet {
  return {
    name: '作业明细 Jobs',
    preamble: [],
    columns: [
      { header: '作业 Job id', kind: 'text', width: 30 },
      { header: '作业类型 Job type', kind: 'text', width: 14 },
      { header: 'SKU', kind: 'text', width: 22 },
      { header: '集群 Clusters', kind: 'text', width: 24 },
      { header: '数量 Quantity', kind: 'quantity' },
      { header: '单位 Unit', kind: 'text', width: 12 },
      { header: '基础数量 Base quantity', kind: 'quantity', width: 18 },
    ],
    rows: u.jobs.map((j) => [
      j.jobId,
      j.jobType,
      j.sku,
      j.clusters.join(' '),
      j.quantity,
      j.billingUnit,
      j.quantityBase,
    ]),
  };
}

/** A tenant's usage detail of a period as Excel: per SKU (with the statement's amounts) and per job. */
export function renderUsageXlsx(u: UsageDocument): Promise<RenderedExport> {
  return renderWorkbook([skuSheet(u), jobsSheet(u)], {
    fixedDate: u.asOf,
    title: `用量明细 ${u.tenant.id} ${u.periodId}`,
    filename: `usage-${u.tenant.id}-${u.periodId}.xlsx`,
  });
}
