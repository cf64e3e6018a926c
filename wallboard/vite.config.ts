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
    // .vite/manifest.json names each chunk's source and imports: the wall-weight test reads it to tell the wall's
    // chunks from the console's (the server does not serve dot-folders).
    manifest: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // zod with the module that makes it jitless, in one chunk: a chunk runs before the ones importing it, so
          // no schema built at a shared chunk's top level probes `new Function` (a CSP violation) before the config.
          groups: [{ name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]|[\\/]lib[\\/]zod-jitless\.ts$/ }],
        },
      },
    },
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
