import type { PersonRole } from '../auth/session';
import type { MessageKey } from '../i18n/messages';
import { mayUseWebhooks } from '../pages/webhooks/webhook-views';

export interface MenuEntry {
  path: string;
  label: MessageKey;
}

/** What each role's menu offers: only what it may do (the API still checks every call). */
export function menuOf(role: PersonRole, tenantId?: string): MenuEntry[] {
  // the roles that own webhook endpoints (operator-admin, tenant-admin, bureau-auditor) see them last
  const webhooks: MenuEntry[] = mayUseWebhooks(role) ? [{ path: '/webhooks', label: 'menu.webhooks' }] : [];
  switch (role) {
    case 'tenant-admin':
    case 'tenant-viewer':
      return [
        { path: `/tenants/${tenantId}/usage`, label: 'menu.usage' },
        { path: `/tenants/${tenantId}/vouchers`, label: 'menu.vouchers' },
        { path: `/tenants/${tenantId}/statements`, label: 'menu.statements' },
        { path: `/tenants/${tenantId}/charges`, label: 'menu.charges' },
        ...webhooks,
      ];
    case 'operator-admin':
    case 'operator-finance':
      return [
        { path: '/tenants', label: 'menu.tenants' },
        { path: '/periods', label: 'menu.periods' },
        { path: '/claims', label: 'menu.claims' },
        { path: '/disputes', label: 'menu.disputes' },
        ...(role === 'operator-admin' ? [{ path: '/clusters', label: 'menu.clusters' } as const] : []),
        { path: '/price-books', label: 'menu.priceBooks' },
        { path: '/contracts', label: 'menu.contracts' },
        { path: '/programmes', label: 'menu.programmes' },
        { path: '/grants', label: 'menu.grants' },
        { path: '/clawbacks', label: 'menu.clawbacks' },
        { path: '/reconciliation', label: 'menu.reconciliation' },
        { path: '/audit', label: 'menu.audit' },
        ...webhooks,
      ];
    case 'bureau-auditor':
      return [
        { path: '/spend', label: 'menu.spend' },
        { path: '/claims', label: 'menu.claims' },
        { path: '/clawbacks', label: 'menu.clawbacks' },
        { path: '/audit', label: 'menu.audit' },
        ...webhooks,
      ];
  }
}
