import { z } from 'zod';
import { parseRequestInput, requestInput, RequestInputInvalid } from './request-input';
import { openApiSchemaOf } from './request-input.openapi';

const SPEC = requestInput({
  params: z.strictObject({ tenantId: z.string().regex(/^[a-z]+$/) }),
  query: z.strictObject({ limit: z.string().regex(/^\d+$/).transform(Number).optional() }),
  body: z.strictObject({ name: z.string().min(1), flags: z.array(z.string()).optional() }),
});

function problems(req: Parameters<typeof parseRequestInput>[1]) {
  try {
    parseRequestInput(SPEC, req);
  } catch (error) {
    if (error instanceof RequestInputInvalid) return error.issues.map((i) => i.path);
    throw error;
  }
  return [];
}

describe('parseRequestInput', () => {
  it('returns the parsed params, query and body', () => {
    const input = parseRequestInput(SPEC, {
      params: { tenantId: 'acme' },
      query: { limit: '5' },
      body: { name: 'Acme' },
    });
    expect(input).toEqual({ params: { tenantId: 'acme' }, query: { limit: 5 }, body: { name: 'Acme' } });
  });

  it('names every problem of params, query and body at once', () => {
    const paths = problems({
      params: { tenantId: 'a\u0000b' },
      query: { limit: ['1', '2'], other: 'x' },
      body: { name: 5, flags: 'startup', extra: true },
    });
    expect(paths.sort()).toEqual(['extra', 'flags', 'name', 'query.limit', 'query.other', 'tenantId']);
  });

  it('refuses a missing, null or non-JSON body as `body`', () => {
    const params = { tenantId: 'acme' };
    expect(problems({ params, query: {}, body: undefined })).toEqual(['body']);
    expect(problems({ params, query: {}, body: null })).toEqual(['body']);
    expect(problems({ params, query: {}, body: undefined, rawBody: Buffer.from('hello') })).toEqual(['body']);
  });

  it('refuses any query parameter on a route that declares none', () => {
    expect(() => parseRequestInput(requestInput({}), { params: {}, query: { x: '1' }, body: undefined })).toThrow(
      /query\.x: unknown field/,
    );
  });
});

describe('openApiSchemaOf', () => {
  it('describes what the request must look like (the input side of transforms)', () => {
    expect(openApiSchemaOf(SPEC.body)).toEqual({
      type: 'object',
      properties: { name: { type: 'string', minLength: 1 }, flags: { type: 'array', items: { type: 'string' } } },
      required: ['name'],
      additionalProperties: false,
    });
  });
});
