import { DownloadOutlined } from '@ant-design/icons';
import { ProCard, ProTable } from '@ant-design/pro-components';
import { Button, Space, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { api, download, ok } from '../../api/client';
import type { ClaimChecklist, ClaimDocument, ClaimLine } from '../../api/views';
import { LoadState, useLoad } from '../../components/load-state';
import { saveFile, sha256Hex } from '../../format/digest';
import { useLocale } from '../../i18n/locale';
import type { MessageKey } from '../../i18n/messages';
import { ClaimDocumentUpload, EVIDENCE_KINDS } from './claim-document-upload';

type ChecklistItem = ClaimChecklist['items'][number];

/**
 * "证明材料 Evidence checklist" of a claim: each item its programme requires, satisfied or each thing missing; the
 * documents supplied (kind, what they are about, file name, SHA-256, download checked against that digest); and,
 * for an operator on a draft claim, the upload form. The bureau's auditor reads the same card without the form.
 */
export function ClaimEvidence(props: {
  claimId: string;
  lines: ClaimLine[];
  canUpload: boolean;
  /** Changed by the page to have the checklist read again (a refused submit). */
  round: number;
  onUploaded(): void;
}) {
  const { claimId, lines } = props;
  const { t, time, errorText } = useLocale();
  const [checked, setChecked] = useState<Record<string, boolean>>({});
  const path = { params: { path: { claimId } } };
  const loaded = useLoad(
    () =>
      Promise.all([
        ok<ClaimChecklist>(api.GET('/v1/claims/{claimId}/checklist', path)),
        ok<ClaimDocument[]>(api.GET('/v1/claims/{claimId}/documents', path)),
      ]),
    [claimId, props.round],
  );
  const numberOf = new Map(lines.map((l) => [l.statementId, l.statementNumber]));
  const label = (kind: string) => (EVIDENCE_KINDS.includes(kind) ? t(`evidence.${kind}` as MessageKey) : kind);
  const about = (d: ClaimDocument) =>
    d.statementId ? `${numberOf.get(d.statementId) ?? d.statementId} · ${d.tenantId ?? ''}` : (d.tenantId ?? d.label);
  const fetchDocument = async (d: ClaimDocument) => {
    try {
      const file = await download(`/v1/claims/${encodeURIComponent(claimId)}/documents/${encodeURIComponent(d.id)}`);
      const digest = await sha256Hex(file.bytes);
      setChecked((c) => ({ ...c, [d.id]: digest === d.sha256 }));
      saveFile(file.bytes, d.filename, d.contentType);
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  return (
    <LoadState loaded={loaded}>
      {([checklist, documents]) => (
        <ProCard
          title={t('evidenceTitle')}
          bordered
          data-testid="claim-evidence"
          data-complete={String(checklist.complete)}
          extra={
            <Tag color={checklist.complete ? 'green' : 'red'} data-testid="evidence-complete">
              {checklist.complete ? t('evidenceComplete') : t('evidenceIncomplete')}
            </Tag>
          }
        >
          {/* one column: a ProCard lays out nested cards (and what sits beside them) side by side */}
          {checklist.items.length === 0 && <Typography.Paragraph>{t('evidenceNone')}</Typography.Paragraph>}
          <Space direction="vertical" style={{ width: '100%', marginBottom: 16 }}>
            {checklist.items.map((i: ChecklistItem) => (
              <div key={i.item} data-testid={`evidence-item-${i.item}`} data-satisfied={String(i.satisfied)}>
                <Space wrap>
                  <Tag color={i.satisfied ? 'green' : 'red'}>
                    {i.satisfied ? t('evidenceSatisfied') : t('evidenceMissing')}
                  </Tag>
                  <b>{label(i.item)}</b>
                  <span>{t(`scope.${i.scope}` as MessageKey)}</span>
                  <Tag>{i.source === 'generated' ? t('evidenceGenerated') : t('evidenceSupplied')}</Tag>
                </Space>
                {i.missing.length > 0 && (
                  <ul style={{ margin: '4px 0 0 0' }}>
                    {i.missing.map((m) => (
                      <li key={m}>{m}</li>
                    ))}
                  </ul>
                )}
              </div>
            ))}
          </Space>
          <ProTable<ClaimDocument>
            headerTitle={t('documents')}
            rowKey="id"
            search={false}
            options={false}
            pagination={false}
            dataSource={documents}
            data-testid="claim-documents"
            scroll={{ x: 900 }}
            columns={[
              { title: t('documentKind'), dataIndex: 'kind', render: (_, d) => label(d.kind) },
              { title: t('documentScope'), key: 'about', render: (_, d) => about(d) ?? '—' },
              { title: t('filename'), dataIndex: 'filename' },
              {
                title: 'SHA-256',
                dataIndex: 'sha256',
                render: (_, d) => <Typography.Text code>{d.sha256}</Typography.Text>,
              },
              { title: t('uploadedAt'), dataIndex: 'createdAt', render: (_, d) => time(d.createdAt) },
              {
                title: t('download'),
                key: 'download',
                render: (_, d) => (
                  <Space>
                    <Button
                      size="small"
                      icon={<DownloadOutlined />}
                      data-testid={`document-download-${d.id}`}
                      onClick={() => void fetchDocument(d)}
                    />
                    {d.id in checked && (
                      <Tag color={checked[d.id] ? 'green' : 'red'} data-testid={`document-digest-${d.id}`}>
                        {checked[d.id] ? t('digestMatch') : t('digestMismatch')}
                      </Tag>
                    )}
                  </Space>
                ),
              },
            ]}
          />
          {props.canUpload && (
            <div style={{ marginTop: 16 }}>
              <Typography.Title level={5}>{t('uploadTitle')}</Typography.Title>
              <ClaimDocumentUpload
                claimId={claimId}
                lines={lines}
                kind={checklist.items.find((i) => !i.satisfied && i.source === 'supplied')?.item ?? 'contract'}
                onUploaded={() => {
                  loaded.reload();
                  props.onUploaded();
                }}
              />
            </div>
          )}
        </ProCard>
      )}
    </LoadState>
  );
}
