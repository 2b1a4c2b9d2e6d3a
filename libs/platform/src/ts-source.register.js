// Worker threads started from the TypeScript sources (the jest tests do) compile what they require with the
// repository's swc settings, as jest does in the main thread. Built apps never load this file.
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..', '..', '..');
const { $schema: _schema, ...swcrc } = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
require.extensions['.ts'] = (module, filename) => {
  const options = { ...swcrc, swcrc: false, filename, sourceMaps: 'inline', jsc: { ...swcrc.jsc, baseUrl: root } };
  module._compile(transformSync(fs.readFileSync(filename, 'utf8'), options).code, filename);
};
