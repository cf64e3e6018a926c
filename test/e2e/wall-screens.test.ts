// Screenshots of every page of the default board at 1920×1080, in English and Chinese, of the real server fed two
// hours of the simulated floor: docs/screenshots/wall-<page>-<lang>.png. Each must fit the screen without clipping.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { PAGE_KINDS } from '../../shared/boards.ts';
import type { RunningNode } from '../../server/node.ts';
import { runSimulator } from '../../agent-sim/writer.ts';
import { launchBrowser, openPage } from '../helpers/browser.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { DISPLAY_TOKEN, startTestNode, waitFor } from '../helpers/server.ts';
import { SCREENSHOTS } from '../helpers/paths.ts';
import { DEFAULT_STREAM } from '../../shared/stream.ts';

const OUT = SCREENSHOTS;

let redis: RedisProcess;
let node: RunningNode;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  redis = await startRedis();
  node = await startTestNode({ redisUrl: redis.url, config: { timezone: 'Asia/Shanghai' } });
  const hours = 2;
  const { written } = await runSimulator({
    redisUrl: redis.url, stream: DEFAULT_STREAM, agents: 120, queues: 4, rate: 6, seed: 7, curve: 'flat',
    durationSec: hours * 3600, speed: 1, fast: true, startTs: Date.now() - hours * 3_600_000,
  }).done;
  await waitFor('the node to fold the simulated floor', () => node.live.state.stats.folded >= written * 0.9, 60_000);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await node?.close();
  await redis?.stop();
});

test('each default page in English and Chinese fits 1920×1080', async () => {
  for (const lang of ['en', 'zh-CN']) {
    for (const kind of PAGE_KINDS) {
      const opened = await openPage(browser, `${node.url}/wall/default?token=${DISPLAY_TOKEN}&page=${kind}&lang=${lang}`);
      await opened.page.getByTestId('wall').waitFor();
      // Let charts draw and any breach blink finish before the picture.
      await opened.page.waitForTimeout(3500);
      await opened.page.screenshot({ path: join(OUT, `wall-${kind}-${lang}.png`) });
      const overflow = await opened.page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight || document.documentElement.scrollWidth > window.innerWidth);
      expect(overflow, `${kind} ${lang}`).toBe(false);
      expect(opened.errors, `${kind} ${lang}`).toEqual([]);
      await opened.close();
    }
  }
}, 120_000);
