import { ProCard } from '@ant-design/pro-components';
import { Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { XlsxDownload } from '../../components/xlsx-download';
import { useLocale } from '../../i18n/locale';
import type { MessageKey } from '../../i18n/messages';

const INVOICE_TYPES = ['special', 'ordinary'] as const;

/**
 * "批量开具导出": a period's invoice requests in the 数电票 bulk-issue template, one invoice per issued statement,
 * as 专票 or 普票 (GET /v1/periods/{periodId}/invoice-requests.xlsx; the park's, as the close above).
 */
export function BulkInvoiceExport({ periods }: { periods: string[] }) {
  const { t } = useLocale();
  const [period, setPeriod] = useState(periods[0]);
  const [invoiceType, setInvoiceType] = useState<(typeof INVOICE_TYPES)[number]>('special');
  const path = `/v1/periods/${encodeURIComponent(period)}/invoice-requests.xlsx?invoiceType=${invoiceType}`;
  return (
    <ProCard title={t('bulkInvoiceExport')} bordered data-testid="bulk-invoice-card">
      <Typography.Paragraph type="secondary">{t('bulkInvoiceHint')}</Typography.Paragraph>
      <Space wrap>
        <Select
          data-testid="bulk-invoice-period"
          value={period}
          onChange={setPeriod}
          style={{ width: 140 }}
          options={periods.map((p) => ({ value: p, label: p }))}
        />
        <Select
          data-testid="bulk-invoice-type"
          value={invoiceType}
          onChange={setInvoiceType}
          style={{ width: 240 }}
          options={INVOICE_TYPES.map((type) => ({ value: type, label: t(`bulkType.${type}` as MessageKey) }))}
        />
        <XlsxDownload key={path} path={path} label={t('downloadXlsx')} testId="bulk-invoice-download" />
      </Space>
    </ProCard>
  );
}
