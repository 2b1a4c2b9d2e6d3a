import { assembleStatement, testing, type StatementView } from '@park/billing-domain';
import { renderStatementCsv } from './statement-csv.renderer';
import type { StatementDocument } from './statement-export.types';
import { taxBreakdown } from './statement-pdf-tax.section';
import { percent } from './statement-tax.rows';

const docOf = (view: StatementView): StatementDocument => ({
  number: 'JS-202610-tenant-a',
  status: 'issued',
  periodId: '2026-10',
  issuedAt: new Date('2026-11-01T02:00:00Z'),
  tenant: { id: 'tenant-a', name: '星云智能科技有限公司', unifiedSocialCreditCode: null },
  view,
});

const viewOf = () =>
  assembleStatement({
    tenantId: 'tenant-a',
    periodId: '2026-10',
    lines: [
      testing.aLine({ lineId: 'a', amount: '1000.00', periodId: '2026-10', tenantId: 'tenant-a' }),
      testing.aLine({ lineId: 'b', amount: '0.10', periodId: '2026-10', tenantId: 'tenant-a' }),
    ],
    deductions: [],
    programmes: [],
  });

describe('tax in the exports', () => {
  it('writes rates as percentages exactly', () => {
    expect(['0.06', '0.09', '0.13', '0', '0.015', '0.0625'].map(percent)).toEqual([
      '6%',
      '9%',
      '13%',
      '0%',
      '1.5%',
      '6.25%',
    ]);
  });

  it('CSV: each line with its rate, 金额, 税额 and 价税合计, then the tax totals and the tenant invoice', () => {
    const text = renderStatementCsv(docOf(viewOf())).content.toString('utf8');
    expect(text).toContain(',税率 VAT rate,不含税金额 Excl. VAT,税额 VAT,价税合计 Incl. VAT\r\n');
    expect(text).toContain(',6%,943.40,56.60,1000.00\r\n');
    expect(text).toContain(',6%,0.09,0.01,0.10\r\n');
    expect(text).toContain('税额合计 Total VAT,56.61\r\n');
    expect(text).toContain('企业发票 价税合计 Tenant invoice incl. VAT,1000.10\r\n');
  });

  it('a view frozen before tax was data still renders, with empty tax cells and no tax summary', () => {
    // as stored before issue 16: no tax keys anywhere (JSON round trip drops the undefined ones)
    const drop = new Set([
      'taxTotals',
      'invoiceable',
      'invoicingByProgramme',
      'vatRate',
      'taxInclusive',
      'amountExclTax',
    ]);
    ['tax', 'amountInclTax'].forEach((k) => drop.add(k));
    const bare = JSON.parse(
      JSON.stringify(viewOf(), (k, v: unknown) => (drop.has(k) ? undefined : v)),
    ) as StatementView;
    const text = renderStatementCsv(docOf(bare)).content.toString('utf8');
    expect(text).toContain('应付金额 Net payable,1000.10\r\n');
    expect(text).not.toContain('税额合计');
    expect(taxBreakdown(bare)).toBeNull();
  });

  it('PDF breakdown: sums per rate equal the statement totals', () => {
    const t = taxBreakdown(viewOf());
    expect(t?.byRate).toEqual([['6%  价格含税 incl. prices', '943.49', '56.61', '1000.10']]);
  });
});
