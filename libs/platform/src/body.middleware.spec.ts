import type { AddressInfo, Server } from 'node:net';
import express from 'express';
import { bodyMiddleware } from './body.middleware';

/** A bare express app with the middleware, echoing what it parsed. */
function appWithBodies(limitBytes = 1024) {
  const app = express();
  app.use(
    bodyMiddleware(limitBytes, {
      deferJson: (req) => req.headers['x-later'] === '1',
      screen: (req) =>
        req.headers['x-refuse']
          ? Promise.resolve({ status: 401, code: 'REFUSED', message: 'screened out' })
          : undefined,
    }),
  );
  app.post('/', (req, res) => {
    res.json({ body: req.body ?? null, rawBytes: (req as { rawBody?: Buffer }).rawBody?.length ?? -1 });
  });
  return app;
}

describe('bodyMiddleware', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = await new Promise<Server>((resolve) => {
      const s = appWithBodies().listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  // fetch sends the bytes as they are (supertest would re-encode a Buffer as JSON)
  const post = async (bytes: Buffer, type = 'application/json', extra: Record<string, string> = {}) => {
    const res = await fetch(`${base}/`, { method: 'POST', headers: { 'content-type': type, ...extra }, body: bytes });
    return {
      status: res.status,
      body: (await res.json()) as { body: unknown; rawBytes: number; error: { code: string; message: string } },
    };
  };

  it('parses JSON bodies and keeps the exact bytes', async () => {
    const bytes = Buffer.from('{"records":[{"attributes":{"show":"长安十二时辰"}}]}');
    const res = await post(bytes);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ body: { records: [{ attributes: { show: '长安十二时辰' } }] }, rawBytes: bytes.length });
  });

  it('ignores a UTF-8 byte-order mark before the JSON', async () => {
    const res = await post(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]));
    expect(res.status).toBe(200);
    expect(res.body.body).toEqual({ a: 1 });
  });

  it.each([
    ['a truncated sequence', [0xc3, 0x28]],
    ['an overlong encoding', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a stray continuation byte', [0x80]],
  ])('refuses %s as INVALID_UTF8, never as replacement characters', async (_name, bad) => {
    const res = await post(Buffer.concat([Buffer.from('{"a":"'), Buffer.from(bad), Buffer.from('"}')]));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_UTF8');
  });

  it('names malformed JSON', async () => {
    const res = await post(Buffer.from('{"a":'));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'MALFORMED_JSON',
      message: expect.stringContaining('not valid JSON'),
    });
  });

  it('answers 413 above the limit', async () => {
    const res = await post(Buffer.from(JSON.stringify({ pad: 'x'.repeat(2048) })));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('BODY_TOO_LARGE');
  });

  it('leaves other content types as bytes', async () => {
    const res = await post(Buffer.from([0xff, 0xfe]), 'application/octet-stream');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ body: null, rawBytes: 2 });
  });

  it('leaves a deferred request unparsed (its authenticator parses it), even when it is not JSON', async () => {
    const res = await post(Buffer.from('{"a":'), 'application/json', { 'x-later': '1' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ body: null, rawBytes: 5 });
  });

  it('answers a screened-out request before reading its body, however large', async () => {
    const res = await post(Buffer.alloc(4096, 0x20), 'application/json', { 'x-refuse': '1' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('REFUSED');
  });
});

describe('bodyMiddleware with a limit per route', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const app = express();
    app.use(bodyMiddleware((req) => (req.path.startsWith('/agent') ? 4096 : 1024)));
    app.post(['/agent', '/rest'], (req, res) => {
      res.json({ rawBytes: (req as { rawBody?: Buffer }).rawBody?.length ?? -1 });
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads up to each route’s limit and refuses beyond it with 413', async () => {
    const body = Buffer.from(JSON.stringify({ pad: 'x'.repeat(2000) }));
    const send = (path: string) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const agent = await send('/agent');
    expect(agent.status).toBe(200);
    expect(await agent.json()).toEqual({ rawBytes: body.length });
    const rest = await send('/rest');
    expect(rest.status).toBe(413);
    expect(((await rest.json()) as { error: { code: string } }).error.code).toBe('BODY_TOO_LARGE');
  });
});
