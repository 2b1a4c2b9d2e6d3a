import type { INestApplication } from '@nestjs/common';
import { OPERATOR_ADMIN, OPERATOR_FINANCE, httpAs } from '../support/auth-tokens';
import { uniqueId } from '../support/test-config';
import { billingApp } from './billing-park.fixture';

// Issue 12 item 11: parks are registered; a typo in a park id no longer creates a park.
describe('registered parks', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await billingApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('registers a park; refuses a tenant or a close naming an unknown one; main exists', async () => {
    const admin = await httpAs(app, OPERATOR_ADMIN);
    const finance = await httpAs(app, OPERATOR_FINANCE);
    const parkId = uniqueId('gy-park-');
    const created = await admin.post('/v1/parks').send({ id: parkId, name: '贵阳大数据产业园' }).expect(201);
    expect(created.body).toMatchObject({ id: parkId, name: '贵阳大数据产业园' });
    expect((await admin.post('/v1/parks').send({ id: parkId, name: 'again' }).expect(409)).body.error.code).toBe(
      'ALREADY_EXISTS',
    );
    expect(
      (await admin.post('/v1/parks').send({ id: '', name: '' }).expect(400)).body.error.issues.map(
        (i: { path: string }) => i.path,
      ),
    ).toEqual(['id', 'name']);
    await finance
      .post('/v1/parks')
      .send({ id: uniqueId('p-'), name: 'x' })
      .expect(403);
    expect((await finance.get(`/v1/parks/${parkId}`).expect(200)).body.name).toBe('贵阳大数据产业园');
    expect((await finance.get('/v1/parks').expect(200)).body.map((p: { id: string }) => p.id)).toEqual(
      expect.arrayContaining(['main', parkId]),
    );
    const missing = await finance.get('/v1/parks/no-such-park').expect(404);
    expect(missing.body.error).toMatchObject({ code: 'PARK_NOT_FOUND', message: 'park no-such-park not found' });

    const typo = `${parkId}x`;
    const tenant = await admin
      .post('/v1/tenants')
      .send({ id: uniqueId('t-'), name: '测试企业', parkId: typo })
      .expect(400);
    expect(tenant.body.error.issues).toEqual([
      { path: 'parkId', message: `unknown park ${typo}: register it first (POST /v1/parks)` },
    ]);
    await admin
      .post('/v1/tenants')
      .send({ id: uniqueId('t-'), name: '测试企业', parkId })
      .expect(201);
    const close = await finance.post('/v1/periods/2026-09/close').send({ parkId: typo }).expect(404);
    expect(close.body.error.code).toBe('PARK_NOT_FOUND');
    expect((await finance.get('/v1/parks').expect(200)).body.map((p: { id: string }) => p.id)).not.toContain(typo);
  });
});
