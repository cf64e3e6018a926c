// The opt-in live test against a real Asterisk: not part of `npm test` (it needs root and shared/asterisk/setup.sh).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/asterisk/**/*.spec.ts'],
    // One Asterisk on fixed ports: the spec files take turns with it.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
