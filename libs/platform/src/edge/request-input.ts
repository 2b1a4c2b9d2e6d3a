import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { describeRequestInput } from './request-input.openapi';

/** What a route takes, as zod schemas: path parameters, query parameters and the JSON body. */
export interface RequestInputSpec {
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  /** `.optional()` when the route takes no body or an optional one. */
  readonly body?: z.ZodType;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** The validated input a handler receives from `@ValidInput(spec)`. */
export interface RequestInput<S extends RequestInputSpec> {
  readonly params: Out<S['params']>;
  readonly query: Out<S['query']>;
  readonly body: Out<S['body']>;
}

/**
 * Declares a route's input once; the same object validates requests and describes them in the OpenAPI. Without
 * `params` / `query` the route takes none; without `body` a JSON body is ignored (actions such as `…/submit`).
 */
export function requestInput<const S extends RequestInputSpec>(spec: S): S {
  return spec;
}

/** One problem of a request's input: `tenantId` (path), `query.after`, `body`, `flags[0]` (body field). */
export interface InputIssue {
  readonly path: string;
  readonly message: string;
}

/** A request whose params, query or body do not fit the route's schemas; carries every problem found. */
export class RequestInputInvalid extends Error {
  override readonly name = 'RequestInputInvalid';
  readonly code = 'INVALID_INPUT';
  constructor(readonly issues: readonly InputIssue[]) {
    super(`invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
}

function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  // `query.after`, `tenantId` (a path parameter), `flags[0]` (a body field), `body` (the body as a whole)
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? 'body' : out;
}

function issuesOf(issues: readonly z.core.$ZodIssue[], prefix: string, at: readonly PropertyKey[] = []): InputIssue[] {
  return issues.flatMap((issue) => {
    const path = [...at, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: joinPath(prefix, [...path, key]), message: 'unknown field' }));
    }
    if (issue.code === 'invalid_union') {
      // a value of one alternative's type (an object where "0.3" or { tiers } is allowed): name what is wrong inside
      const fitting = issue.errors.filter((branch) => !branch.some((i) => i.path.length === 0 && isTypeMismatch(i)));
      if (fitting.length === 1) return issuesOf(fitting[0], prefix, path);
    }
    return [{ path: joinPath(prefix, path), message: issue.message }];
  });
}

const isTypeMismatch = (issue: z.core.$ZodIssue) => issue.code === 'invalid_type' || issue.code === 'custom';

const NOTHING = z.strictObject({});

type RawRequest = Pick<Request, 'params' | 'query' | 'body'> & { rawBody?: Buffer };

/**
 * Validates params, query and body together, so one answer names every problem. A body that was sent but is not
 * JSON (the body middleware parses `application/json` only) is refused rather than read as absent.
 */
export function parseRequestInput<S extends RequestInputSpec>(spec: S, req: RawRequest): RequestInput<S> {
  const issues: InputIssue[] = [];
  const parse = (schema: z.ZodType | undefined, value: unknown, prefix: string): unknown => {
    if (!schema) return undefined;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    issues.push(...issuesOf(result.error.issues, prefix));
    return undefined;
  };
  // a route that declares no params or query takes none: an unexpected query parameter is named, not ignored
  const params = parse(spec.params ?? NOTHING, { ...req.params }, '');
  const query = parse(spec.query ?? NOTHING, { ...(req.query as object) }, 'query');
  let body: unknown;
  const sentButNotJson = req.body === undefined && (req.rawBody?.length ?? 0) > 0;
  if (sentButNotJson) issues.push({ path: 'body', message: 'must be JSON, sent with Content-Type: application/json' });
  else if (spec.body) body = parse(spec.body, req.body, '');
  if (issues.length > 0) throw new RequestInputInvalid(issues);
  return { params, query, body } as RequestInput<S>;
}

/** For routes that take nothing but the caller: any query parameter is refused. */
export const NO_INPUT = requestInput({});

const extractInput = createParamDecorator((spec: RequestInputSpec, ctx: ExecutionContext) =>
  parseRequestInput(spec, ctx.switchToHttp().getRequest<RawRequest>()),
);

/**
 * The route's whole input, validated against `spec` (400 with every problem otherwise) and described in the
 * OpenAPI from the same schemas. Runs after the guards: a caller refused access learns nothing about the input.
 */
export function ValidInput(spec: RequestInputSpec): ParameterDecorator {
  return (target, key, index) => {
    extractInput(spec)(target, key, index);
    if (key !== undefined) describeRequestInput(spec, target, key);
  };
}
