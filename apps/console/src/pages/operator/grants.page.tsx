import { Alert, Button, Form, Input, Popconfirm, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { Programme } from '../../api/operator-views';
import type { Grant } from '../../api/views';
import { useApiSubmit } from '../../components/api-issues';
import { FormModal } from '../../components/form-modal';
import { useLoad } from '../../components/load-state';
import { LoadedTable } from '../../components/loaded-table';
import { TenantPicker, useChosenTenant } from '../../components/tenant-picker';
import { useLocale } from '../../i18n/locale';

/** A tenant's vouchers: issue one under a programme, revoke one. */
export function GrantsPage() {
  const { t, yuan, status, errorText } = useLocale();
  const [tenantId, setTenantId] = useChosenTenant();
  const [issuing, setIssuing] = useState(false);
  const [failure, setFailure] = useState<string>();
  const grants = useLoad(
    async () =>
      tenantId ? ok<Grant[]>(api.GET('/v1/tenants/{tenantId}/grants', { params: { path: { tenantId } } })) : [],
    [tenantId],
  );
  const revoke = async (grantId: string) => {
    setFailure(undefined);
    try {
      const path = { params: { path: { tenantId, grantId } }, body: {} };
      await ok(api.POST('/v1/tenants/{tenantId}/grants/{grantId}/revoke', path as never));
      grants.reload();
    } catch (error) {
      setFailure(errorText(error));
    }
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <TenantPicker value={tenantId} onChange={setTenantId} />
        <Button type="primary" disabled={!tenantId} onClick={() => setIssuing(true)} data-testid="grant-issue">
          {t('grantIssue')}
        </Button>
      </Space>
      {failure && <Alert type="error" showIcon message={failure} />}
      <LoadedTable<Grant>
        loaded={grants}
        testId="grants-table"
        rowKey="id"
        scrollX={900}
        columns={[
          { title: 'ID', dataIndex: 'id' },
          { title: t('programme'), dataIndex: 'programmeId' },
          { title: t('faceValue'), dataIndex: 'faceValue', align: 'right', render: (_, g) => yuan(g.faceValue) },
          { title: t('balance'), dataIndex: 'balance', align: 'right', render: (_, g) => yuan(g.balance) },
          { title: t('validity'), key: 'validity', render: (_, g) => `${g.validFrom} ~ ${g.validTo}` },
          {
            title: t('status'),
            dataIndex: 'status',
            render: (_, g) => (
              <Tag color={g.status === 'active' ? 'green' : 'default'} data-testid={`grant-status-${g.id}`}>
                {status(g.status)}
              </Tag>
            ),
          },
          {
            title: '',
            key: 'revoke',
            render: (_, g) =>
              g.status !== 'revoked' && (
                <Popconfirm title={t('grantRevokeConfirm')} onConfirm={() => revoke(g.id)}>
                  <Button danger size="small" data-testid={`grant-revoke-${g.id}`}>
                    {t('grantRevoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      {issuing && (
        <IssueGrant
          tenantId={tenantId}
          onClose={(saved) => {
            setIssuing(false);
            if (saved) grants.reload();
          }}
        />
      )}
    </Space>
  );
}

function IssueGrant({ tenantId, onClose }: { tenantId: string; onClose(saved: boolean): void }) {
  const { t } = useLocale();
  const [form] = Form.useForm();
  const { submit, busy, alert } = useApiSubmit(form);
  const programmes = useLoad(() => ok<Programme[]>(api.GET('/v1/programmes')), []);
  const save = async () => {
    const body = form.getFieldsValue(true) as object;
    const path = { params: { path: { tenantId } }, body };
    if (await submit(() => ok(api.POST('/v1/tenants/{tenantId}/grants', path as never)))) onClose(true);
  };
  return (
    <FormModal
      title={`${t('grantIssue')} · ${tenantId}`}
      busy={busy}
      saveTestId="grant-save"
      onSave={() => void save()}
      onCancel={() => onClose(false)}
    >
      {alert}
      <Form form={form} layout="vertical" data-testid="grant-form">
        <Form.Item name="id" label="ID">
          <Input data-testid="grant-id" />
        </Form.Item>
        <Form.Item name="programmeId" label={t('programme')}>
          <Select
            data-testid="grant-programme"
            options={(programmes.data ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.id})` }))}
          />
        </Form.Item>
        <Form.Item name="faceValue" label={t('faceValue')}>
          <Input data-testid="grant-face-value" placeholder="300000.00" />
        </Form.Item>
        <Form.Item name="validFrom" label={`${t('validFrom')} (YYYY-MM-DD)`}>
          <Input data-testid="grant-valid-from" />
        </Form.Item>
        <Form.Item name="validTo" label={`${t('validTo')} (YYYY-MM-DD)`}>
          <Input data-testid="grant-valid-to" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
