import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const server = 'http://127.0.0.1:3000';

export default defineConfig({
  root: here('.'),
  // Absolute asset URLs: the same index.html is served for /wall/<board>, /supervisor and /agent.
  base: '/',
  plugins: [svelte({ configFile: false })],
  build: {
    outDir: here('../dist/wallboard'),
    emptyOutDir: true,
    // Fonts stay files: the CSP's font-src is 'self' (no data: URLs), and a TV caches each subset it needs.
    assetsInlineLimit: (file) => (/\.(woff2?|ttf|otf)$/.test(file) ? false : undefined),
  },
  server: {
    proxy: {
      '/socket.io': { target: server, ws: true },
      '/api': { target: server },
    },
  },
});
