/** Whose endpoint it is: the operator's (every event), a tenant's (its own), a bureau's (its programmes'). */
export type WebhookOwner =
  | { readonly kind: 'operator'; readonly id: '' }
  | { readonly kind: 'tenant'; readonly id: string }
  | { readonly kind: 'bureau'; readonly id: string };

/** The owner a caller registers and reads as, from its role and scope; null for roles that own no endpoints. */
export function webhookOwnerOf(principal: { role: string; tenantId?: string; bureauId?: string }): WebhookOwner | null {
  if (principal.role === 'operator-admin') return { kind: 'operator', id: '' };
  if (principal.role === 'tenant-admin' && principal.tenantId) return { kind: 'tenant', id: principal.tenantId };
  if (principal.role === 'bureau-auditor' && principal.bureauId) return { kind: 'bureau', id: principal.bureauId };
  return null;
}
