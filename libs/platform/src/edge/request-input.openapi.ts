import { ApiBody, ApiParam, ApiQuery, type ApiBodyOptions } from '@nestjs/swagger';
import { z } from 'zod';
import type { RequestInputSpec } from './request-input';

/** @nestjs/swagger's OpenAPI schema object type (not exported by name). */
export type SchemaObject = Exclude<
  NonNullable<Extract<ApiBodyOptions, { schema?: unknown }>['schema']>,
  { $ref: string }
>;

/** A zod schema as an OpenAPI 3.0 schema object (what the request must look like, before transforms). */
export function openApiSchemaOf(schema: z.ZodType): SchemaObject {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  delete json.$schema;
  return json as SchemaObject;
}

function fieldsOf(schema: z.ZodObject): [string, z.ZodType][] {
  return Object.entries(schema.shape as Record<string, z.ZodType>);
}

/** Writes the route's parameters and body into the Swagger metadata of handler `key` of `target`. */
export function describeRequestInput(spec: RequestInputSpec, target: object, key: string | symbol): void {
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (!descriptor) return;
  const decorators: MethodDecorator[] = [];
  for (const [name, schema] of fieldsOf(spec.params ?? z.object({}))) {
    decorators.push(
      ApiParam({ name, required: true, schema: openApiSchemaOf(schema), description: schema.description }),
    );
  }
  for (const [name, schema] of fieldsOf(spec.query ?? z.object({}))) {
    const required = !schema.safeParse(undefined).success;
    decorators.push(ApiQuery({ name, required, schema: openApiSchemaOf(schema), description: schema.description }));
  }
  if (spec.body) {
    const required = !spec.body.safeParse(undefined).success;
    decorators.push(ApiBody({ required, schema: openApiSchemaOf(spec.body) }));
  }
  for (const decorate of decorators) decorate(target, key, descriptor);
}
