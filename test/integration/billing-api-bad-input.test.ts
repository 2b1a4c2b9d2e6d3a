import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { listRoutes, type RouteDeclaration } from '@park/auth';
import { ClaimService } from '@park/claims';
import { tokenFor } from '../support/auth-tokens';
import { uniqueId } from '../support/test-config';
import { billingApp, BillingWorld, INVOICING_PARTY } from './billing-park.fixture';

/**
 * The malformed-input corpus of billing-api (issue 11 item 4): every route × repeated query parameters, NUL bytes
 * in path and query, overflowing values, null / non-JSON / text-plain bodies, wrong JSON types, and 32 concurrent
 * duplicate creates of one id per create route. No answer may be a 5xx; bad input is a 400 naming the field, a
 * duplicate a 409. The table is generated from the app's route table: a new route without an entry fails here.
 */
type Json = Record<string, unknown>;

interface Entry {
  /** Who calls: the bureau's auditor for the routes only it may call, operator-admin otherwise. */
  as?: 'auditor';
  /** A valid body (fresh ids each call): its fields are mutated one at a time, and it is what duplicates send. */
  body?: () => Json;
  /** 'once': 32 concurrent identical creates give one success and 31 × 409; 'upsert': all succeed. */
  creates?: 'once' | 'upsert';
}

interface World {
  tenantId: string;
  grantId: string;
  programmeId: string;
  claimId: string;
  bureauId: string;
  priceBookId: string;
  parkId: string;
  /** A second tenant with its own programme, grant and issued statement: claimed and clawed back by the corpus. */
  spare: { programmeId: string; grantId: string };
  /** A contract of the tenant and a contract-settlement programme (issue 12 item 3). */
  contractId: string;
  settlementProgrammeId: string;
}

let w: World;
const skuCode = uniqueId('sku.corpus');
const groupId = uniqueId('sg-');

const CORPUS: Record<string, Entry> = {
  'GET /v1/skus': {},
  'PUT /v1/skus/:code': {
    body: () => ({
      name: 'corpus',
      resourceClass: 'ai',
      baseUnit: 'gpu_second',
      billingUnit: 'gpu_hour',
      unitsPerBillingUnit: '3600',
    }),
    creates: 'upsert',
  },
  'GET /v1/price-books': {},
  'POST /v1/price-books': {
    body: () => ({ id: uniqueId('pb-'), name: 'corpus book', isDefault: false }),
    creates: 'once',
  },
  'GET /v1/price-books/:id': {},
  'POST /v1/price-books/:id/versions': {
    body: () => ({
      version: 2,
      effectiveFrom: '2030-01-01T00:00:00Z',
      prices: { 'gpu.h100-80g': { kind: 'per_unit', unitPrice: '11.00' } },
    }),
    creates: 'once',
  },
  'GET /v1/bureaus': {},
  'POST /v1/bureaus': { body: () => ({ id: uniqueId('bu-'), name: 'corpus bureau', level: 'city' }), creates: 'once' },
  'GET /v1/programmes': {},
  'POST /v1/programmes': {
    body: () => ({ id: uniqueId('pr-'), bureauId: w.bureauId, name: 'corpus programme', rules: { ratio: '0.2' } }),
    creates: 'once',
  },
  'GET /v1/programmes/:id': {},
  'GET /v1/programmes/:id/spend': {},
  'POST /v1/programmes/:id/rules-versions': {
    body: () => ({ effectiveFrom: '2031-01-01', rules: { ratio: '0.1', caps: { perTenantPerYear: '100.00' } } }),
    creates: 'once',
  },
  'GET /v1/stacking-groups': {},
  'PUT /v1/stacking-groups/:id': { body: () => ({ ceiling: '1' }), creates: 'upsert' },
  'POST /v1/programmes/:id/clawbacks': {
    body: () => ({ grantId: w.spare.grantId, reason: 'corpus: fabricated contract' }),
    creates: 'once',
  },
  'GET /v1/programmes/:id/clawbacks': {},
  'GET /v1/parks': {},
  'POST /v1/parks': { body: () => ({ id: uniqueId('pk-'), name: 'corpus park' }), creates: 'once' },
  'GET /v1/parks/:parkId': {},
  'GET /v1/parks/:parkId/invoicing-party': {},
  'PUT /v1/parks/:parkId/invoicing-party': { body: () => ({ ...INVOICING_PARTY }), creates: 'upsert' },
  'GET /v1/parks/:parkId/invoicing-party/versions': {},
  'GET /v1/tenants/:tenantId/invoicing-party': {},
  'PUT /v1/tenants/:tenantId/invoicing-party': { body: () => ({ ...INVOICING_PARTY }), creates: 'upsert' },
  'GET /v1/tenants/:tenantId/invoicing-party/versions': {},
  'GET /v1/periods': {},
  'GET /v1/periods/:periodId': {},
  'POST /v1/periods/:periodId/close': { body: () => ({ parkId: w.parkId }) },
  'GET /v1/periods/:periodId/close': {},
  'GET /v1/periods/:periodId/invoice-requests.xlsx': {},
  'POST /v1/periods/:periodId/holds/:tenantId/override': {
    body: () => ({ reason: 'corpus: checked by hand', parkId: w.parkId }),
  },
  'POST /v1/backfills': {
    body: () => ({
      clusterId: 'corpus-cluster',
      reason: 'corpus: agent offline',
      records: [{ event_id: 'ev-corpus', tenant_id: w.tenantId, quantity: '3600' }],
    }),
  },
  'GET /v1/backfills': {},
  'GET /v1/backfills/:backfillId': {},
  'POST /v1/backfills/:backfillId/approve': {},
  'GET /v1/tenants': {},
  'POST /v1/tenants': {
    body: () => ({ id: uniqueId('tn-'), name: 'corpus 企业', parkId: w.parkId, flags: ['startup'] }),
    creates: 'once',
  },
  'GET /v1/tenants/:tenantId': {},
  'PATCH /v1/tenants/:tenantId': { body: () => ({ name: 'corpus renamed', provinceCode: '52', flags: ['startup'] }) },
  'GET /v1/tenants/:tenantId/contracts': {},
  'POST /v1/tenants/:tenantId/contracts': {
    body: () => ({
      id: uniqueId('ct-'),
      number: uniqueId('HT-'),
      signedOn: '2029-12-01',
      effectiveFrom: '2030-01-01T00:00:00Z',
      termMonths: 12,
    }),
    creates: 'once',
  },
  'GET /v1/tenants/:tenantId/contracts/:contractId/settlements': {},
  'POST /v1/tenants/:tenantId/contracts/:contractId/settlements': {
    body: () => ({
      programmeId: w.settlementProgrammeId,
      settledAmount: '100.00',
      settledOn: '2027-03-01',
      reference: uniqueId('JS-'),
    }),
  },
  'GET /v1/tenants/:tenantId/usage': {},
  'GET /v1/tenants/:tenantId/usage.xlsx': {},
  'GET /v1/tenants/:tenantId/usage/daily': {},
  'GET /v1/tenants/:tenantId/charges': {},
  'POST /v1/tenants/:tenantId/grants': {
    body: () => ({
      id: uniqueId('g-'),
      programmeId: w.programmeId,
      faceValue: '10.00',
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
    }),
    creates: 'once',
  },
  'GET /v1/tenants/:tenantId/grants': {},
  'GET /v1/tenants/:tenantId/grants/:grantId': {},
  'GET /v1/tenants/:tenantId/grants/:grantId/ledger': {},
  'POST /v1/tenants/:tenantId/grants/:grantId/suspend': { body: () => ({ reason: 'corpus' }) },
  'POST /v1/tenants/:tenantId/grants/:grantId/reactivate': {},
  'POST /v1/tenants/:tenantId/grants/:grantId/revoke': { body: () => ({ reason: 'corpus' }) },
  'GET /v1/tenants/:tenantId/statements': {},
  'GET /v1/tenants/:tenantId/statements/:periodId': {},
  'GET /v1/tenants/:tenantId/statements/:periodId/preview': {},
  'GET /v1/tenants/:tenantId/statements/:periodId/export.pdf': {},
  'GET /v1/tenants/:tenantId/statements/:periodId/export.csv': {},
  'GET /v1/tenants/:tenantId/statements/:periodId/export.xlsx': {},
  'POST /v1/tenants/:tenantId/statements/:periodId/issue': {},
  'GET /v1/tenants/:tenantId/statements/:periodId/invoices': {},
  'POST /v1/tenants/:tenantId/statements/:periodId/invoices': {
    body: () => ({
      type: 'digital',
      number: uniqueId('CORPUS'),
      issuedOn: '2026-11-02',
      amountExclTax: '0.01',
      tax: '0.00',
      amountInclTax: '0.01',
      file: { contentType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.7 corpus').toString('base64') },
    }),
    creates: 'once',
  },
  'GET /v1/tenants/:tenantId/statements/:periodId/invoices/:invoiceId': {},
  'GET /v1/tenants/:tenantId/statements/:periodId/invoices/:invoiceId/file': {},
  'POST /v1/tenants/:tenantId/statements/:periodId/invoices/:invoiceId/void': { body: () => ({ reason: '作废' }) },
  'GET /v1/tenants/:tenantId/statements/:periodId/payments': {},
  'POST /v1/tenants/:tenantId/statements/:periodId/payments': {
    body: () => ({ receivedOn: '2026-11-05', amount: '0.01', bankReference: uniqueId('BANK-'), payer: '测试企业' }),
    creates: 'once',
  },
  'POST /v1/tenants/:tenantId/statements/:periodId/payments/:paymentId/reverse': { body: () => ({ reason: '退票' }) },
  'POST /v1/tenants/:tenantId/statements/:periodId/pay': {
    body: () => ({ paymentReference: 'P-1', invoiceNumber: 'I-1' }),
  },
  'GET /v1/disputes': {},
  'GET /v1/tenants/:tenantId/statements/:periodId/disputes': {},
  'POST /v1/tenants/:tenantId/statements/:periodId/disputes': {
    body: () => ({ lineId: 'corpus-line', reason: 'corpus', amount: '1.00' }),
  },
  'GET /v1/tenants/:tenantId/statements/:periodId/disputes/:disputeId': {},
  'POST /v1/tenants/:tenantId/statements/:periodId/disputes/:disputeId/accept': {
    body: () => ({ amount: '1.00', reason: 'corpus' }),
  },
  'POST /v1/tenants/:tenantId/statements/:periodId/disputes/:disputeId/reject': { body: () => ({ reason: 'corpus' }) },
  'GET /v1/audit/verify': {},
  'GET /v1/audit/events': {},
  'POST /v1/claims': { body: () => ({ programmeId: w.spare.programmeId, cycle: '2026-Q4' }), creates: 'once' },
  'GET /v1/claims': {},
  'GET /v1/claims/:claimId': {},
  'POST /v1/claims/:claimId/submit': {},
  'POST /v1/claims/:claimId/start-review': { as: 'auditor' },
  'POST /v1/claims/:claimId/review': {
    as: 'auditor',
    body: () => ({ decisions: [{ lineId: 'l-1', decision: 'approved' }] }),
  },
  'POST /v1/claims/:claimId/pay': { body: () => ({ paymentReference: 'BANK-1' }) },
  'GET /v1/claims/:claimId/drilldown': {},
  'GET /v1/claims/:claimId/export.xlsx': {},
  'GET /v1/claims/:claimId/evidence/verify': {},
  'GET /v1/claims/:claimId/evidence/:name': {},
  'POST /v1/claims/:claimId/documents': {
    body: () => ({
      kind: 'contract',
      tenantId: w.tenantId,
      filename: '合同.pdf',
      contentBase64: Buffer.from('%PDF-1.7 corpus').toString('base64'),
    }),
  },
  'GET /v1/claims/:claimId/documents': {},
  'GET /v1/claims/:claimId/documents/:docId': {},
  'GET /v1/claims/:claimId/checklist': {},
  'POST /v1/reconciliation/runs': {
    body: () => ({ kinds: ['ledger'], fromDay: '2026-10-01', toDay: '2026-10-02', parkId: w.parkId }),
  },
  'GET /v1/reconciliation/runs/:runId': {},
  'GET /v1/reconciliation/findings': {},
  'POST /v1/reconciliation/findings/:findingId/resolve': { body: () => ({ reason: 'corpus: checked by hand' }) },
  'GET /v1/webhooks': {},
  'POST /v1/webhooks': {
    body: () => ({ url: 'http://127.0.0.1:9/corpus', description: 'corpus', eventTypes: ['statement.issued'] }),
  },
  'GET /v1/webhooks/:webhookId': {},
  'GET /v1/webhooks/:webhookId/deliveries': {},
  'POST /v1/webhooks/:webhookId/resume': {},
  'DELETE /v1/webhooks/:webhookId': {},
  'PUT /v1/programmes/:id/alerts': {
    body: () => ({ balanceLowPercent: '20', balanceLowAmount: '5000.00', expiringDays: 30 }),
  },
  'PUT /v1/tenants/:tenantId/grants/:grantId/alerts': {
    body: () => ({ balanceLowPercent: '20', balanceLowAmount: '5000.00', expiringDays: 30 }),
  },
  'POST /v1/admin/queue-dashboard/session': {},
};

function concretePath(path: string, nul?: string): string {
  const values: Record<string, string> = {
    tenantId: w.tenantId,
    grantId: w.grantId,
    contractId: w.contractId,
    claimId: w.claimId,
    disputeId: 'dsp-corpus-unknown',
    invoiceId: 'inv-corpus-unknown',
    paymentId: 'pay-corpus-unknown',
    runId: 'run-corpus-unknown',
    backfillId: '00000000-0000-4000-8000-000000000000',
    parkId: w.parkId,
    findingId: 'finding-corpus-unknown',
    webhookId: 'wh-corpus-unknown',
    name: 'manifest.json',
    docId: 'cdoc-corpus-unknown',
    periodId: path.startsWith('/v1/periods/') ? '2099-01' : '2026-10',
    code: skuCode,
    id: path.startsWith('/v1/price-books/')
      ? w.priceBookId
      : path.startsWith('/v1/stacking-groups/')
        ? groupId
        : path.endsWith('/clawbacks')
          ? w.spare.programmeId
          : w.programmeId,
  };
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => (name === nul ? 'a%00b' : values[name]));
}

interface Answer {
  status: number;
  body: { error?: { code?: string; message?: string; issues?: { path: string; message: string }[] } };
}

/** A mutation of a valid body: the JSON text sent and the field it breaks. */
function mutations(valid: Json): { field: string; json: string }[] {
  const out: { field: string; json: string }[] = [];
  for (const [field, value] of Object.entries(valid)) {
    const wrong =
      typeof value === 'string' ? 12345 : typeof value === 'number' ? 'x' : typeof value === 'boolean' ? 'yes' : 'x';
    out.push({ field, json: JSON.stringify({ ...valid, [field]: wrong }) });
    if (typeof value === 'string') {
      out.push({ field, json: JSON.stringify({ ...valid, [field]: `a\u0000b` }) });
      out.push({ field, json: JSON.stringify({ ...valid, [field]: '9'.repeat(5000) }) });
    }
    if (typeof value === 'number')
      out.push({ field, json: JSON.stringify({ ...valid, [field]: '__N__' }).replace('"__N__"', '1e400') });
    if (Array.isArray(value)) out.push({ field, json: JSON.stringify({ ...valid, [field]: [12345] }) });
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      out.push({ field, json: JSON.stringify({ ...valid, [field]: { nested: 'a\u0000b' } }) });
    }
  }
  out.push({ field: 'corpusUnknownField', json: JSON.stringify({ ...valid, corpusUnknownField: 1 }) });
  return out;
}

describe('billing-api answers malformed input with 400 naming the field, duplicates with 409, never a 5xx', () => {
  let app: INestApplication;
  let server: Server;
  let routes: RouteDeclaration[];
  const auth = { admin: '', auditor: '' };

  beforeAll(async () => {
    app = await billingApp();
    server = app.getHttpServer();
    routes = listRoutes(app).filter((route) => route.transport === 'http' && route.path.startsWith('/v1/'));
    const world = await new BillingWorld(app).setUp();
    const tenantId = await world.tenant('corpus');
    const programmeId = await world.programme({ ratio: '0.3' }, 'corpus-programme');
    const grantId = await world.grant(tenantId, programmeId, '1000.00');
    const contractId = await world.contract(tenantId);
    const settlementProgrammeId = await world.programme(
      {
        mechanism: 'contract_settlement',
        ratio: '0.3',
        contractSettlement: {
          basePeriod: 'settlement_year',
          dayCount: 'inclusive',
          intermediateRounding: 'TRUNCATE_YUAN',
          finalRounding: 'TRUNCATE_YUAN',
        },
      },
      'corpus-settlement',
    );
    await world.usage({ tenantId, start: '2026-10-05T00:00:00Z', hours: 10 });
    await world.statements.issue(tenantId, '2026-10');
    const claim = await app.get(ClaimService).create({ programmeId, cycle: '2026-Q4' });
    const spareTenant = await world.tenant('spare');
    const spareProgramme = await world.programme({ ratio: '0.2' }, 'spare-programme');
    const spareGrant = await world.grant(spareTenant, spareProgramme, '1000.00');
    await world.usage({ tenantId: spareTenant, start: '2026-10-06T00:00:00Z', hours: 10 });
    await world.statements.issue(spareTenant, '2026-10');
    w = {
      tenantId,
      grantId,
      programmeId,
      claimId: claim.id,
      bureauId: world.bureauId,
      priceBookId: world.priceBookId,
      parkId: world.parkId,
      spare: { programmeId: spareProgramme, grantId: spareGrant },
      contractId,
      settlementProgrammeId,
    };
    auth.admin = `Bearer ${await tokenFor(app, { role: 'operator-admin' })}`;
    auth.auditor = `Bearer ${await tokenFor(app, { role: 'bureau-auditor', bureauId: world.bureauId })}`;
  });

  afterAll(() => app?.close());

  const keyOf = (route: Pick<RouteDeclaration, 'method' | 'path'>) => `${route.method} ${route.path}`;

  it('has exactly one corpus entry per route of billing-api (a new route without one fails here)', () => {
    expect([...new Set(routes.map(keyOf))].sort()).toEqual(Object.keys(CORPUS).sort());
  });

  it('describes every input in the OpenAPI from the same schemas, and lists the error codes', async () => {
    const doc = (await request(server).get('/openapi.json').expect(200)).body as {
      paths: Record<
        string,
        Record<string, { parameters?: { name: string }[]; requestBody?: { content: Json }; responses: Json }>
      >;
    };
    const tenants = doc.paths['/v1/tenants'].post;
    const body = (tenants.requestBody?.content['application/json'] as { schema: Json }).schema;
    expect(body).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['id', 'name']),
      additionalProperties: false,
    });
    expect(doc.paths['/v1/audit/events'].get.parameters?.map((p) => p.name).sort()).toEqual(['after', 'limit']);
    expect(doc.paths['/v1/tenants/{tenantId}/grants/{grantId}'].get.parameters?.map((p) => p.name).sort()).toEqual([
      'grantId',
      'tenantId',
    ]);
    const error = JSON.stringify(tenants.responses['400']);
    for (const code of ['INVALID_INPUT', 'ALREADY_EXISTS', 'TENANT_NOT_FOUND', 'INTERNAL'])
      expect(error).toContain(`"${code}"`);
  });

  async function send(key: string, url: string, body?: { type: string; text: string }): Promise<Answer> {
    const [method] = key.split(' ');
    let call = request(server)[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](url);
    call = call.set('authorization', CORPUS[key].as === 'auditor' ? auth.auditor : auth.admin);
    if (body) call = call.set('content-type', body.type).send(body.text);
    const res = await call;
    return { status: res.status, body: (res.body ?? {}) as Answer['body'] };
  }

  /** The query parameters a route declares, read from the OpenAPI that the same schemas generate. */
  async function queryParams(path: string, method: string): Promise<string[]> {
    const doc = (await request(server).get('/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    const operation = doc.paths[path.replace(/:([A-Za-z]+)/g, '{$1}')]?.[method.toLowerCase()];
    return (operation?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
  }

  it.each(Object.keys(CORPUS))('%s: every malformed request is a 400 naming the field', async (key) => {
    const [method, path] = key.split(' ');
    const entry = CORPUS[key];
    const problems: string[] = [];
    const expectNamed = (what: string, answer: Answer, field: string, alsoOk: number[] = []) => {
      if (alsoOk.includes(answer.status)) return;
      const paths = answer.body.error?.issues?.map((i) => i.path) ?? [];
      const named = paths.some((p) => p === field || p.startsWith(`${field}.`) || p.startsWith(`${field}[`));
      if (answer.status !== 400 || !named) problems.push(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
    };

    for (const param of [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1])) {
      // the guard of an auditor-only route looks the claim up first: an id that cannot exist is its 404
      expectNamed(
        `NUL in :${param}`,
        await send(key, concretePath(path, param)),
        param,
        entry.as === 'auditor' ? [404] : [],
      );
    }
    const url = concretePath(path);
    for (const name of await queryParams(path, method)) {
      expectNamed(`repeated ?${name}`, await send(key, `${url}?${name}=a&${name}=b`), `query.${name}`);
      expectNamed(`NUL in ?${name}`, await send(key, `${url}?${name}=a%00b`), `query.${name}`);
      expectNamed(`overflowing ?${name}`, await send(key, `${url}?${name}=${'9'.repeat(400)}`), `query.${name}`);
    }
    expectNamed('unknown query parameter', await send(key, `${url}?corpusUnknown=1`), 'query.corpusUnknown');

    if (method !== 'GET') {
      const json = (text: string) => ({ type: 'application/json', text });
      expectNamed('text/plain body', await send(key, url, { type: 'text/plain', text: 'hello' }), 'body');
      // a route that takes no body ignores a JSON one (its answer is the action's own, never a 5xx)
      for (const text of ['null', '[]', '"x"', '42']) {
        const answer = await send(key, url, json(text));
        if (entry.body) expectNamed(`${text} body`, answer, 'body');
        else if (answer.status >= 500) problems.push(`${text} body: ${answer.status}`);
      }
      const broken = await send(key, url, json('{"a":'));
      if (broken.status !== 400 || broken.body.error?.code !== 'MALFORMED_JSON')
        problems.push(`broken JSON: ${broken.status}`);
      if (entry.body) {
        for (const m of mutations(entry.body()))
          expectNamed(`body ${m.json.slice(0, 120)}`, await send(key, url, json(m.json)), m.field);
      }
    }
    expect(problems).toEqual([]);
  });

  // claims before the clawback of the same grant (a clawback takes the grant's redemptions off later claims)
  const CREATES = Object.keys(CORPUS)
    .filter((key) => CORPUS[key].creates)
    .sort((a, b) => Number(b.includes('/claims')) - Number(a.includes('/claims')));

  it.each(CREATES)('%s: 32 concurrent identical creates give one success and 409s, never a 5xx', async (key) => {
    const [, path] = key.split(' ');
    const body = JSON.stringify(CORPUS[key].body?.());
    const answers = await Promise.all(
      Array.from({ length: 32 }, () => send(key, concretePath(path), { type: 'application/json', text: body })),
    );
    const statuses = answers.map((a) => a.status).sort();
    const ok = statuses.filter((s) => s === 200 || s === 201).length;
    if (CORPUS[key].creates === 'upsert')
      expect({ key, statuses: [...new Set(statuses)] }).toEqual({ key, statuses: [200] });
    else {
      const refusals = answers.filter((a) => a.status !== 200 && a.status !== 201);
      const rest = [...new Set(refusals.map((a) => a.status))];
      const why = ok === 1 ? [] : [...new Set(refusals.map((a) => a.body.error?.message))];
      expect({ key, ok, rest, why }).toEqual({ key, ok: 1, rest: [409], why: [] });
    }
  });
});
