// Builds the renderer into dist/renderer. The server serves it at `/`, and Electron loads it from disk, so
// every URL in the output is relative (`base: './'`).
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';

/**
 * The development server injects an inline script (React Refresh) that the strict CSP in index.html
 * forbids, so the CSP meta tag is dropped while serving from Vite. Builds keep it.
 */
function dropCspWhileServing(): Plugin {
  return {
    name: 'tandem:drop-csp-while-serving',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/, ''),
  };
}

// `npm run dev`-style serving talks to a running Tandem server through this proxy.
const devServerTarget = process.env['TANDEM_SERVER_URL'] ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react(), dropCspWhileServing()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/healthz': devServerTarget },
  },
});
