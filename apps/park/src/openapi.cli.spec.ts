import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parkApiDocument } from './openapi.cli';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const COMMITTED_DOCUMENT = path.join(ROOT, 'apps/console/openapi.json');
const COMMITTED_TYPES = path.join(ROOT, 'apps/console/src/api/schema.d.ts');

/**
 * The console's typed client is generated from park's routes (npm run console:api). A changed route, parameter
 * or body shape without regenerating fails here, so the console never calls an API that no longer exists.
 */
describe("the console's API types are those of the apps' routes", () => {
  it('openapi.json is the document the apps describe now', async () => {
    const now = JSON.parse(JSON.stringify(await parkApiDocument())) as object;
    const committed = JSON.parse(fs.readFileSync(COMMITTED_DOCUMENT, 'utf8')) as object;
    expect(committed).toEqual(now);
  });

  it('schema.d.ts is what openapi-typescript makes of openapi.json', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'console-api-')), 'schema.d.ts');
    const cli = path.join(ROOT, 'node_modules/openapi-typescript/bin/cli.js');
    execFileSync(process.execPath, [cli, COMMITTED_DOCUMENT, '-o', out], { stdio: 'ignore' });
    expect(fs.readFileSync(COMMITTED_TYPES, 'utf8')).toBe(fs.readFileSync(out, 'utf8'));
  });
});
