import { ProCard } from '@ant-design/pro-components';
import { Alert, Button, Form, Input, Modal, Select, Space, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, ok } from '../../api/client';
import type { Clawback, Programme } from '../../api/operator-views';
import { useApiSubmit } from '../../components/api-issues';
import { useLoad } from '../../components/load-state';
import { LoadedTable } from '../../components/loaded-table';
import { useLocale } from '../../i18n/locale';

/**
 * Clawback (追缴) of a grant obtained by fraud, per programme: the ones made, and a new one behind a confirmation
 * that says what it does (redemptions reversed and billed to the tenant, grant revoked, tenant barred).
 */
export function ClawbacksPage({ mayClawBack }: { mayClawBack: boolean }) {
  const { t, time, yuan } = useLocale();
  const [search, setSearch] = useSearchParams();
  const programmes = useLoad(() => ok<Programme[]>(api.GET('/v1/programmes')), []);
  const programmeId = search.get('programme') ?? programmes.data?.[0]?.id ?? '';
  const clawbacks = useLoad(
    async () =>
      programmeId
        ? ok<Clawback[]>(api.GET('/v1/programmes/{id}/clawbacks', { params: { path: { id: programmeId } } }))
        : [],
    [programmeId],
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Select
        data-testid="clawback-programme"
        style={{ width: 360 }}
        value={programmeId || undefined}
        onChange={(id: string) => setSearch({ programme: id })}
        options={(programmes.data ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.id})` }))}
      />
      {mayClawBack && programmeId && <NewClawback programmeId={programmeId} onDone={clawbacks.reload} />}
      <LoadedTable<Clawback>
        loaded={clawbacks}
        testId="clawbacks-table"
        rowKey="id"
        scrollX={900}
        columns={[
          { title: t('time'), dataIndex: 'createdAt', render: (_, c) => time(c.createdAt) },
          { title: t('clawbackGrant'), dataIndex: 'grantId' },
          { title: t('tenant'), dataIndex: 'tenantId' },
          { title: t('amount'), dataIndex: 'amount', align: 'right', render: (_, c) => yuan(c.amount) },
          { title: t('reason'), dataIndex: 'reason', ellipsis: true },
          { title: t('clawbackReference'), dataIndex: 'reference', render: (_, c) => c.reference ?? '—' },
        ]}
      />
    </Space>
  );
}

function NewClawback({ programmeId, onDone }: { programmeId: string; onDone(): void }) {
  const { t } = useLocale();
  const [form] = Form.useForm();
  const { submit, busy, alert } = useApiSubmit(form);
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string>();
  const clawBack = async () => {
    setConfirming(false);
    const values = form.getFieldsValue(true) as { grantId: string; reason: string; reference?: string };
    const body = { ...values, reference: values.reference || undefined };
    const path = { params: { path: { id: programmeId } }, body };
    if (await submit(() => ok(api.POST('/v1/programmes/{id}/clawbacks', path as never)))) {
      setDone(values.grantId);
      form.resetFields();
      onDone();
    }
  };
  return (
    <ProCard title={t('clawback')} bordered>
      <Form form={form} layout="vertical" style={{ maxWidth: 560 }}>
        <Form.Item name="grantId" label={t('clawbackGrant')}>
          <Input data-testid="clawback-grant" />
        </Form.Item>
        <Form.Item name="reason" label={t('reason')}>
          <Input.TextArea rows={2} data-testid="clawback-reason" />
        </Form.Item>
        <Form.Item name="reference" label={t('clawbackReference')}>
          <Input data-testid="clawback-reference" />
        </Form.Item>
      </Form>
      {alert}
      {done && <Alert type="success" showIcon message={`${t('clawbackDone')}: ${done}`} style={{ marginBottom: 12 }} />}
      <Button danger type="primary" loading={busy} onClick={() => setConfirming(true)} data-testid="clawback-start">
        {t('clawback')}
      </Button>
      <Modal
        open={confirming}
        title={t('clawbackConfirmTitle')}
        onCancel={() => setConfirming(false)}
        onOk={() => void clawBack()}
        okText={t('clawback')}
        cancelText={t('cancel')}
        okButtonProps={{ danger: true, 'data-testid': 'clawback-confirm' } as ButtonProps}
      >
        <Alert type="warning" showIcon message={t('clawbackConfirm')} />
        <p style={{ marginTop: 12 }}>
          {t('clawbackGrant')}: <b data-testid="clawback-confirm-grant">{form.getFieldValue('grantId')}</b>
        </p>
      </Modal>
    </ProCard>
  );
}
