import { ProTable } from '@ant-design/pro-components';
import { Space, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { api, ok } from '../../api/client';
import type { Tenant } from '../../api/views';
import { LoadState, useLoad } from '../../components/load-state';
import { useLocale } from '../../i18n/locale';

/** The park's tenants; each links to the screens its own users see. */
export function TenantsPage() {
  const { t, status } = useLocale();
  const tenants = useLoad(() => ok<Tenant[]>(api.GET('/v1/tenants')), []);
  return (
    <LoadState loaded={tenants} isEmpty={(d) => d.length === 0}>
      {(rows) => (
        <ProTable<Tenant>
          rowKey="id"
          search={false}
          options={false}
          pagination={{ pageSize: 20 }}
          dataSource={rows}
          data-testid="tenants-table"
          scroll={{ x: 900 }}
          columns={[
            { title: 'ID', dataIndex: 'id' },
            { title: t('name'), dataIndex: 'name' },
            { title: t('creditCode'), dataIndex: 'unifiedSocialCreditCode' },
            {
              title: t('status'),
              dataIndex: 'status',
              render: (_, r) => <Tag color={r.status === 'active' ? 'green' : 'default'}>{status(r.status)}</Tag>,
            },
            {
              title: '',
              key: 'links',
              render: (_, r) => (
                <Space>
                  <Link to={`/tenants/${r.id}/usage`}>{t('menu.usage')}</Link>
                  <Link to={`/tenants/${r.id}/vouchers`}>{t('menu.vouchers')}</Link>
                  <Link to={`/tenants/${r.id}/statements`}>{t('menu.statements')}</Link>
                </Space>
              ),
            },
          ]}
        />
      )}
    </LoadState>
  );
}
