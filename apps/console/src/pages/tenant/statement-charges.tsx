import { ProCard, ProDescriptions } from '@ant-design/pro-components';
import { DetailTable } from '../../components/detail-table';
import type { TableColumnsType } from 'antd';
import type { StatementAdjustment, StatementChargeLine, StatementLine, StatementView } from '../../api/views';
import { useLocale } from '../../i18n/locale';
import type { MessageKey } from '../../i18n/messages';
import { quantityColumn } from './statement-columns';

/**
 * What a statement bills besides its period's lines, so that the page adds up: gross = the period's usage + the
 * adjustments of earlier periods (late usage), and net payable = gross − deductions + charges, where charges are
 * amounts billed back (兑付核减, 追缴) and credits (申诉贷记) applied — a credit larger than the statement is applied up
 * to its amount, the rest carried to the next statement (结转下期). Nothing for a statement with neither.
 */
export function StatementChargesCard({ view }: { view: StatementView }) {
  const { t, yuan } = useLocale();
  const adjustments = view.adjustments ?? [];
  const charges = view.charges ?? [];
  if (adjustments.length === 0 && charges.length === 0) return null;
  const totals = view.totals;
  return (
    <ProCard title={t('beyondLines')} bordered data-testid="statement-charges">
      <ProDescriptions column={{ xs: 1, md: 3 }}>
        {[
          ['usageOfPeriod', totals.usage, 'statement-usage'],
          ['adjustmentsOfEarlier', totals.adjustments, 'statement-adjustments-total'],
          ['chargesTotal', totals.charges, 'statement-charges-total'],
          ['creditApplied', totals.creditApplied, 'statement-credit-applied'],
          ['creditCarriedForward', totals.creditCarriedForward, 'statement-credit-carried'],
        ]
          .filter((item): item is [MessageKey, string, string] => item[1] !== undefined)
          .map(([label, amount, testId]) => (
            <ProDescriptions.Item key={label} label={t(label)}>
              <span data-testid={testId}>{yuan(amount)}</span>
            </ProDescriptions.Item>
          ))}
      </ProDescriptions>
      {charges.length > 0 && <ChargeLines charges={charges} />}
      {adjustments.map((a) => (
        <AdjustmentLines key={a.periodId} adjustment={a} />
      ))}
    </ProCard>
  );
}

/** Each charge and credit: what it bills on this statement, and of a credit what is carried to the next one. */
function ChargeLines({ charges }: { charges: StatementChargeLine[] }) {
  const { t, yuan, term } = useLocale();
  const columns: TableColumnsType<StatementChargeLine> = [
    { title: t('chargeSource'), dataIndex: 'kind', render: (_, c) => term('charge', c.kind) },
    { title: t('entryReason'), dataIndex: 'reason' },
    { title: t('chargeBilled'), dataIndex: 'amount', align: 'right', render: (_, c) => yuan(c.amount) },
    {
      title: t('creditCarriedForward'),
      dataIndex: 'carriedForward',
      align: 'right',
      render: (_, c) => (c.carriedForward === undefined ? '' : yuan(c.carriedForward)),
    },
  ];
  return <DetailTable rowKey="chargeId" dataSource={charges} testId="statement-charge-lines" columns={columns} />;
}

/** The lines of one earlier period billed on this statement (late usage), with their subtotal. */
function AdjustmentLines({ adjustment: a }: { adjustment: StatementAdjustment }) {
  const { t, yuan } = useLocale();
  const columns: TableColumnsType<StatementLine> = [
    { title: t('sku'), dataIndex: 'sku' },
    quantityColumn(t),
    { title: t('amount'), dataIndex: 'amount', align: 'right', render: (_, l) => yuan(l.amount) },
    { title: t('net'), dataIndex: 'net', align: 'right', render: (_, l) => yuan(l.net) },
  ];
  return (
    <DetailTable
      rowKey="lineId"
      title={() => `${t('adjustmentOf')} ${a.periodId} · ${yuan(a.subtotal)}`}
      dataSource={a.lines}
      testId={`statement-adjustment-${a.periodId}`}
      columns={columns}
    />
  );
}
