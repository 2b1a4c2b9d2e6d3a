import * as fs from 'node:fs';
import * as path from 'node:path';

/** The built console (`npm run build` → dist/console), found from the project root both in dist/ and in sources. */
export function consoleDirectory(from = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(from, 'console');
    dir = parent;
  }
  return path.join(dir, 'dist', 'console');
}

/** Hashed bundles never change under their name: cached for a year. The page itself is revalidated every time. */
export function cacheControlOf(relativePath: string): string {
  return relativePath.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}
