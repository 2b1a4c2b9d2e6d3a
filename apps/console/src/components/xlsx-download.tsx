import { DownloadOutlined } from '@ant-design/icons';
import { Button, Space, Tag, message } from 'antd';
import { useState } from 'react';
import { download } from '../api/client';
import { saveFile, sha256Hex } from '../format/digest';
import { useLocale } from '../i18n/locale';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A button that downloads an Excel file the API serves with its SHA-256 in x-content-sha256, checks the bytes
 * against it (a tag says whether they match) and saves the file.
 */
export function XlsxDownload({ path, label, testId }: { path: string; label: string; testId: string }) {
  const { t, errorText } = useLocale();
  const [busy, setBusy] = useState(false);
  const [matches, setMatches] = useState<boolean>();
  const fetchFile = async () => {
    setBusy(true);
    try {
      const file = await download(path);
      setMatches(file.sha256 !== null && (await sha256Hex(file.bytes)) === file.sha256);
      saveFile(file.bytes, file.filename, XLSX);
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space>
      <Button icon={<DownloadOutlined />} loading={busy} data-testid={testId} onClick={() => void fetchFile()}>
        {label}
      </Button>
      {matches !== undefined && (
        <Tag color={matches ? 'green' : 'red'} data-testid={`${testId}-digest`}>
          {t(matches ? 'digestHeaderOk' : 'digestHeaderBad')}
        </Tag>
      )}
    </Space>
  );
}
