import { RequestMethod, type INestApplicationContext } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import type { AccessDeclaration } from './access-rule.types';
import { accessDeclarationOf } from './access.decorators';

/** One endpoint and what it declares; the authorisation-matrix test is generated from a list of these. */
export interface RouteDeclaration {
  transport: 'http' | 'rpc';
  /** 'GET', 'POST', … ('ALL' for @All); 'RPC' for message / gRPC handlers. */
  method: string;
  /** '/tenants/:tenantId/statements' (with the global prefix if given); for RPC the pattern as JSON. */
  path: string;
  controller: string;
  handler: string;
  /** null: nothing declared, so the guard refuses every call. */
  access: AccessDeclaration | null;
}

export interface ListRoutesOptions {
  /** The prefix given to app.setGlobalPrefix(), if any (Nest does not expose it back). */
  globalPrefix?: string;
}

function paths(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : ['/'];
}

function joinPath(...parts: string[]): string {
  const joined = parts
    .flatMap((part) => part.split('/'))
    .filter((segment) => segment !== '')
    .join('/');
  return `/${joined}`;
}

/** Every HTTP route and RPC handler of the controllers the discovery service sees, with its declaration. */
export function inspectRoutes(discovery: DiscoveryService, options: ListRoutesOptions = {}): RouteDeclaration[] {
  const scanner = new MetadataScanner();
  const routes: RouteDeclaration[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller: unknown = wrapper.metatype;
    if (typeof controller !== 'function') continue;
    const prototype: unknown = controller.prototype;
    if (typeof prototype !== 'object' || prototype === null) continue;
    const controllerPaths = paths(Reflect.getMetadata(PATH_METADATA, controller));
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler: unknown = (prototype as Record<string, unknown>)[name];
      if (typeof handler !== 'function') continue;
      const access = accessDeclarationOf(controller, handler) ?? null;
      const base = { controller: controller.name, handler: name, access };
      const method: unknown = Reflect.getMetadata(METHOD_METADATA, handler);
      if (typeof method === 'number') {
        const verb = RequestMethod[method] ?? String(method);
        for (const controllerPath of controllerPaths) {
          for (const handlerPath of paths(Reflect.getMetadata(PATH_METADATA, handler))) {
            routes.push({
              ...base,
              transport: 'http',
              method: verb,
              path: joinPath(options.globalPrefix ?? '', controllerPath, handlerPath),
            });
          }
        }
      }
      const patterns: unknown = Reflect.getMetadata(PATTERN_METADATA, handler);
      if (Array.isArray(patterns)) {
        for (const pattern of patterns)
          routes.push({ ...base, transport: 'rpc', method: 'RPC', path: JSON.stringify(pattern) });
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** The route table of a running app (AuthModule must be imported: it brings the discovery service). */
export function listRoutes(app: INestApplicationContext, options: ListRoutesOptions = {}): RouteDeclaration[] {
  return inspectRoutes(app.get(DiscoveryService), options);
}

/** What is wrong with a route table: undeclared routes, unregistered resolvers, params absent from the path. */
export function routeDeclarationProblems(
  routes: readonly RouteDeclaration[],
  resolverNames: readonly string[],
): string[] {
  const problems: string[] = [];
  for (const route of routes) {
    const at = `${route.method} ${route.path} (${route.controller}.${route.handler})`;
    if (route.access === null) {
      problems.push(`${at}: no @Allow or @Public, so every call is refused`);
      continue;
    }
    if (route.access.kind === 'public' || route.access.kind === 'signed') continue;
    for (const rule of route.access.rules) {
      if (rule.resolver !== undefined && !resolverNames.includes(rule.resolver)) {
        problems.push(`${at}: resolver '${rule.resolver}' is not registered in AuthModule options`);
      }
      if (
        rule.param !== undefined &&
        route.transport === 'http' &&
        !new RegExp(`/:${rule.param}(?![A-Za-z0-9_])`).test(route.path)
      ) {
        problems.push(`${at}: param '${rule.param}' is not a parameter of the path`);
      }
    }
  }
  return problems;
}
