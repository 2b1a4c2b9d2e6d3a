import { ProCard, ProDescriptions } from '@ant-design/pro-components';
import { Table } from 'antd';
import type { StatementAdjustment, StatementChargeLine, StatementView } from '../../api/views';
import { formatDecimal } from '../../format/money';
import { useLocale } from '../../i18n/locale';

/**
 * What a statement bills besides its period's lines, so that the page adds up: gross = the period's usage + the
 * adjustments of earlier periods (late usage), and net payable = gross − deductions + charges, where charges are
 * amounts billed back (兑付核减, 追缴) and credits (申诉贷记) applied — a credit larger than the statement is applied up
 * to its amount, the rest carried to the next statement (结转下期). Nothing for a statement with neither.
 */
export function StatementChargesCard({ view }: { view: StatementView }) {
  const { t, yuan, term } = useLocale();
  const adjustments = view.adjustments ?? [];
  const charges = view.charges ?? [];
  if (adjustments.length === 0 && charges.length === 0) return null;
  const totals = view.totals;
  return (
    <ProCard title={t('beyondLines')} bordered data-testid="statement-charges">
      <ProDescriptions column={{ xs: 1, md: 3 }}>
        <ProDescriptions.Item label={t('usageOfPeriod')}>{yuan(totals.usage)}</ProDescriptions.Item>
        <ProDescriptions.Item label={t('adjustmentsOfEarlier')}>{yuan(totals.adjustments)}</ProDescriptions.Item>
        <ProDescriptions.Item label={t('chargesTotal')}>
          <span data-testid="statement-charges-total">{yuan(totals.charges)}</span>
        </ProDescriptions.Item>
        {totals.creditApplied !== undefined && (
          <ProDescriptions.Item label={t('creditApplied')}>
            <span data-testid="statement-credit-applied">{yuan(totals.creditApplied)}</span>
          </ProDescriptions.Item>
        )}
        {totals.creditCarriedForward !== undefined && (
          <ProDescriptions.Item label={t('creditCarriedForward')}>
            <span data-testid="statement-credit-carried">{yuan(totals.creditCarriedForward)}</span>
          </ProDescriptions.Item>
        )}
      </ProDescriptions>
      {charges.length > 0 && (
        <Table<StatementChargeLine>
          size="small"
          rowKey="chargeId"
          pagination={false}
          dataSource={charges}
          data-testid="statement-charge-lines"
          columns={[
            { title: t('chargeSource'), dataIndex: 'kind', render: (_, c) => term('charge', c.kind) },
            { title: t('entryReason'), dataIndex: 'reason' },
            { title: t('chargeBilled'), dataIndex: 'amount', align: 'right', render: (_, c) => yuan(c.amount) },
            {
              title: t('creditCarriedForward'),
              dataIndex: 'carriedForward',
              align: 'right',
              render: (_, c) => (c.carriedForward === undefined ? '' : yuan(c.carriedForward)),
            },
          ]}
        />
      )}
      {adjustments.map((a) => (
        <Table<StatementAdjustment['lines'][number]>
          key={a.periodId}
          size="small"
          rowKey="lineId"
          pagination={false}
          title={() => `${t('adjustmentOf')} ${a.periodId} · ${yuan(a.subtotal)}`}
          dataSource={a.lines}
          data-testid={`statement-adjustment-${a.periodId}`}
          columns={[
            { title: t('sku'), dataIndex: 'sku' },
            {
              title: t('quantity'),
              dataIndex: 'quantity',
              align: 'right',
              render: (_, l) => `${formatDecimal(l.quantity, 0)} ${l.billingUnit}`,
            },
            { title: t('amount'), dataIndex: 'amount', align: 'right', render: (_, l) => yuan(l.amount) },
            { title: t('net'), dataIndex: 'net', align: 'right', render: (_, l) => yuan(l.net) },
          ]}
        />
      ))}
    </ProCard>
  );
}
