import { Select } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { api, ok } from '../api/client';
import type { Tenant } from '../api/views';
import { useLocale } from '../i18n/locale';
import { useLoad } from './load-state';

/** The tenant an operator's screen is about, kept in the address (?tenant=…) so a link opens the same view. */
export function useChosenTenant(): [string, (tenantId: string) => void] {
  const [search, setSearch] = useSearchParams();
  return [search.get('tenant') ?? '', (tenantId) => setSearch({ tenant: tenantId })];
}

export function TenantPicker({ value, onChange }: { value: string; onChange(tenantId: string): void }) {
  const { t } = useLocale();
  const tenants = useLoad(() => ok<Tenant[]>(api.GET('/v1/tenants')), []);
  return (
    <Select
      showSearch
      data-testid="tenant-picker"
      style={{ width: 320 }}
      placeholder={t('chooseTenant')}
      loading={tenants.loading}
      value={value || undefined}
      onChange={onChange}
      optionFilterProp="label"
      options={(tenants.data ?? []).map((x) => ({ value: x.id, label: `${x.name} (${x.id})` }))}
    />
  );
}
