import { UploadOutlined } from '@ant-design/icons';
import { Button, Col, Form, Input, Row, Select } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { ClaimLine } from '../../api/views';
import { useApiSubmit } from '../../components/api-issues';
import { useLocale } from '../../i18n/locale';
import type { MessageKey } from '../../i18n/messages';

/** What each kind of document is about (the API's ITEM_SCOPE): a tenant, a claim line's statement, the claim. */
export const DOCUMENT_SCOPE: Record<string, 'tenant' | 'statement' | 'claim'> = {
  contract: 'tenant',
  invoice: 'statement',
  payment_proof: 'statement',
  non_affiliation_declaration: 'tenant',
  no_double_subsidy_declaration: 'tenant',
  other: 'claim',
};

/** Every checklist item and document kind the console names (the rest are shown as the API sends them). */
export const EVIDENCE_KINDS: readonly string[] = [
  ...Object.keys(DOCUMENT_SCOPE),
  'delivery_certificate',
  'cross_programme_check',
];

interface UploadValues {
  kind: string;
  tenantId?: string;
  statementId?: string;
  label?: string;
}

/** The file's bytes as base64 (the API reads what the file is from its first bytes). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Adds a document to a draft claim: its kind, the tenant or statement the kind is about (from the claim's lines),
 * and the file. The API's issues land on the fields they name, the rest above the button.
 */
export function ClaimDocumentUpload(props: {
  claimId: string;
  lines: ClaimLine[];
  /** The kind to propose: the first supplied item still missing. */
  kind: string;
  onUploaded(): void;
}) {
  const { t } = useLocale();
  const [form] = Form.useForm<UploadValues>();
  const { submit, busy, alert } = useApiSubmit(form);
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const kind = Form.useWatch('kind', form) ?? props.kind;
  const scope = DOCUMENT_SCOPE[kind] ?? 'claim';
  const tenants = [...new Set(props.lines.map((l) => l.tenantId))].sort();
  const statements = [...new Map(props.lines.map((l) => [l.statementId, l])).values()];

  const upload = async () => {
    const values = form.getFieldsValue(true) as UploadValues;
    const saved = await submit(async () => {
      if (!file) throw new Error(t('chooseFile'));
      const body = {
        kind: values.kind,
        tenantId: scope === 'tenant' ? values.tenantId : undefined,
        statementId: scope === 'statement' ? values.statementId : undefined,
        label: scope === 'claim' && values.label ? values.label : undefined,
        filename: file.name,
        contentBase64: await base64Of(file),
      };
      const params = { path: { claimId: props.claimId } };
      return ok(api.POST('/v1/claims/{claimId}/documents', { params, body } as never));
    });
    if (!saved) return;
    setFile(null);
    setInputKey((k) => k + 1);
    props.onUploaded();
  };

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ kind: props.kind }}
      onFinish={() => void upload()}
      data-testid="document-upload-form"
    >
      <Row gutter={16}>
        <Col xs={24} md={6}>
          <Form.Item name="kind" label={t('documentKind')}>
            <Select
              data-testid="document-kind"
              options={Object.keys(DOCUMENT_SCOPE).map((k) => ({ value: k, label: t(`evidence.${k}` as MessageKey) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          {scope === 'tenant' && (
            <Form.Item name="tenantId" label={t('tenant')}>
              <Select
                data-testid="document-tenant"
                showSearch
                virtual={false}
                options={tenants.map((id) => ({ value: id, label: id }))}
              />
            </Form.Item>
          )}
          {scope === 'statement' && (
            <Form.Item name="statementId" label={t('statement')}>
              <Select
                data-testid="document-statement"
                showSearch
                optionFilterProp="label"
                virtual={false}
                options={statements.map((l) => ({
                  value: l.statementId,
                  label: `${l.statementNumber} · ${l.tenantId}`,
                }))}
              />
            </Form.Item>
          )}
          {scope === 'claim' && (
            <Form.Item name="label" label={t('documentLabel')}>
              <Input data-testid="document-label" />
            </Form.Item>
          )}
        </Col>
        <Col xs={24} md={8}>
          <Form.Item label={t('documentFile')}>
            <input
              key={inputKey}
              type="file"
              accept=".pdf,.ofd,.png,.jpg,.jpeg"
              data-testid="document-file"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={4}>
          <Form.Item label=" ">
            <Button
              type="primary"
              htmlType="submit"
              icon={<UploadOutlined />}
              loading={busy}
              disabled={!file}
              data-testid="document-upload"
            >
              {t('upload')}
            </Button>
          </Form.Item>
        </Col>
      </Row>
      {alert}
    </Form>
  );
}
