import * as path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built into dist/console and served under /console/ by park and billing-api (libs/platform console-static).
// Everything is bundled (no CDN, no inline script): the pages work under a strict same-origin CSP.
export default defineConfig({
  root: __dirname,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: path.resolve(__dirname, '../../dist/console'),
    emptyOutDir: true,
    // inline nothing as data: URIs either, so a CSP without data: still loads every asset
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000', '/console/config.json': 'http://127.0.0.1:3000' } },
});
