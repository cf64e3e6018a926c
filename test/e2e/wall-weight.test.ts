// What a wall screen downloads (docs/performance.md, Wall page weight): exactly the chunks the build manifest says
// the wall entry imports, none of the console's, which a console page does load (so the check can fail).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RunningNode } from '../../server/node.ts';
import { launchBrowser, openPage, type OpenedPage } from '../helpers/browser.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { DISPLAY_TOKEN, startTestNode } from '../helpers/server.ts';
import { DIST } from '../helpers/paths.ts';

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

const manifest = JSON.parse(readFileSync(join(DIST, '.vite/manifest.json'), 'utf8')) as Manifest;

/** The files (JS and CSS) a chunk pulls in: its own, its static imports', and with `dynamic` its lazy ones' too. */
function closure(key: string, dynamic: boolean, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  const chunk = manifest[key];
  if (!chunk) throw new Error(`the build manifest has no chunk ${key}`);
  for (const next of [...(chunk.imports ?? []), ...(dynamic ? (chunk.dynamicImports ?? []) : [])])
    closure(next, dynamic, seen);
  return seen;
}
const files = (keys: Set<string>) =>
  new Set([...keys].flatMap((k) => [manifest[k]?.file ?? '', ...(manifest[k]?.css ?? [])]).filter(Boolean));

const WALL = files(closure('index.html', false));
const CONSOLE_ONLY = new Set([...files(closure('src/console/mount.ts', true))].filter((f) => !WALL.has(f)));

let redis: RedisProcess;
let node: RunningNode;
let browser: Browser;
const pages: OpenedPage[] = [];

beforeAll(async () => {
  redis = await startRedis();
  node = await startTestNode({ redisUrl: redis.url });
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of pages) await p.close().catch(() => {});
  await browser?.close();
  await node?.close();
  await redis?.stop();
});

/** The /assets files a page fetched, with their body sizes in bytes, once it has settled. */
async function assetsOf(
  path: string,
  ready: (page: Page) => Promise<void>,
): Promise<{ sizes: Map<string, number>; errors: string[] }> {
  const opened = await openPage(browser, 'about:blank');
  pages.push(opened);
  const sizes = new Map<string, number>();
  const pending: Promise<void>[] = [];
  opened.page.on('response', (r) => {
    const asset = /\/(assets\/[^?]+)$/.exec(new URL(r.url()).pathname)?.[1];
    if (asset) pending.push(r.body().then((b) => void sizes.set(asset, b.length)));
  });
  await opened.page.goto(`${node.url}${path}`);
  await ready(opened.page);
  await opened.page.waitForLoadState('networkidle');
  await Promise.all(pending);
  return { sizes, errors: opened.errors };
}

const bytes = (sizes: Map<string, number>, ext: string) =>
  [...sizes].filter(([f]) => f.endsWith(ext)).reduce((sum, [, n]) => sum + n, 0);

test('a wall page downloads the wall chunks and no console chunk', async () => {
  expect(CONSOLE_ONLY.size).toBeGreaterThan(0);
  const { sizes, errors } = await assetsOf(`/wall/default?token=${DISPLAY_TOKEN}`, (page) =>
    page.getByTestId('wall').waitFor(),
  );
  expect(errors).toEqual([]);
  const fetched = [...sizes.keys()];
  expect(fetched.filter((f) => CONSOLE_ONLY.has(f))).toEqual([]);
  // Every JS and CSS file of the wall's static closure, nothing more (fonts come on top, by unicode-range).
  expect(new Set(fetched.filter((f) => /\.(js|css)$/.test(f)))).toEqual(WALL);
  // The whole build's JS, to put the wall's share in the report.
  const allJs = Object.values(manifest)
    .map((c) => c.file)
    .filter((f) => f.endsWith('.js'))
    .reduce((sum, f) => sum + statSync(join(DIST, f)).size, 0);
  const js = bytes(sizes, '.js');
  expect(js).toBeLessThan(allJs * 0.8);
  console.info(
    `wall: JS ${js} B of ${allJs} B built, CSS ${bytes(sizes, '.css')} B, fonts ${bytes(sizes, '.woff2') + bytes(sizes, '.woff')} B`,
  );
});

test('the sign-in page loads the console chunk, and not the reports page', async () => {
  const { sizes, errors } = await assetsOf('/login', (page) => page.locator('form').waitFor());
  // Signed out, the page's own "who am I?" answers 401; nothing else may fail.
  expect(errors.filter((e) => !e.includes('401 (Unauthorized)'))).toEqual([]);
  const mount = manifest['src/console/mount.ts']?.file ?? '';
  const reports = manifest['src/reports/ReportsPage.svelte']?.file ?? '';
  expect([...sizes.keys()]).toContain(mount);
  expect(reports).not.toBe('');
  expect([...sizes.keys()]).not.toContain(reports);
  console.info(`login: JS ${bytes(sizes, '.js')} B, CSS ${bytes(sizes, '.css')} B`);
});
