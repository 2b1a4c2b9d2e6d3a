import type { StatementLineView, StatementView } from '@park/billing-domain';

// Tax (issue 16) as the CSV, Excel and PDF exports show it. Views frozen before tax was data have no tax fields:
// their lines show empty tax cells and the tax summary is left out (they were all 6 %, tax-inclusive).

export const LINE_TAX_HEADERS = ['税率 VAT rate', '不含税金额 Excl. VAT', '税额 VAT', '价税合计 Incl. VAT'] as const;

/** "6%" from "0.06" (a rate has at most 4 decimals, so the percentage is exact). */
export function percent(rate: string): string {
  const [int, frac = ''] = rate.split('.');
  const digits = `${int}${frac.padEnd(2, '0')}`;
  const whole = digits.slice(0, int.length + 2).replace(/^0+(?=\d)/, '');
  const rest = digits.slice(int.length + 2).replace(/0+$/, '');
  return `${whole}${rest ? `.${rest}` : ''}%`;
}

export function lineTaxCells(l: StatementLineView): (string | null)[] {
  return [l.vatRate ? percent(l.vatRate) : null, l.amountExclTax ?? null, l.tax ?? null, l.amountInclTax ?? null];
}

const MODE_LABEL = {
  tenant_full: '企业全额开票 tenant invoiced in full',
  tenant_net: '企业按实付开票 tenant invoiced net',
  bureau_share: '向主管部门开票 bureau invoiced',
} as const;

/** [label, amount] rows: tax totals, what the tenant's invoice covers, and each programme's share and invoicing. */
export function taxSummaryRows(v: StatementView): [string, string][] {
  if (!v.taxTotals) return [];
  const names = new Map(v.deductionsByProgramme.map((p) => [p.programmeId, p.name]));
  return [
    ['不含税金额合计 Total excl. VAT', v.taxTotals.amountExclTax],
    ['税额合计 Total VAT', v.taxTotals.tax],
    ['价税合计 Total incl. VAT', v.taxTotals.amountInclTax],
    ...(v.invoiceable
      ? ([
          ['企业发票 价税合计 Tenant invoice incl. VAT', v.invoiceable.amountInclTax],
          ['企业发票 金额 Tenant invoice excl. VAT', v.invoiceable.amountExclTax],
          ['企业发票 税额 Tenant invoice VAT', v.invoiceable.tax],
        ] as [string, string][])
      : []),
    ...(v.invoicingByProgramme ?? []).flatMap((p): [string, string][] => [
      [`${names.get(p.programmeId) ?? p.programmeId}: ${MODE_LABEL[p.invoicing]}`, p.share.amountInclTax],
      [
        `${names.get(p.programmeId) ?? p.programmeId}: 主管部门发票 Bureau invoice incl. VAT`,
        p.bureauInvoiced.amountInclTax,
      ],
    ]),
  ];
}
