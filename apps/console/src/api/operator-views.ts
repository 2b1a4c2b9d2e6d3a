// What the operator's and the bureau auditor's screens read from the API's answers (see views.ts: the OpenAPI
// document does not describe them yet). Amounts are the API's decimal strings.
import type { PriceBookTax } from './tax-views';

export interface AgentKey {
  keyId: string;
  fingerprint: string;
  createdAt: string;
  retiredAt: string | null;
}

export interface ClusterView {
  id: string;
  name: string;
  tenants: string[];
  keys: AgentKey[];
}

/**
 * A row of GET /v1/clusters: `status` is active while an unretired key lets its agent sign; `lastPushAt` when its agent
 * last pushed (to the minute), null if never.
 */
export interface ClusterSummary extends ClusterView {
  createdAt: string;
  status: 'active' | 'no_active_key';
  lastPushAt: string | null;
}

export interface PriceEntry {
  sku: string;
  model: string;
  unitPrice: string | null;
  tiers: { upTo: string | null; unitPrice: string }[] | null;
}

export interface PriceBookVersion extends PriceBookTax {
  version: number;
  effectiveFrom: string;
  rounding: string;
  entries?: PriceEntry[];
}

export interface PriceBook {
  id: string;
  name: string;
  isDefault: boolean;
  versions: PriceBookVersion[];
}

export interface Contract {
  id: string;
  number: string;
  signedOn: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  termMonths: number | null;
  discountPercent: string;
  committedMonthlySpend: string | null;
}

export type Rules = Record<string, unknown>;

export interface Programme {
  id: string;
  bureauId: string;
  name: string;
  rules: Rules;
  rulesVersions?: { version: number; effectivePeriod: string; rules: Rules }[];
}

export interface Finding {
  id: string;
  runId: string;
  kind: string;
  check: string;
  state: string;
  status: string;
  tenantId: string | null;
  periodId: string | null;
  day: string | null;
  expected: string;
  observed: string;
  difference: string;
  message: string;
  createdAt: string;
  resolution: string | null;
}

export interface ReconciliationRun {
  id: string;
  status: string;
  kinds: string[];
  fromDay: string;
  toDay: string;
  createdAt: string;
  finishedAt: string | null;
  findings: Finding[];
}

export interface AuditVerification {
  ok: boolean;
  checked?: number;
  firstBadSeq?: string | null;
  report: string;
}

export interface AuditEvent {
  seq: string;
  at: string;
  actor: string;
  role: string;
  action: string;
  entityType: string;
  entityId: string;
}

export interface Clawback {
  id: string;
  grantId: string;
  tenantId: string;
  amount: string;
  voidedBalance: string;
  reason: string;
  reference: string | null;
  createdAt: string;
}

export interface TenantCharge {
  id: string;
  kind: string;
  programmeId: string;
  grantId: string | null;
  amount: string;
  reason: string;
  status: string;
  createdAt: string;
  billedAt: string | null;
}
