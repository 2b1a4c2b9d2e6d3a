import { Module } from 'node:module';
import * as path from 'node:path';

/**
 * jose 6 is ESM only. Node 20.19+ loads it from CommonJS (require(esm)), so the built apps are fine, but
 * jest's module loader on Node < 24.9 cannot, and jest.config.js does not transform node_modules.
 * Specs that reach jose therefore start with
 * jest.mock('jose', () => jest.requireActual<typeof
 * import('./testing/native-jose')>('./testing/native-jose').nativeJose());
 * which loads jose with Node's own loader. Remove once jest.config.js transforms jose (libs/auth/README.md).
 */
export function nativeJose(): unknown {
  const host = new Module(__filename);
  host.filename = __filename;
  host.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(
    path.dirname(__filename),
  );
  return host.require('jose');
}
