import { ProCard, ProDescriptions, type ProColumns } from '@ant-design/pro-components';
import { Tag, Typography } from 'antd';
import { DetailTable } from '../../components/detail-table';
import type { StatementLine } from '../../api/views';
import type { StatementTax } from '../../api/tax-views';
import { formatPercent } from '../../format/percent';
import { useLocale } from '../../i18n/locale';
import type { MessageKey } from '../../i18n/messages';

/** Whether a statement's lines carry their tax (statements issued before tax was data do not). */
export const hasLineTax = (lines: StatementLine[]) => lines.some((l) => l.vatRate !== undefined);

/** 税率 / 不含税金额 / 税额 / 价税合计 columns of the lines table; none when the statement has no tax per line. */
export function lineTaxColumns(
  lines: StatementLine[],
  { t, yuan }: Pick<ReturnType<typeof useLocale>, 't' | 'yuan'>,
): ProColumns<StatementLine>[] {
  if (!hasLineTax(lines)) return [];
  return [
    {
      title: t('vatRate'),
      dataIndex: 'vatRate',
      align: 'right',
      render: (_, l) => <span data-testid="line-vat-rate">{formatPercent(l.vatRate)}</span>,
    },
    { title: t('amountExclTax'), dataIndex: 'amountExclTax', align: 'right', render: (_, l) => yuan(l.amountExclTax) },
    { title: t('tax'), dataIndex: 'tax', align: 'right', render: (_, l) => yuan(l.tax) },
    { title: t('amountInclTax'), dataIndex: 'amountInclTax', align: 'right', render: (_, l) => yuan(l.amountInclTax) },
  ];
}

type ProgrammeRow = NonNullable<StatementTax['invoicingByProgramme']>[number];

/**
 * "税额 VAT": the statement's tax totals, what the tenant's 发票 covers (企业发票金额), and per programme with a
 * voucher deduction who is invoiced for its share. Nothing for statements issued before tax was data.
 */
export function StatementTaxCard({ view }: { view: StatementTax }) {
  const { t, yuan } = useLocale();
  const totals = view.taxTotals;
  if (!totals) return null;
  const names = new Map((view.deductionsByProgramme ?? []).map((p) => [p.programmeId, p.name]));
  const programmes = view.invoicingByProgramme ?? [];
  return (
    <ProCard title={t('taxCard')} bordered data-testid="statement-tax">
      <ProDescriptions column={{ xs: 1, md: 3 }}>
        <ProDescriptions.Item label={t('taxTotalExcl')}>{yuan(totals.amountExclTax)}</ProDescriptions.Item>
        <ProDescriptions.Item label={t('taxTotalTax')}>
          <span data-testid="statement-tax-total">{yuan(totals.tax)}</span>
        </ProDescriptions.Item>
        <ProDescriptions.Item label={t('taxTotalIncl')}>{yuan(totals.amountInclTax)}</ProDescriptions.Item>
        {view.invoiceable && (
          <ProDescriptions.Item label={t('invoiceable')} tooltip={t('invoiceableHint')}>
            <b data-testid="statement-invoiceable">{yuan(view.invoiceable.amountInclTax)}</b>
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              {t('amountExclTax')} {yuan(view.invoiceable.amountExclTax)} · {t('tax')} {yuan(view.invoiceable.tax)}
            </Typography.Text>
          </ProDescriptions.Item>
        )}
      </ProDescriptions>
      {programmes.length > 0 && (
        <DetailTable<ProgrammeRow>
          rowKey="programmeId"
          dataSource={programmes}
          testId="statement-tax-programmes"
          scroll={{ x: 700 }}
          columns={[
            { title: t('programme'), dataIndex: 'programmeId', render: (id: string) => names.get(id) ?? id },
            {
              title: t('invoicing'),
              dataIndex: 'invoicing',
              render: (mode: string) => (
                <Tag title={t(`invoicingHelp.${mode}` as MessageKey)}>{t(`invoicing.${mode}` as MessageKey)}</Tag>
              ),
            },
            {
              title: t('voucherShare'),
              key: 'share',
              align: 'right',
              render: (_, p) => yuan(p.share.amountInclTax),
            },
            {
              title: t('bureauInvoiced'),
              key: 'bureau',
              align: 'right',
              render: (_, p) => yuan(p.bureauInvoiced.amountInclTax),
            },
          ]}
        />
      )}
    </ProCard>
  );
}
