import { LogoutOutlined, TranslationOutlined } from '@ant-design/icons';
import { Button, Grid, Layout, Menu, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import type { SessionUser } from '../auth/session';
import { useLocale } from '../i18n/locale';
import type { MessageKey } from '../i18n/messages';
import { menuOf } from './menus';

/**
 * The frame of every screen: the role's menu (a side bar on a desk, a top bar on a tablet), who is signed in,
 * the language switch. antd's Layout rather than ProLayout: the first screen stays within its JavaScript budget.
 */
export function ConsoleLayout({
  user,
  onSignOut,
  children,
}: {
  user: SessionUser;
  onSignOut(): void;
  children: ReactNode;
}) {
  const { t, locale, setLocale } = useLocale();
  const location = useLocation();
  const navigate = useNavigate();
  const wide = Grid.useBreakpoint().lg ?? true;
  const menu = menuOf(user.role, user.tenantId);
  const selected = menu
    .filter((m) => location.pathname.startsWith(m.path))
    .map((m) => m.path)
    .slice(-1);
  const items = menu.map((m) => ({ key: m.path, label: <span data-testid={`menu-${m.path}`}>{t(m.label)}</span> }));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 16,
          paddingInline: 16,
          background: '#fff',
          borderBottom: '1px solid #f0f0f0',
        }}
      >
        {wide && (
          <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'nowrap' }}>
            {t('appTitle')}
          </Typography.Title>
        )}
        {!wide && (
          <Menu
            mode="horizontal"
            selectedKeys={selected}
            items={items}
            onClick={(e) => navigate(e.key)}
            style={{ flex: 1, minWidth: 0 }}
          />
        )}
        <div style={{ flex: wide ? 1 : 0 }} />
        <Space size="small" data-testid="current-user" wrap={false}>
          <Tag color="blue">{t(`role.${user.role}` as MessageKey)}</Tag>
          {wide && <Typography.Text>{user.name}</Typography.Text>}
          {user.tenantId && <Typography.Text type="secondary">{user.tenantId}</Typography.Text>}
          {user.bureauId && <Typography.Text type="secondary">{user.bureauId}</Typography.Text>}
        </Space>
        <Button
          type="text"
          icon={<TranslationOutlined />}
          onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}
          data-testid="switch-language"
        >
          {t('language')}
        </Button>
        <Button type="text" icon={<LogoutOutlined />} onClick={onSignOut} data-testid="sign-out">
          {wide ? t('signOut') : null}
        </Button>
      </Layout.Header>
      <Layout>
        {wide && (
          <Layout.Sider width={208} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
            <Menu
              mode="inline"
              selectedKeys={selected}
              items={items}
              onClick={(e) => navigate(e.key)}
              style={{ borderRight: 0 }}
            />
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: 16, minWidth: 0 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
