// Where tests find the built wallboard, and where screenshots go: docs/screenshots only when asked
// (`npm run screenshots`), so an ordinary test run never rewrites committed files.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');
export const DIST = join(REPO, 'dist/wallboard');
export const SCREENSHOTS =
  process.env.FLOORBOARD_SCREENSHOTS === '1'
    ? join(REPO, 'docs/screenshots')
    : join(os.tmpdir(), 'floorboard-screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });
