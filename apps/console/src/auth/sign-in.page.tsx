import { Alert, Button, Card, Form, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, ok } from '../api/client';
import type { DemoDirectory } from '../api/views';
import { LoadState, useLoad } from '../components/load-state';
import { useLocale } from '../i18n/locale';
import type { MessageKey } from '../i18n/messages';
import type { ConsoleConfig } from './console-config';
import { userFromToken, type PersonRole, type SessionUser } from './session';

interface Props {
  config: ConsoleConfig;
  onSignedIn(user: SessionUser): void;
}

export function SignInPage({ config, onSignedIn }: Props) {
  const { t } = useLocale();
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f2f5', padding: 16 }}>
      <Card title={t('signInTitle')} style={{ width: 'min(480px, 100%)' }}>
        {config.signIn === 'oidc' ? <OidcSignIn config={config} /> : <DevSignIn onSignedIn={onSignedIn} />}
      </Card>
    </div>
  );
}

/** Production: off to the issuer; when it cannot be reached (discovery fails), say so instead of doing nothing. */
function OidcSignIn({ config }: { config: Extract<ConsoleConfig, { signIn: 'oidc' }> }) {
  const { t } = useLocale();
  const [failure, setFailure] = useState<string>();
  const start = () => {
    setFailure(undefined);
    import('./oidc')
      .then(({ oidcManager }) => oidcManager(config).signinRedirect())
      .catch((error: Error) => setFailure(`${config.issuer}: ${error.message}`));
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {failure && <Alert type="error" message={failure} data-testid="sign-in-failure" />}
      <Button type="primary" block onClick={start} data-testid="oidc-sign-in">
        {t('oidcSignIn')}
      </Button>
    </Space>
  );
}

/** Local runs: a demo user picked from the demo park (POST /v1/dev/sign-in, 404 in production). */
function DevSignIn({ onSignedIn }: { onSignedIn(user: SessionUser): void }) {
  const { t, errorText } = useLocale();
  const directory = useLoad(() => ok<DemoDirectory>(api.GET('/v1/dev/demo-users')), []);
  const [role, setRole] = useState<PersonRole>('tenant-admin');
  const [tenantId, setTenantId] = useState<string>();
  const [bureauId, setBureauId] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const submit = async () => {
    setFailure(undefined);
    try {
      const session = await ok<{ token: string }>(api.POST('/v1/dev/sign-in', { body: { role, tenantId, bureauId } }));
      onSignedIn(userFromToken(session.token));
    } catch (error) {
      setFailure(errorText(error));
    }
  };
  return (
    <LoadState loaded={directory}>
      {(d) => (
        <Form layout="vertical" onFinish={() => void submit()}>
          <Typography.Paragraph type="secondary">{t('devSignInHint')}</Typography.Paragraph>
          <Form.Item label={t('role')}>
            <Select
              data-testid="sign-in-role"
              value={role}
              onChange={setRole}
              options={d.roles.map((r) => ({ value: r, label: `${t(`role.${r}` as MessageKey)} (${r})` }))}
            />
          </Form.Item>
          {role.startsWith('tenant-') && (
            <Form.Item label={t('tenant')}>
              <Select
                data-testid="sign-in-tenant"
                value={tenantId ?? d.tenants[0]?.id}
                onChange={setTenantId}
                options={d.tenants.map((x) => ({ value: x.id, label: `${x.name} (${x.id})` }))}
              />
            </Form.Item>
          )}
          {role === 'bureau-auditor' && (
            <Form.Item label={t('bureau')}>
              <Select
                data-testid="sign-in-bureau"
                value={bureauId ?? d.bureaus[0]?.id}
                onChange={setBureauId}
                options={d.bureaus.map((x) => ({ value: x.id, label: `${x.name} (${x.id})` }))}
              />
            </Form.Item>
          )}
          <Space direction="vertical" style={{ width: '100%' }}>
            {failure && <Alert type="error" message={failure} />}
            <Button type="primary" htmlType="submit" block data-testid="sign-in-submit">
              {t('devSignIn')}
            </Button>
          </Space>
        </Form>
      )}
    </LoadState>
  );
}
