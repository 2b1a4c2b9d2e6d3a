import { formatDecimal } from '../../format/money';
import type { StatementLine } from '../../api/views';
import type { useLocale } from '../../i18n/locale';

/** A statement line's quantity in its billing unit ("7,200 GPU·s"), as the lines and the adjustments show it. */
export function quantityColumn(t: ReturnType<typeof useLocale>['t']) {
  return {
    title: t('quantity'),
    dataIndex: 'quantity',
    align: 'right' as const,
    render: (_: unknown, l: StatementLine) => `${formatDecimal(l.quantity, 0)} ${l.billingUnit}`,
  };
}
