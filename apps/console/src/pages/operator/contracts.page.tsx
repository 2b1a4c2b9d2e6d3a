import { Button, Form, Input, InputNumber, Space } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { Contract } from '../../api/operator-views';
import { useApiSubmit } from '../../components/api-issues';
import { FormModal } from '../../components/form-modal';
import { useLoad } from '../../components/load-state';
import { LoadedTable } from '../../components/loaded-table';
import { TenantPicker, useChosenTenant } from '../../components/tenant-picker';
import { useLocale } from '../../i18n/locale';

/** A tenant's contracts (discounts, price overrides, committed spend) and a new one. */
export function ContractsPage() {
  const { t, time, yuan } = useLocale();
  const [tenantId, setTenantId] = useChosenTenant();
  const [creating, setCreating] = useState(false);
  const contracts = useLoad(
    async () =>
      tenantId ? ok<Contract[]>(api.GET('/v1/tenants/{tenantId}/contracts', { params: { path: { tenantId } } })) : [],
    [tenantId],
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <TenantPicker value={tenantId} onChange={setTenantId} />
        <Button type="primary" disabled={!tenantId} onClick={() => setCreating(true)} data-testid="contract-new">
          {t('contractNew')}
        </Button>
      </Space>
      <LoadedTable<Contract>
        loaded={contracts}
        testId="contracts-table"
        rowKey="id"
        scrollX={900}
        columns={[
          { title: t('contractNumber'), dataIndex: 'number' },
          { title: t('signedOn'), dataIndex: 'signedOn' },
          { title: t('effectiveFrom'), dataIndex: 'effectiveFrom', render: (_, c) => time(c.effectiveFrom) },
          { title: t('effectiveTo'), dataIndex: 'effectiveTo', render: (_, c) => time(c.effectiveTo) },
          { title: t('discountPercent'), dataIndex: 'discountPercent', align: 'right' },
          {
            title: t('committedMonthlySpend'),
            dataIndex: 'committedMonthlySpend',
            align: 'right',
            render: (_, c) => yuan(c.committedMonthlySpend),
          },
        ]}
      />
      {creating && (
        <NewContract
          tenantId={tenantId}
          onClose={(saved) => {
            setCreating(false);
            if (saved) contracts.reload();
          }}
        />
      )}
    </Space>
  );
}

/** Empty optional fields are left out, so the API's defaults apply and its messages name only what was typed. */
function withoutEmpty(values: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}

function NewContract({ tenantId, onClose }: { tenantId: string; onClose(saved: boolean): void }) {
  const { t } = useLocale();
  const [form] = Form.useForm();
  const { submit, busy, alert } = useApiSubmit(form);
  const save = async () => {
    const body = withoutEmpty(form.getFieldsValue(true) as Record<string, unknown>);
    const saved = await submit(() =>
      ok(api.POST('/v1/tenants/{tenantId}/contracts', { params: { path: { tenantId } }, body } as never)),
    );
    if (saved) onClose(true);
  };
  return (
    <FormModal
      title={`${t('contractNew')} · ${tenantId}`}
      busy={busy}
      saveTestId="contract-save"
      onSave={() => void save()}
      onCancel={() => onClose(false)}
    >
      {alert}
      <Form form={form} layout="vertical" data-testid="contract-form">
        <Form.Item name="id" label="ID">
          <Input data-testid="contract-id" />
        </Form.Item>
        <Form.Item name="number" label={t('contractNumber')}>
          <Input data-testid="contract-number" />
        </Form.Item>
        <Form.Item name="signedOn" label={`${t('signedOn')} (YYYY-MM-DD)`}>
          <Input data-testid="contract-signed-on" />
        </Form.Item>
        <Form.Item name="effectiveFrom" label={`${t('effectiveFrom')} (2026-01-01T00:00:00Z)`}>
          <Input data-testid="contract-effective-from" />
        </Form.Item>
        <Form.Item name="termMonths" label={t('termMonths')}>
          <InputNumber min={1} />
        </Form.Item>
        <Form.Item name="discountPercent" label={t('discountPercent')}>
          <Input data-testid="contract-discount" />
        </Form.Item>
        <Form.Item name="committedMonthlySpend" label={t('committedMonthlySpend')}>
          <Input />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
