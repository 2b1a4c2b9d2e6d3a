import { ProCard } from '@ant-design/pro-components';
import { Alert, Button, Form, Input, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api, ok } from '../../api/client';
import type { Finding, ReconciliationRun } from '../../api/operator-views';
import { useApiSubmit } from '../../components/api-issues';
import { FormModal } from '../../components/form-modal';
import { useLoad } from '../../components/load-state';
import { LoadedTable } from '../../components/loaded-table';
import { useLocale } from '../../i18n/locale';

const POLL_MS = 1000;
const DONE = ['completed', 'failed'];
/** Yesterday (UTC), the last whole day a run can check. */
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

/** Reconciliation: start a run over whole UTC days and watch it, then resolve the open findings with a reason. */
export function ReconciliationPage() {
  const { t, time, status } = useLocale();
  const [form] = Form.useForm();
  const { submit, busy, alert } = useApiSubmit(form);
  const [run, setRun] = useState<ReconciliationRun>();
  const [resolving, setResolving] = useState<Finding>();
  const findings = useLoad(
    () => ok<Finding[]>(api.GET('/v1/reconciliation/findings', { params: { query: { status: 'open' } } })),
    [],
  );

  // poll the run just started until it is done, then show the findings it left open
  useEffect(() => {
    if (!run || DONE.includes(run.status)) return;
    const timer = setTimeout(() => {
      void ok<ReconciliationRun>(
        api.GET('/v1/reconciliation/runs/{runId}', { params: { path: { runId: run.id } } }),
      ).then((next) => {
        setRun(next);
        if (DONE.includes(next.status)) findings.reload();
      });
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [run]);

  const start = () =>
    submit(async () => {
      const body = form.getFieldsValue(true) as object;
      const { id } = await ok<{ id: string }>(api.POST('/v1/reconciliation/runs', { body } as never));
      setRun({ id, status: 'queued' } as ReconciliationRun);
    });

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ProCard title={t('runStart')} bordered>
        <Form form={form} layout="inline" initialValues={{ fromDay: yesterday(), toDay: yesterday() }}>
          <Form.Item name="fromDay" label={t('fromDay')}>
            <Input data-testid="run-from" style={{ width: 130 }} />
          </Form.Item>
          <Form.Item name="toDay" label={t('toDay')}>
            <Input data-testid="run-to" style={{ width: 130 }} />
          </Form.Item>
          <Button type="primary" loading={busy} onClick={() => void start()} data-testid="run-start">
            {t('runStart')}
          </Button>
        </Form>
        <div style={{ marginTop: 12 }}>{alert}</div>
        {run && (
          <div data-testid="run-status" data-status={run.status}>
            {t('run')} {run.id}: <Tag>{status(run.status)}</Tag>
            {run.findings && `${t('findingsOpen')}: ${run.findings.filter((f) => f.status === 'open').length}`}
          </div>
        )}
      </ProCard>
      <ProCard title={t('findingsOpen')} bordered>
        <LoadedTable<Finding>
          loaded={findings}
          testId="findings-table"
          rowKey="id"
          scrollX={1000}
          pageSize={20}
          columns={[
            { title: t('time'), dataIndex: 'createdAt', render: (_, f) => time(f.createdAt) },
            { title: t('kind'), dataIndex: 'kind' },
            { title: t('check'), dataIndex: 'check' },
            { title: t('tenant'), dataIndex: 'tenantId', render: (_, f) => f.tenantId ?? f.day ?? '—' },
            { title: t('expected'), dataIndex: 'expected', align: 'right' },
            { title: t('observed'), dataIndex: 'observed', align: 'right' },
            { title: t('memo'), dataIndex: 'message', ellipsis: true },
            {
              title: '',
              key: 'resolve',
              render: (_, f) => (
                <Button size="small" onClick={() => setResolving(f)} data-testid={`finding-resolve-${f.id}`}>
                  {t('resolve')}
                </Button>
              ),
            },
          ]}
        />
      </ProCard>
      {resolving && (
        <Resolve
          finding={resolving}
          onClose={(saved) => {
            setResolving(undefined);
            if (saved) findings.reload();
          }}
        />
      )}
    </Space>
  );
}

function Resolve({ finding, onClose }: { finding: Finding; onClose(saved: boolean): void }) {
  const { t } = useLocale();
  const [form] = Form.useForm();
  const { submit, busy, alert } = useApiSubmit(form);
  const save = async () => {
    const path = { params: { path: { findingId: finding.id } }, body: form.getFieldsValue(true) as object };
    if (await submit(() => ok(api.POST('/v1/reconciliation/findings/{findingId}/resolve', path as never))))
      onClose(true);
  };
  return (
    <FormModal
      title={`${t('resolve')} · ${finding.check}`}
      busy={busy}
      saveTestId="finding-save"
      onSave={() => void save()}
      onCancel={() => onClose(false)}
    >
      <Alert type="info" message={finding.message} style={{ marginBottom: 12 }} />
      {alert}
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('resolveReason')}>
          <Input.TextArea rows={3} data-testid="finding-reason" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
