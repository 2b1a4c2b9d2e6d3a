import { DownloadOutlined } from '@ant-design/icons';
import { Button, Space, Tag, message } from 'antd';
import { useState } from 'react';
import { api, download, ok } from '../../api/client';
import { saveFile, sha256Hex } from '../../format/digest';
import { useLocale } from '../../i18n/locale';

/** Files of the claim's evidence pack (GET /v1/claims/{id}/evidence/{name}) offered as downloads. */
const PACK_FILES = [
  { name: 'summary.pdf', type: 'application/pdf' },
  { name: 'tables.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  { name: 'manifest.json', type: 'application/json' },
] as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** GET /v1/claims/{id}/evidence/verify: every file of the pack against the manifest recorded on the claim. */
interface PackVerification {
  ok: boolean;
  changed: string[];
  missing: string[];
  unexpected: string[];
}

/**
 * The claim's downloads: "导出 Excel" (export.xlsx, the claim's lines, its SHA-256 checked against the one the API
 * sends in x-content-sha256) beside the evidence pack's files.
 */
export function ClaimDownloads({ claimId }: { claimId: string }) {
  const { t, errorText } = useLocale();
  const [xlsxOk, setXlsxOk] = useState<boolean>();
  const [verified, setVerified] = useState<PackVerification>();
  const base = `/v1/claims/${encodeURIComponent(claimId)}`;
  const fetchFile = async (path: string, type: string, check: boolean) => {
    try {
      const file = await download(`${base}/${path}`);
      if (check) setXlsxOk(file.sha256 !== null && (await sha256Hex(file.bytes)) === file.sha256);
      saveFile(file.bytes, file.filename, type);
    } catch (error) {
      void message.error(errorText(error));
    }
  };
  const verify = async () => {
    try {
      const params = { path: { claimId } };
      setVerified(await ok<PackVerification>(api.GET('/v1/claims/{claimId}/evidence/verify', { params })));
    } catch (error) {
      void message.error(errorText(error));
    }
  };
  const problems = verified ? [...verified.changed, ...verified.missing, ...verified.unexpected] : [];
  return (
    <Space wrap style={{ marginTop: 8 }} data-testid="claim-downloads">
      <Button
        icon={<DownloadOutlined />}
        data-testid="claim-export-xlsx"
        onClick={() => void fetchFile('export.xlsx', XLSX, true)}
      >
        {t('exportXlsx')}
      </Button>
      {xlsxOk !== undefined && (
        <Tag color={xlsxOk ? 'green' : 'red'} data-testid="claim-export-digest">
          {xlsxOk ? t('digestMatch') : t('digestMismatch')}
        </Tag>
      )}
      <span>{t('evidencePack')}:</span>
      {PACK_FILES.map((f) => (
        <Button
          key={f.name}
          icon={<DownloadOutlined />}
          data-testid={`claim-evidence-${f.name}`}
          onClick={() => void fetchFile(`evidence/${f.name}`, f.type, false)}
        >
          {f.name}
        </Button>
      ))}
      <Button data-testid="claim-evidence-verify" onClick={() => void verify()}>
        {t('verifyPack')}
      </Button>
      {verified && (
        <Tag color={verified.ok ? 'green' : 'red'} data-testid="claim-evidence-verified">
          {verified.ok ? t('packIntact') : `${t('packChanged')} ${problems.join(', ')}`}
        </Tag>
      )}
    </Space>
  );
}
