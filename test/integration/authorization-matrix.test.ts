import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { signedHeaders } from '@park/agent-auth';
import {
  FORBIDDEN_BODY,
  NOT_FOUND_BODY,
  ROLES,
  UNAUTHENTICATED_BODY,
  listRoutes,
  type Role,
  type RouteDeclaration,
} from '@park/auth';
import { SYSTEM_ACTOR } from '@park/audit-store';
import { InvoicingPartyService, StatementSettlementService } from '@park/billing';
import { createLogger } from '@park/logging';
import { PrismaService } from '@park/db';
import { createApp } from '@park/platform';
import { UsageBackfillService } from '@park/billing';
import { ClaimService } from '@park/claims';
import { formatTimestamp, MS_PER_DAY } from '@park/usage-domain';
import { WebhookService } from '@park/notifications';
import { ReconciliationService } from '@park/reconciliation';
import { PARK_APP } from '../../apps/park/src/park.app';
import { tokenFor, type Caller } from '../support/auth-tokens';
import { testConfig, uniqueId } from '../support/test-config';
import { BillingWorld, INVOICING_PARTY } from './billing-park.fixture';

/**
 * The authorisation matrix (issue 5, libs/auth/README.md "Policy"): every route of the full `park` app × every
 * caller × the caller's own tenant / bureau and another's. The table below is the specification; a route the app
 * serves without a line here fails the first test, and so does a line for a route that no longer exists.
 */
type Who = 'anonymous' | Role;
const WHO: readonly Who[] = ['anonymous', ...ROLES];

/**
 * 'ok': passes access control (the handler answers); 401 / 403 / 404: refused by the AuthGuard with its fixed body;
 * 'sig': agent route, refused by the signature check (no signature).
 */
type Cell = 'ok' | 401 | 403 | 404 | 'sig';
type Row = readonly [Cell, Cell, Cell, Cell, Cell, Cell, Cell];

//                     anonymous operator-admin operator-finance tenant-admin tenant-viewer bureau-auditor cluster-agent
const PUBLIC: Row /**/ = ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'];
const OPERATORS: Row = [401, 'ok', 'ok', 403, 403, 403, 403];
const ADMIN: Row /* */ = [401, 'ok', 403, 403, 403, 403, 403];
const TENANT_OWN: Row = [401, 'ok', 'ok', 'ok', 'ok', 403, 403];
const TENANT_OTHER: Row = [401, 'ok', 'ok', 404, 404, 403, 403];
const BUREAU_OWN: Row = [401, 'ok', 'ok', 403, 403, 'ok', 403];
const BUREAU_OTHER: Row = [401, 'ok', 'ok', 403, 403, 404, 403];
const SIGNED: Row /**/ = ['sig', 'sig', 'sig', 'sig', 'sig', 'sig', 'sig'];
const BUREAU_ONLY_OWN: Row = [401, 403, 403, 403, 403, 'ok', 403];
const BUREAU_ONLY_OTHER: Row = [401, 403, 403, 403, 403, 404, 403];
const ADMIN_OR_BUREAU_OWN: Row = [401, 'ok', 403, 403, 403, 'ok', 403];
const ADMIN_OR_BUREAU_OTHER: Row = [401, 'ok', 403, 403, 403, 404, 403];
// webhooks: each caller its own endpoints (another's answer 404 from the handler: test/integration/webhooks.test.ts)
const WEBHOOK_OWNERS: Row = [401, 'ok', 403, 'ok', 403, 'ok', 403];
const ADMIN_OR_TENANT_ADMIN_OWN: Row = [401, 'ok', 403, 'ok', 403, 403, 403];
const ADMIN_OR_TENANT_ADMIN_OTHER: Row = [401, 'ok', 403, 404, 403, 403, 403];

/** own: the caller's tenant / bureau (or no scope in the path); other: another tenant's / bureau's resource. */
const EXPECTED: Record<string, { own: Row; other?: Row }> = {
  'GET /health': { own: PUBLIC },
  'GET /metrics': { own: PUBLIC },

  // the web console (libs/console-web): its files, how to sign in, and the development sign-in (404 in production)
  'GET /': { own: PUBLIC },
  'GET /console{/*path}': { own: PUBLIC },
  'GET /console/config.json': { own: PUBLIC },
  'GET /v1/dev/demo-users': { own: PUBLIC },
  'POST /v1/dev/sign-in': { own: PUBLIC },

  // catalogue: operators read, operator-admin writes
  'GET /v1/skus': { own: OPERATORS },
  'PUT /v1/skus/:code': { own: ADMIN },
  'GET /v1/price-books': { own: OPERATORS },
  'POST /v1/price-books': { own: ADMIN },
  'GET /v1/price-books/:id': { own: OPERATORS },
  'POST /v1/price-books/:id/versions': { own: ADMIN },

  // parks: operators read, operator-admin registers (issue 12 item 11)
  'GET /v1/parks': { own: OPERATORS },
  'POST /v1/parks': { own: ADMIN },
  'GET /v1/parks/:parkId': { own: OPERATORS },

  // invoicing details (开票信息, issue 16 item 2): the park's by operators, a tenant's also by its own admin
  'GET /v1/parks/:parkId/invoicing-party': { own: OPERATORS },
  'PUT /v1/parks/:parkId/invoicing-party': { own: ADMIN },
  'GET /v1/parks/:parkId/invoicing-party/versions': { own: OPERATORS },
  'GET /v1/tenants/:tenantId/invoicing-party': { own: TENANT_OWN, other: TENANT_OTHER },
  'PUT /v1/tenants/:tenantId/invoicing-party': { own: ADMIN_OR_TENANT_ADMIN_OWN, other: ADMIN_OR_TENANT_ADMIN_OTHER },
  'GET /v1/tenants/:tenantId/invoicing-party/versions': { own: TENANT_OWN, other: TENANT_OTHER },

  // bureaus and programmes: a bureau auditor reads the programmes its bureau issued
  'GET /v1/bureaus': { own: OPERATORS },
  'POST /v1/bureaus': { own: ADMIN },
  // the list: operators see all; an auditor only its own bureau's (the body is checked for the other bureau's ids)
  'GET /v1/programmes': { own: BUREAU_OWN },
  'POST /v1/programmes': { own: ADMIN },
  'GET /v1/programmes/:id': { own: BUREAU_OWN, other: BUREAU_OTHER },
  'GET /v1/programmes/:id/spend': { own: BUREAU_OWN, other: BUREAU_OTHER },
  'POST /v1/programmes/:id/rules-versions': { own: ADMIN },
  'GET /v1/stacking-groups': { own: OPERATORS },
  'PUT /v1/stacking-groups/:id': { own: ADMIN },
  // clawback (追缴): the bureau that issued the programme (or operator-admin on its decision) claws a grant back
  'POST /v1/programmes/:id/clawbacks': { own: ADMIN_OR_BUREAU_OWN, other: ADMIN_OR_BUREAU_OTHER },
  'GET /v1/programmes/:id/clawbacks': { own: BUREAU_OWN, other: BUREAU_OTHER },

  // periods: operators read and close
  'GET /v1/periods': { own: OPERATORS },
  'GET /v1/periods/:periodId': { own: OPERATORS },
  'POST /v1/periods/:periodId/close': { own: OPERATORS },
  'GET /v1/periods/:periodId/close': { own: OPERATORS },
  // the bulk-invoice (批量开具) request batch of a period: finance's work, over every tenant
  'GET /v1/periods/:periodId/invoice-requests.xlsx': { own: OPERATORS },
  // a hold on a tenant's statement is lifted by operator-admin only (an audit event with the reason)
  'POST /v1/periods/:periodId/holds/:tenantId/override': { own: ADMIN },

  // usage backfills: an operator admin requests, another operator approves
  'POST /v1/backfills': { own: ADMIN },
  'GET /v1/backfills': { own: OPERATORS },
  'GET /v1/backfills/:backfillId': { own: OPERATORS },
  'POST /v1/backfills/:backfillId/approve': { own: OPERATORS },

  // tenants: the register is the operator's; a tenant reads its own record, contracts and usage
  'GET /v1/tenants': { own: OPERATORS },
  'POST /v1/tenants': { own: ADMIN },
  'GET /v1/tenants/:tenantId': { own: TENANT_OWN, other: TENANT_OTHER },
  'PATCH /v1/tenants/:tenantId': { own: ADMIN, other: ADMIN },
  'GET /v1/tenants/:tenantId/contracts': { own: TENANT_OWN, other: TENANT_OTHER },
  'POST /v1/tenants/:tenantId/contracts': { own: ADMIN, other: ADMIN },
  // contract settlements (issue 12 item 3): operators record them; the tenant reads its own
  'GET /v1/tenants/:tenantId/contracts/:contractId/settlements': { own: TENANT_OWN, other: TENANT_OTHER },
  'POST /v1/tenants/:tenantId/contracts/:contractId/settlements': { own: OPERATORS, other: OPERATORS },
  'GET /v1/tenants/:tenantId/usage': { own: TENANT_OWN, other: TENANT_OTHER },
  'GET /v1/tenants/:tenantId/usage.xlsx': { own: TENANT_OWN, other: TENANT_OTHER },
  'GET /v1/tenants/:tenantId/usage/daily': { own: TENANT_OWN, other: TENANT_OTHER },
  'GET /v1/tenants/:tenantId/charges': { own: TENANT_OWN, other: TENANT_OTHER },

  // grants: operators issue; the tenant reads its vouchers; suspend / reactivate / revoke are operator-admin's
  'POST /v1/tenants/:tenantId/grants': { own: OPERATORS, other: OPERATORS },
  'GET /v1/tenants/:tenantId/grants': { own: TENANT_OWN, other: TENANT_OTHER },
  'GET /v1/tenants/:tenantId/grants/:grantId': { own: TENANT_OWN, other: TENANT_OTHER },
  'GET /v1/tenants/:tenantId/grants/:grantId/ledger': { own: TENANT_OWN, other: TENANT_OTHER },
  'POST /v1/tenants/:tenantId/grants/:grantId/suspend': { own: ADMIN, other: ADMIN },
  'POST /v1/tenants/:tenantId/grants/:grantId/reactivate': { own: ADMIN, other: ADMIN },
  'POST /v1/tenants/:tenantId/grants/:grantId/revoke': { own: ADMIN, other: ADMIN },

  // statements: the tenant reads and exports its own; operators issue and record payment
  'GET /v1/tenants/:tenantId/statements': { own: TENANT_OWN, other: TENANT_OTHER },
  'GET /v1/tenants/:tenantId/statements/:periodId': { own: TENANT_OWN, other: TENANT_OTHER },
  'GET /v1/tenants/:tenantId/statements/:periodId/preview': { own: TENANT_OWN, other: TENANT_OTHER },
  'GET /v1/tenants/:tenantId/statements/:periodId/export.pdf': { own: TENANT_OWN, other: TENANT_OTHER },
  'GET /v1/tenants/:tenantId/statements/:periodId/export.csv': { own: TENANT_OWN, other: TENANT_OTHER },
  'GET /v1/tenants/:tenantId/statements/:periodId/export.xlsx': { own: TENANT_OWN, other: TENANT_OTHER },
  'POST /v1/tenants/:tenantId/statements/:periodId/issue': { own: OPERATORS, other: OPERATORS },
  'POST /v1/tenants/:tenantId/statements/:periodId/pay': { own: OPERATORS, other: OPERATORS },
  // disputes (申诉, issue 16 item 5): the tenant's admin opens one (operator-admin on its behalf), both sides read,
  // operators resolve
  'GET /v1/disputes': { own: OPERATORS },
  'GET /v1/tenants/:tenantId/statements/:periodId/disputes': { own: TENANT_OWN, other: TENANT_OTHER },
  'POST /v1/tenants/:tenantId/statements/:periodId/disputes': {
    own: ADMIN_OR_TENANT_ADMIN_OWN,
    other: ADMIN_OR_TENANT_ADMIN_OTHER,
  },
  'GET /v1/tenants/:tenantId/statements/:periodId/disputes/:disputeId': { own: TENANT_OWN, other: TENANT_OTHER },
  'POST /v1/tenants/:tenantId/statements/:periodId/disputes/:disputeId/accept': { own: OPERATORS, other: OPERATORS },
  'POST /v1/tenants/:tenantId/statements/:periodId/disputes/:disputeId/reject': { own: OPERATORS, other: OPERATORS },
  // invoices and payments of a statement: operators record, the tenant reads its own
  'GET /v1/tenants/:tenantId/statements/:periodId/invoices': { own: TENANT_OWN, other: TENANT_OTHER },
  'POST /v1/tenants/:tenantId/statements/:periodId/invoices': { own: OPERATORS, other: OPERATORS },
  'GET /v1/tenants/:tenantId/statements/:periodId/invoices/:invoiceId': { own: TENANT_OWN, other: TENANT_OTHER },
  'GET /v1/tenants/:tenantId/statements/:periodId/invoices/:invoiceId/file': { own: TENANT_OWN, other: TENANT_OTHER },
  'POST /v1/tenants/:tenantId/statements/:periodId/invoices/:invoiceId/void': { own: OPERATORS, other: OPERATORS },
  'GET /v1/tenants/:tenantId/statements/:periodId/payments': { own: TENANT_OWN, other: TENANT_OTHER },
  'POST /v1/tenants/:tenantId/statements/:periodId/payments': { own: OPERATORS, other: OPERATORS },
  'POST /v1/tenants/:tenantId/statements/:periodId/payments/:paymentId/reverse': { own: OPERATORS, other: OPERATORS },

  // clusters and agent keys (credentials): operator-admin
  'POST /v1/clusters': { own: ADMIN },
  'GET /v1/clusters': { own: ADMIN },
  'GET /v1/clusters/:clusterId': { own: ADMIN },
  'POST /v1/clusters/:clusterId/tenants/:tenantId': { own: ADMIN, other: ADMIN },
  'DELETE /v1/clusters/:clusterId/tenants/:tenantId': { own: ADMIN, other: ADMIN },
  'POST /v1/clusters/:clusterId/keys': { own: ADMIN },
  'POST /v1/clusters/:clusterId/keys/:keyId/retire': { own: ADMIN },

  // the audit log: operators read every event; a bureau auditor verifies the chain and reads its own bureau's events
  'GET /v1/audit/verify': { own: BUREAU_OWN },
  'GET /v1/audit/events': { own: BUREAU_OWN },

  // claims (兑付申请): operators build, submit and record payment; the auditor of the programme's bureau reads, reviews
  // and verifies its own bureau's claims (another bureau's: 404); tenants see nothing of claims
  'POST /v1/claims': { own: OPERATORS },
  // the list: operators see all; an auditor only its own bureau's (the body is checked for the other bureau's ids)
  'GET /v1/claims': { own: BUREAU_OWN },
  'GET /v1/claims/:claimId': { own: BUREAU_OWN, other: BUREAU_OTHER },
  'POST /v1/claims/:claimId/submit': { own: OPERATORS, other: OPERATORS },
  'POST /v1/claims/:claimId/start-review': { own: BUREAU_ONLY_OWN, other: BUREAU_ONLY_OTHER },
  'POST /v1/claims/:claimId/review': { own: BUREAU_ONLY_OWN, other: BUREAU_ONLY_OTHER },
  'POST /v1/claims/:claimId/pay': { own: OPERATORS, other: OPERATORS },
  'GET /v1/claims/:claimId/drilldown': { own: BUREAU_OWN, other: BUREAU_OTHER },
  'GET /v1/claims/:claimId/export.xlsx': { own: BUREAU_OWN, other: BUREAU_OTHER },
  'GET /v1/claims/:claimId/evidence/verify': { own: BUREAU_OWN, other: BUREAU_OTHER },
  'GET /v1/claims/:claimId/evidence/:name': { own: BUREAU_OWN, other: BUREAU_OTHER },
  // the evidence checklist and supplied documents (issue 16 item 4): operators add, the claim's bureau reads
  'POST /v1/claims/:claimId/documents': { own: OPERATORS, other: OPERATORS },
  'GET /v1/claims/:claimId/documents': { own: BUREAU_OWN, other: BUREAU_OTHER },
  'GET /v1/claims/:claimId/documents/:docId': { own: BUREAU_OWN, other: BUREAU_OTHER },
  'GET /v1/claims/:claimId/checklist': { own: BUREAU_OWN, other: BUREAU_OTHER },

  // reconciliation: operators read runs and findings; operator-admin starts runs and resolves findings
  'POST /v1/reconciliation/runs': { own: ADMIN },
  'GET /v1/reconciliation/runs/:runId': { own: OPERATORS },
  'GET /v1/reconciliation/findings': { own: OPERATORS },
  'POST /v1/reconciliation/findings/:findingId/resolve': { own: ADMIN },

  // webhooks (issue 14 item 4): operator-admin, a tenant-admin for its tenant, a bureau auditor for its bureau;
  // :webhookId is the caller's own endpoint (DELETE last: it deletes it)
  'GET /v1/webhooks': { own: WEBHOOK_OWNERS },
  'POST /v1/webhooks': { own: WEBHOOK_OWNERS },
  'GET /v1/webhooks/:webhookId': { own: WEBHOOK_OWNERS },
  'GET /v1/webhooks/:webhookId/deliveries': { own: WEBHOOK_OWNERS },
  'POST /v1/webhooks/:webhookId/resume': { own: WEBHOOK_OWNERS },
  'DELETE /v1/webhooks/:webhookId': { own: WEBHOOK_OWNERS },
  // alert thresholds of grant.balance_low / grant.expiring: operator-admin
  'PUT /v1/programmes/:id/alerts': { own: ADMIN },
  'PUT /v1/tenants/:tenantId/grants/:grantId/alerts': { own: ADMIN, other: ADMIN },
  // the queue dashboard (/admin/queues, outside Nest's router: test/integration/queue-dashboard.test.ts)
  'POST /v1/admin/queue-dashboard/session': { own: OPERATORS },

  // agent routes: only a request signed with the cluster's Ed25519 key gets in (a bearer token of any role does not)
  'POST /v1/usage/batches': { own: SIGNED },
  'POST /v1/manifests': { own: SIGNED },
  'GET /v1/ingestion/status': { own: SIGNED },
  'POST /v1/usage/lookup': { own: SIGNED },
  'RPC {"service":"IngestService","rpc":"PushUsage","streaming":"no_stream"}': { own: SIGNED },
  'RPC {"service":"IngestService","rpc":"PushManifest","streaming":"no_stream"}': { own: SIGNED },
  'RPC {"service":"IngestService","rpc":"GetIngestionStatus","streaming":"no_stream"}': { own: SIGNED },
};

const REFUSAL_BODIES: Partial<Record<Cell, { message: string }>> = {
  401: UNAUTHENTICATED_BODY,
  403: FORBIDDEN_BODY,
  404: NOT_FOUND_BODY,
};
const REFUSAL_CODES: Partial<Record<Cell, string>> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };

/**
 * A guard refusal as the caller sees it: the fixed body, or the same message in the API's error envelope (the
 * billing controllers' exception filter), and nothing else.
 */
function isRefusal(body: unknown, cell: Cell): boolean {
  const fixed = REFUSAL_BODIES[cell];
  if (!fixed) return false;
  if (JSON.stringify(body) === JSON.stringify(fixed)) return true;
  const envelope = body as { error?: { code?: unknown; message?: unknown; requestId?: unknown } };
  return (
    typeof envelope === 'object' &&
    envelope !== null &&
    Object.keys(envelope).length === 1 &&
    typeof envelope.error === 'object' &&
    envelope.error !== null &&
    Object.keys(envelope.error).every((key) => ['code', 'message', 'requestId'].includes(key)) &&
    envelope.error.code === REFUSAL_CODES[cell] &&
    envelope.error.message === fixed.message &&
    typeof envelope.error.requestId === 'string'
  );
}
const keyOf = (route: Pick<RouteDeclaration, 'method' | 'path'>) => `${route.method} ${route.path}`;

interface Side {
  tenantId: string;
  tenantName: string;
  grantId: string;
  bureauId: string;
  programmeId: string;
  claimId: string;
  contractId: string;
  disputeId: string;
  /** A document supplied for the claim (its checklist). */
  docId: string;
  invoiceId: string;
  paymentId: string;
}

describe('authorisation matrix of the park (every route × role × own / other)', () => {
  let app: INestApplication;
  let server: Server;
  let routes: RouteDeclaration[];
  let own: Side;
  let other: Side;
  let parkId: string;
  let priceBookId: string;
  let clusterId: string;
  let runId: string;
  let backfillId: string;
  let agentKey: { keyId: string; privateKeyPem: string };
  const tokens = new Map<Role, string>();
  const webhookIds = new Map<Who, string>();

  beforeAll(async () => {
    app = await createApp(testConfig(), createLogger({ app: 'test', level: 'silent' }), PARK_APP);
    await app.init();
    server = app.getHttpServer();
    routes = listRoutes(app);

    const side = async (label: string): Promise<{ world: BillingWorld; side: Side }> => {
      const world = await new BillingWorld(app).setUp();
      const tenantId = await world.tenant(label);
      const programmeId = await world.programme({ ratio: '0.3' }, `${label}-programme`);
      const grantId = await world.grant(tenantId, programmeId, '1000.00');
      const contractId = await world.contract(tenantId);
      await world.usage({ tenantId, start: '2026-10-05T00:00:00Z', hours: 10 });
      await world.statements.issue(tenantId, '2026-10');
      const settlement = app.get(StatementSettlementService);
      const { id: invoiceId } = await settlement.recordInvoice(tenantId, '2026-10', {
        type: 'digital',
        number: uniqueId('inv').replace(/[^0-9A-Za-z]/g, ''),
        issuedOn: '2026-11-02',
        amountExclTax: '1.00',
        tax: '0.00',
        amountInclTax: '1.00',
        file: { contentType: 'application/pdf', content: Buffer.from('%PDF-1.7 matrix') },
      });
      const payment = { receivedOn: '2026-11-05', amount: '0.01', bankReference: `matrix-${label}` };
      const { id: paymentId } = await settlement.recordPayment(tenantId, '2026-10', payment);
      const parties = app.get(InvoicingPartyService);
      await parties.record('tenant', tenantId, { ...INVOICING_PARTY, name: `${label} 测试企业` }, SYSTEM_ACTOR);
      await parties.record('park', world.parkId, INVOICING_PARTY, SYSTEM_ACTOR);
      const claim = await app.get(ClaimService).create({ programmeId, cycle: '2026-Q4' });
      const doc = await app.get(ClaimService).addDocument({
        claimId: claim.id,
        kind: 'contract',
        tenantId,
        filename: 'contract.pdf',
        content: Buffer.from('%PDF-1.7 matrix'),
      });
      return {
        world,
        side: {
          tenantId,
          tenantName: `${label} 测试企业`,
          grantId,
          bureauId: world.bureauId,
          programmeId,
          claimId: claim.id,
          contractId,
          disputeId: await seedDispute(tenantId),
          docId: doc.id,
          invoiceId,
          paymentId,
        },
      };
    };
    // a dispute row as the routes find it (the claim above covers the line, so the service would refuse to open one)
    const seedDispute = async (tenantId: string): Promise<string> => {
      const db = app.get(PrismaService).client;
      const statement = await db.statement.findFirstOrThrow({ where: { tenantId, periodId: '2026-10' } });
      const line = await db.statementLine.findFirstOrThrow({ where: { statementId: statement.id } });
      const id = uniqueId('dsp-');
      await db.statementDispute.create({
        data: {
          id,
          statementId: statement.id,
          tenantId,
          lineId: line.lineId,
          reason: 'matrix',
          requestedAmount: '1.00',
          createdBy: 'matrix',
        },
      });
      return id;
    };
    const a = await side('own');
    const b = await side('other');
    own = a.side;
    other = b.side;
    parkId = a.world.parkId;
    priceBookId = a.world.priceBookId;

    runId = (
      await app
        .get(ReconciliationService)
        .startRun({ parkId, kinds: ['ledger'], fromDay: '2026-10-01', toDay: '2026-10-31' })
    ).id;

    clusterId = uniqueId('cl-');
    const admin = await tokenFor(app, { role: 'operator-admin' });
    await request(server)
      .post('/v1/clusters')
      .set('authorization', `Bearer ${admin}`)
      .send({ id: clusterId, name: 'matrix cluster' })
      .expect(201);
    await request(server)
      .post(`/v1/clusters/${clusterId}/tenants/${own.tenantId}`)
      .set('authorization', `Bearer ${admin}`)
      .expect(204);
    agentKey = (
      await request(server).post(`/v1/clusters/${clusterId}/keys`).set('authorization', `Bearer ${admin}`).expect(201)
    ).body;

    const old = Date.now() - 100 * MS_PER_DAY;
    backfillId = (
      await app.get(UsageBackfillService).request({
        clusterId,
        reason: 'matrix',
        records: [
          {
            event_id: 'ev-matrix-backfill',
            cluster_id: clusterId,
            tenant_id: own.tenantId,
            job_id: 'j',
            job_type: 'training',
            sku: 'gpu.h100-80g',
            quantity: '3600',
            device_count: 1,
            started_at: formatTimestamp(old),
            ended_at: formatTimestamp(old + 3_600_000),
          },
        ],
      })
    ).id;

    const scope: Record<Role, Caller> = {
      'operator-admin': { role: 'operator-admin' },
      'operator-finance': { role: 'operator-finance' },
      'tenant-admin': { role: 'tenant-admin', tenantId: own.tenantId },
      'tenant-viewer': { role: 'tenant-viewer', tenantId: own.tenantId },
      'bureau-auditor': { role: 'bureau-auditor', bureauId: own.bureauId },
      'cluster-agent': { role: 'cluster-agent', clusterId },
    };
    for (const role of ROLES) tokens.set(role, await tokenFor(app, scope[role]));
    const webhooks = app.get(WebhookService);
    const hook = { url: 'http://127.0.0.1:9/matrix' };
    const actor = { subject: 'matrix', role: 'operator-admin' };
    webhookIds.set('operator-admin', (await webhooks.register({ kind: 'operator', id: '' }, hook, actor)).id);
    webhookIds.set('tenant-admin', (await webhooks.register({ kind: 'tenant', id: own.tenantId }, hook, actor)).id);
    webhookIds.set('bureau-auditor', (await webhooks.register({ kind: 'bureau', id: own.bureauId }, hook, actor)).id);
  });

  afterAll(() => app?.close());

  it('has exactly one line per route of the app (a new route without a line fails here)', () => {
    const served = [...new Set(routes.map(keyOf))].sort();
    expect(served).toEqual(Object.keys(EXPECTED).sort());
    // what each route declares agrees with the table's kind of line
    for (const route of routes) {
      const expected = EXPECTED[keyOf(route)].own;
      if (expected === PUBLIC)
        expect({ route: keyOf(route), kind: route.access?.kind }).toEqual({ route: keyOf(route), kind: 'public' });
      else if (expected === SIGNED)
        expect({ route: keyOf(route), kind: route.access?.kind }).toEqual({ route: keyOf(route), kind: 'signed' });
      else expect({ route: keyOf(route), kind: route.access?.kind }).toEqual({ route: keyOf(route), kind: 'allow' });
    }
  });

  function concretePath(path: string, variant: 'own' | 'other', who: Who): string {
    const s = variant === 'own' ? own : other;
    const byRoute = path.startsWith('/v1/programmes/')
      ? s.programmeId
      : path.startsWith('/v1/price-books/')
        ? priceBookId
        : uniqueId('sg-');
    const concrete = path
      .replace(':tenantId', s.tenantId)
      .replace(':grantId', s.grantId)
      .replace(':contractId', s.contractId)
      .replace(':invoiceId', s.invoiceId)
      .replace(':paymentId', s.paymentId)
      .replace(':claimId', s.claimId)
      .replace(':disputeId', s.disputeId)
      .replace(':runId', runId)
      .replace(':backfillId', backfillId)
      .replace(':findingId', 'fnd_missing')
      .replace(':webhookId', webhookIds.get(who) ?? 'wh_missing')
      .replace(':name', 'manifest.json')
      .replace(':docId', s.docId)
      .replace(':periodId', path.startsWith('/v1/periods/') ? '2099-01' : '2026-10')
      .replace(':clusterId', clusterId)
      .replace(':keyId', 'ak_missing')
      .replace(':parkId', parkId)
      .replace(':code', uniqueId('sku.'))
      .replace(':id', byRoute);
    if (concrete.endsWith('{/*path}')) return concrete.replace('{/*path}', '/');
    return /\/usage(\.xlsx|\/daily)?$/.test(concrete) ? `${concrete}?period=2026-10` : concrete;
  }

  /** What another tenant / bureau owns, as it could leak into a body; minus what the caller itself put in the URL. */
  function otherSecrets(url: string): string[] {
    return [other.tenantId, other.tenantName, other.grantId, other.bureauId, other.programmeId, other.claimId].filter(
      (secret) => !url.includes(secret),
    );
  }

  const CASES = Object.entries(EXPECTED)
    .filter(([route]) => !route.startsWith('RPC '))
    .flatMap(([route, rows]) =>
      (['own', 'other'] as const).flatMap((variant) => {
        const row = rows[variant];
        return row ? WHO.map((who, i) => ({ route, variant, who, cell: row[i] })) : [];
      }),
    );

  it.each(CASES)('$route ($variant) as $who → $cell', async ({ route, variant, who, cell }) => {
    const [method, path] = route.split(' ');
    const url = concretePath(path, variant, who);
    let call = request(server)[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](url);
    if (who !== 'anonymous') call = call.set('authorization', `Bearer ${tokens.get(who)}`);
    if (method !== 'GET' && method !== 'DELETE')
      call = call.send(path === '/v1/periods/:periodId/close' ? { parkId } : {});
    const res = await call.buffer(true).parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
    const text = (res.body as Buffer).toString('utf8');
    const json = (): unknown => JSON.parse(text);

    if (cell === 'ok') {
      expect([401, 403]).not.toContain(res.status);
      if (res.status === 404) expect(isRefusal(json(), 404)).toBe(false);
      // reads answer with the seeded data (the period 2099-01 of the /v1/periods/:periodId reads does not exist)
      // (and / redirects to the console)
      const answer = path === '/' ? 302 : 200;
      if (method === 'GET' && !path.startsWith('/v1/periods/:periodId'))
        expect({ url, status: res.status }).toEqual({ url, status: answer });
    } else if (cell === 'sig') {
      expect(res.status).toBe(401);
      expect(json()).toMatchObject({ error: { code: 'MISSING_SIGNATURE' } });
    } else {
      expect(res.status).toBe(cell);
      expect({ refusal: isRefusal(json(), cell), body: json() }).toMatchObject({ refusal: true });
    }
    // operators see the whole park; every other caller sees nothing of another tenant / bureau, allowed or not
    if (who !== 'operator-admin' && who !== 'operator-finance') {
      for (const secret of otherSecrets(url)) expect(text).not.toContain(secret);
    }
  });

  it("gives a tenant its own statement export, with nothing of the other tenant's in it", async () => {
    const viewer = `Bearer ${tokens.get('tenant-viewer')}`;
    const csv = await request(server)
      .get(`/v1/tenants/${own.tenantId}/statements/2026-10/export.csv`)
      .set('authorization', viewer)
      .expect(200);
    expect(csv.text).toContain(own.tenantId);
    for (const secret of otherSecrets('')) expect(csv.text).not.toContain(secret);
    const list = await request(server)
      .get(`/v1/tenants/${own.tenantId}/grants`)
      .set('authorization', viewer)
      .expect(200);
    expect(list.body.map((g: { id: string }) => g.id)).toEqual([own.grantId]);
  });

  it("answers a tenant asking for another tenant's grant under its own path as for a missing grant", async () => {
    const viewer = `Bearer ${tokens.get('tenant-viewer')}`;
    const missing = uniqueId('g-');
    const theirs = await request(server)
      .get(`/v1/tenants/${own.tenantId}/grants/${other.grantId}`)
      .set('authorization', viewer)
      .expect(404);
    const none = await request(server)
      .get(`/v1/tenants/${own.tenantId}/grants/${missing}`)
      .set('authorization', viewer)
      .expect(404);
    const normalise = (body: { error: { code: string; message: string } }, id: string) => ({
      code: body.error.code,
      message: body.error.message.replace(id, '<id>'),
    });
    expect(normalise(theirs.body, other.grantId)).toEqual(normalise(none.body, missing));
  });

  it('lets a request signed with the cluster key through every agent route, refuses a forged cluster id', async () => {
    const signed = (method: string, path: string, body: Buffer, cluster = clusterId) =>
      signedHeaders(agentKey.privateKeyPem, { method, path, body, clusterId: cluster, keyId: agentKey.keyId });
    const send = (method: 'GET' | 'POST', path: string, payload?: object, cluster?: string) => {
      const body = Buffer.from(payload ? JSON.stringify(payload) : '');
      const call =
        method === 'GET'
          ? request(server).get(path)
          : request(server).post(path).set('content-type', 'application/json').send(body.toString('utf8'));
      return call.set(signed(method, path, body, cluster));
    };
    for (const res of [
      await send('POST', '/v1/usage/batches', { records: [] }),
      await send('POST', '/v1/manifests', {}),
      await send('GET', '/v1/ingestion/status'),
      await send('POST', '/v1/usage/lookup', { event_ids: [] }),
    ]) {
      expect([401, 403]).not.toContain(res.status);
    }
    const forged = await send('GET', '/v1/ingestion/status', undefined, `${clusterId}-other`);
    expect(forged.status).toBe(401);
    // a bearer token of the cluster-agent role is not the agent's credential
    await request(server)
      .get('/v1/ingestion/status')
      .set('authorization', `Bearer ${tokens.get('cluster-agent')}`)
      .expect(401);
  });
});
