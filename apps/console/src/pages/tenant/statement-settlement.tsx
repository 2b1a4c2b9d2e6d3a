import { ProCard, ProDescriptions, ProTable } from '@ant-design/pro-components';
import { Button, Form, Input, Select, Space, Tag, message } from 'antd';
import { useState } from 'react';
import { api, download, ok } from '../../api/client';
import type { SettlementTotals, StatementInvoice, StatementPayment } from '../../api/views';
import { useApiSubmit } from '../../components/api-issues';
import { FormModal } from '../../components/form-modal';
import { LoadState, useLoad } from '../../components/load-state';
import { saveFile } from '../../format/digest';
import { useLocale } from '../../i18n/locale';
import type { MessageKey } from '../../i18n/messages';

type Lists = {
  invoices: SettlementTotals & { items: StatementInvoice[] };
  payments: SettlementTotals & { status: string; items: StatementPayment[] };
};
type Dialog = 'invoice' | 'payment' | { void: string } | { reverse: string } | null;
const TYPES = ['digital', 'special', 'ordinary'] as const;

/** The file as base64 and its type (by extension: .ofd, else PDF); the API checks the bytes. */
async function fileBody(file: File) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const contentType = file.name.toLowerCase().endsWith('.ofd') ? 'application/ofd' : 'application/pdf';
  return { contentType, contentBase64: btoa(binary) };
}

/**
 * "发票与收款" of a statement: its invoices and payments with the balance. An operator records invoices (with the
 * PDF or OFD) and payments, voids an invoice or reverses a payment with a reason; a tenant reads.
 */
export function StatementSettlement(props: {
  tenantId: string;
  periodId: string;
  canRecord: boolean;
  onChange(): void;
}) {
  const { tenantId, periodId, canRecord } = props;
  const { t, yuan, status, errorText } = useLocale();
  const [dialog, setDialog] = useState<Dialog>(null);
  const path = { params: { path: { tenantId, periodId } } };
  const lists = useLoad(async (): Promise<Lists> => {
    const [invoices, payments] = await Promise.all([
      ok<Lists['invoices']>(api.GET('/v1/tenants/{tenantId}/statements/{periodId}/invoices', path)),
      ok<Lists['payments']>(api.GET('/v1/tenants/{tenantId}/statements/{periodId}/payments', path)),
    ]);
    return { invoices, payments };
  }, [tenantId, periodId]);
  const closed = (saved: boolean) => {
    setDialog(null);
    if (saved) {
      lists.reload();
      props.onChange();
    }
  };
  const fetchInvoice = async (i: StatementInvoice) => {
    try {
      const base = `/v1/tenants/${encodeURIComponent(tenantId)}/statements/${encodeURIComponent(periodId)}`;
      const file = await download(`${base}/invoices/${encodeURIComponent(i.id)}/file`);
      saveFile(file.bytes, file.filename, i.file?.contentType ?? 'application/pdf');
    } catch (error) {
      void message.error(errorText(error));
    }
  };
  return (
    <LoadState loaded={lists}>
      {({ invoices, payments }) => (
        <ProCard title={t('settlementTitle')} bordered data-testid="statement-settlement">
          <ProDescriptions column={{ xs: 1, md: 4 }}>
            <ProDescriptions.Item label={t('status')}>
              <Tag>{status(payments.status)}</Tag>
            </ProDescriptions.Item>
            <ProDescriptions.Item label={t('invoicedTotal')}>{yuan(invoices.invoicedTotal)}</ProDescriptions.Item>
            <ProDescriptions.Item label={t('paidTotal')}>{yuan(payments.paidTotal)}</ProDescriptions.Item>
            <ProDescriptions.Item label={t('balance')}>
              <b data-testid="statement-balance">{yuan(payments.balance)}</b>
            </ProDescriptions.Item>
          </ProDescriptions>
          <ProTable<StatementInvoice>
            headerTitle={t('invoices')}
            rowKey="id"
            search={false}
            options={false}
            pagination={false}
            dataSource={invoices.items}
            data-testid="statement-invoices"
            toolBarRender={() =>
              canRecord
                ? [
                    <Button key="add" data-testid="invoice-add" onClick={() => setDialog('invoice')}>
                      {t('recordInvoice')}
                    </Button>,
                  ]
                : []
            }
            columns={[
              {
                title: t('invoiceType'),
                dataIndex: 'type',
                render: (_, i) => t(`invoiceType.${i.type}` as MessageKey),
              },
              { title: t('invoiceNumber'), dataIndex: 'number' },
              { title: t('issuedOn'), dataIndex: 'issuedOn' },
              {
                title: t('amountExclTax'),
                dataIndex: 'amountExclTax',
                align: 'right',
                render: (_, i) => yuan(i.amountExclTax),
              },
              { title: t('tax'), dataIndex: 'tax', align: 'right', render: (_, i) => yuan(i.tax) },
              {
                title: t('amountInclTax'),
                dataIndex: 'amountInclTax',
                align: 'right',
                render: (_, i) => yuan(i.amountInclTax),
              },
              {
                title: '',
                key: 'actions',
                render: (_, i) => (
                  <Space>
                    {i.voided && (
                      <Tag color="red" title={i.voidReason ?? ''}>
                        {t('voided')}
                      </Tag>
                    )}
                    {i.file && (
                      <Button size="small" onClick={() => void fetchInvoice(i)}>
                        {i.file.contentType === 'application/ofd' ? 'OFD' : 'PDF'}
                      </Button>
                    )}
                    {canRecord && !i.voided && (
                      <Button size="small" danger onClick={() => setDialog({ void: i.id })}>
                        {t('voidInvoice')}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
          <ProTable<StatementPayment>
            headerTitle={t('payments')}
            rowKey="id"
            search={false}
            options={false}
            pagination={false}
            dataSource={payments.items}
            data-testid="statement-payments"
            toolBarRender={() =>
              canRecord
                ? [
                    <Button key="add" data-testid="payment-add" onClick={() => setDialog('payment')}>
                      {t('recordPayment')}
                    </Button>,
                  ]
                : []
            }
            columns={[
              { title: t('receivedOn'), dataIndex: 'receivedOn' },
              { title: t('amount'), dataIndex: 'amount', align: 'right', render: (_, p) => yuan(p.amount) },
              { title: t('bankReference'), dataIndex: 'bankReference' },
              { title: t('payer'), dataIndex: 'payer', render: (_, p) => p.payer ?? '' },
              {
                title: '',
                key: 'actions',
                render: (_, p) =>
                  p.reversed ? (
                    <Tag color="red" title={p.reversalReason ?? ''}>
                      {t('reversed')}
                    </Tag>
                  ) : canRecord ? (
                    <Button size="small" danger onClick={() => setDialog({ reverse: p.id })}>
                      {t('reversePayment')}
                    </Button>
                  ) : null,
              },
            ]}
          />
          {dialog !== null && (
            <SettlementDialog dialog={dialog} tenantId={tenantId} periodId={periodId} onClose={closed} />
          )}
        </ProCard>
      )}
    </LoadState>
  );
}

/** Record an invoice or a payment, void or reverse one: the API's messages land on the fields they name. */
function SettlementDialog(props: {
  dialog: Exclude<Dialog, null>;
  tenantId: string;
  periodId: string;
  onClose(saved: boolean): void;
}) {
  const { dialog, tenantId, periodId } = props;
  const { t } = useLocale();
  const [form] = Form.useForm();
  const { submit, busy, alert } = useApiSubmit(form);
  const [file, setFile] = useState<File | null>(null);
  const base = { tenantId, periodId };
  const save = async () => {
    const values = form.getFieldsValue(true) as Record<string, string>;
    const saved = await submit(async () => {
      if (dialog === 'invoice') {
        const body = { ...values, ...(file ? { file: await fileBody(file) } : {}) };
        const params = { path: base };
        return ok(api.POST('/v1/tenants/{tenantId}/statements/{periodId}/invoices', { params, body } as never));
      }
      if (dialog === 'payment') {
        const body = { ...values, payer: values.payer || undefined };
        return ok(
          api.POST('/v1/tenants/{tenantId}/statements/{periodId}/payments', { params: { path: base }, body } as never),
        );
      }
      const body = { reason: values.reason };
      if ('void' in dialog) {
        const params = { path: { ...base, invoiceId: dialog.void } };
        return ok(api.POST('/v1/tenants/{tenantId}/statements/{periodId}/invoices/{invoiceId}/void', { params, body }));
      }
      const params = { path: { ...base, paymentId: dialog.reverse } };
      return ok(
        api.POST('/v1/tenants/{tenantId}/statements/{periodId}/payments/{paymentId}/reverse', { params, body }),
      );
    });
    if (saved) props.onClose(true);
  };
  const title =
    dialog === 'invoice'
      ? t('recordInvoice')
      : dialog === 'payment'
        ? t('recordPayment')
        : 'void' in dialog
          ? t('voidInvoice')
          : t('reversePayment');
  return (
    <FormModal
      title={title}
      busy={busy}
      saveTestId="settlement-save"
      onSave={() => void save()}
      onCancel={() => props.onClose(false)}
    >
      {alert}
      <Form form={form} layout="vertical" initialValues={dialog === 'invoice' ? { type: 'digital' } : {}}>
        {dialog === 'invoice' && (
          <>
            <Form.Item name="type" label={t('invoiceType')}>
              <Select options={TYPES.map((type) => ({ value: type, label: t(`invoiceType.${type}` as MessageKey) }))} />
            </Form.Item>
            <Form.Item name="number" label={t('invoiceNumber')}>
              <Input data-testid="invoice-number" />
            </Form.Item>
            <Form.Item name="issuedOn" label={t('issuedOn')}>
              <Input placeholder="2026-11-03" />
            </Form.Item>
            <Form.Item name="amountExclTax" label={t('amountExclTax')}>
              <Input />
            </Form.Item>
            <Form.Item name="tax" label={t('tax')}>
              <Input />
            </Form.Item>
            <Form.Item name="amountInclTax" label={t('amountInclTax')}>
              <Input />
            </Form.Item>
            <Form.Item label={t('invoiceFile')}>
              <input type="file" accept=".pdf,.ofd" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            </Form.Item>
          </>
        )}
        {dialog === 'payment' && (
          <>
            <Form.Item name="receivedOn" label={t('receivedOn')}>
              <Input placeholder="2026-11-10" />
            </Form.Item>
            <Form.Item name="amount" label={t('amount')}>
              <Input data-testid="payment-amount" />
            </Form.Item>
            <Form.Item name="bankReference" label={t('bankReference')}>
              <Input />
            </Form.Item>
            <Form.Item name="payer" label={t('payer')}>
              <Input />
            </Form.Item>
          </>
        )}
        {typeof dialog === 'object' && (
          <Form.Item name="reason" label={t('entryReason')}>
            <Input.TextArea rows={2} />
          </Form.Item>
        )}
      </Form>
    </FormModal>
  );
}
