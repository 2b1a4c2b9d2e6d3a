import { DownloadOutlined } from '@ant-design/icons';
import { ProCard, ProDescriptions, ProTable } from '@ant-design/pro-components';
import { Button, Space, Tag, message } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, download, ok } from '../../api/client';
import type { StatementDetail, StatementLine } from '../../api/views';
import { LoadState, useLoad } from '../../components/load-state';
import { saveFile, sha256Hex } from '../../format/digest';
import { isZeroAmount } from '../../format/money';
import { useLocale } from '../../i18n/locale';
import { isOperator, type SessionUser } from '../../auth/session';
import { StatementSettlement } from './statement-settlement';
import { LineDispute } from './line-dispute';
import { StatementTaxCard, hasLineTax, lineTaxColumns } from './statement-tax';
import { StatementChargesCard } from './statement-charges';
import { quantityColumn } from './statement-columns';
import { XlsxDownload } from '../../components/xlsx-download';

const EXPORT_FORMATS = ['pdf', 'csv', 'xlsx'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];
const DIGEST_OF = { pdf: 'pdfSha256', csv: 'csvSha256', xlsx: 'xlsxSha256' } as const;
const MIME_TYPE = {
  pdf: 'application/pdf',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
const DOWNLOAD_LABEL = { pdf: 'downloadPdf', csv: 'downloadCsv', xlsx: 'downloadXlsx' } as const;

/**
 * One issued statement: totals, lines (each with its dispute, 申诉), and its PDF / CSV / Excel checked against the
 * digests the API recorded.
 */
export function StatementDetailPage({ user }: { user: SessionUser }) {
  const { tenantId = '', periodId = '' } = useParams();
  const { t, yuan, time, status, term, errorText } = useLocale();
  const [checked, setChecked] = useState<Record<string, boolean>>({});
  const detail = useLoad(
    () =>
      ok<StatementDetail>(
        api.GET('/v1/tenants/{tenantId}/statements/{periodId}', { params: { path: { tenantId, periodId } } }),
      ),
    [tenantId, periodId],
  );
  const fetchFile = async (format: ExportFormat, expected: string | null) => {
    try {
      const file = await download(
        `/v1/tenants/${encodeURIComponent(tenantId)}/statements/${encodeURIComponent(periodId)}/export.${format}`,
      );
      const digest = await sha256Hex(file.bytes);
      // a format never exported before has no digest on the statement yet: the API records it now and sends it
      setChecked((c) => ({ ...c, [format]: digest === (expected ?? file.sha256) }));
      saveFile(file.bytes, file.filename, MIME_TYPE[format]);
    } catch (error) {
      void message.error(errorText(error));
    }
  };
  return (
    <LoadState loaded={detail}>
      {({ statement: s, disputes }) => (
        <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="statement-detail">
          <ProCard
            title={`${t('statement')} ${s.number}`}
            extra={<Link to={`/tenants/${tenantId}/statements`}>{t('back')}</Link>}
            bordered
          >
            <ProDescriptions column={{ xs: 1, md: 3 }}>
              <ProDescriptions.Item label={t('period')}>{s.periodId}</ProDescriptions.Item>
              <ProDescriptions.Item label={t('status')}>
                <Tag>{status(s.status)}</Tag>
              </ProDescriptions.Item>
              <ProDescriptions.Item label={t('issuedAt')}>{time(s.issuedAt)}</ProDescriptions.Item>
              <ProDescriptions.Item label={t('gross')}>{yuan(s.gross)}</ProDescriptions.Item>
              <ProDescriptions.Item label={t('deductions')}>{yuan(s.deductions)}</ProDescriptions.Item>
              {!isZeroAmount(s.chargesAmount) && (
                <ProDescriptions.Item label={t('chargesTotal')}>{yuan(s.chargesAmount)}</ProDescriptions.Item>
              )}
              <ProDescriptions.Item label={t('netPayable')}>
                <b data-testid="statement-net">{yuan(s.netPayable)}</b>
              </ProDescriptions.Item>
            </ProDescriptions>
            <Space wrap style={{ marginTop: 8 }}>
              {EXPORT_FORMATS.map((format) => (
                <Space key={format}>
                  <Button
                    icon={<DownloadOutlined />}
                    data-testid={`download-${format}`}
                    onClick={() => void fetchFile(format, s[DIGEST_OF[format]])}
                  >
                    {t(DOWNLOAD_LABEL[format])}
                  </Button>
                  {format in checked && (
                    <Tag color={checked[format] ? 'green' : 'red'} data-testid={`digest-${format}`}>
                      {t(checked[format] ? 'digestOk' : 'digestBad')}
                    </Tag>
                  )}
                </Space>
              ))}
              <XlsxDownload
                path={`/v1/tenants/${encodeURIComponent(tenantId)}/usage.xlsx?period=${encodeURIComponent(periodId)}`}
                label={t('downloadUsageXlsx')}
                testId="download-usage-xlsx"
              />
            </Space>
          </ProCard>
          <ProTable<StatementLine>
            headerTitle={t('lines')}
            rowKey="lineId"
            search={false}
            options={false}
            pagination={{ pageSize: 20 }}
            dataSource={s.view.lines}
            scroll={{ x: hasLineTax(s.view.lines) ? 1400 : 1000 }}
            data-testid="statement-lines"
            columns={[
              { title: t('sku'), dataIndex: 'sku' },
              { title: t('jobType'), dataIndex: 'jobType', render: (_, l) => term('job', l.jobType) },
              quantityColumn(t),
              { title: t('unitPrice'), dataIndex: 'unitPrice', align: 'right', render: (_, l) => yuan(l.unitPrice) },
              { title: t('amount'), dataIndex: 'amount', align: 'right', render: (_, l) => yuan(l.amount) },
              ...lineTaxColumns(s.view.lines, { t, yuan }),
              {
                title: t('deductions'),
                dataIndex: 'onBillDeductions',
                align: 'right',
                render: (_, l) => yuan(l.onBillDeductions),
              },
              { title: t('net'), dataIndex: 'net', align: 'right', render: (_, l) => yuan(l.net) },
              {
                title: t('dispute'),
                dataIndex: 'lineId',
                render: (_, l) => (
                  <LineDispute
                    user={user}
                    tenantId={tenantId}
                    periodId={periodId}
                    lineId={l.lineId}
                    dispute={[...disputes].reverse().find((d) => d.lineId === l.lineId) ?? null}
                    onChange={detail.reload}
                  />
                ),
              },
            ]}
          />
          <StatementChargesCard view={s.view} />
          <StatementTaxCard view={s.view} />
          <StatementSettlement
            tenantId={tenantId}
            periodId={periodId}
            canRecord={isOperator(user.role)}
            onChange={detail.reload}
          />
        </Space>
      )}
    </LoadState>
  );
}
