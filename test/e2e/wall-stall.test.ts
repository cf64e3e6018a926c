// The wall in headless Chromium when ingestion cannot move: the stale banner names "ingest stalled" while the
// server is up and connected, and goes away once the stream is folded again (issue 10, item 1).
import { Redis } from 'ioredis';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RunningNode } from '../../server/node.ts';
import { deadStream } from '../../server/redis/keys.ts';
import { launchBrowser, openPage } from '../helpers/browser.ts';
import { eventFactory } from '../helpers/events.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { DISPLAY_TOKEN, startTestNode, waitFor } from '../helpers/server.ts';

const STREAM = 'stall:events';
let redis: RedisProcess;
let client: Redis;
let node: RunningNode;
let browser: Browser;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
  node = await startTestNode({ redisUrl: redis.url, stream: STREAM, config: { ingest: { stallAfterSec: 1 } } });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await node?.close();
  client?.disconnect();
  await redis?.stop();
});

const xadd = async (text: string) => (await client.xadd(STREAM, '*', 'event', text)) as string;

test('a stalled ingest shows the stale banner with its reason; progress clears it', async () => {
  const ev = eventFactory(Date.now() - 60_000);
  let last = await xadd(JSON.stringify(ev('call.offered', 0, { callId: 'c1', queueId: 'sales' })));
  await waitFor('the first call folded', () => node.live.state.cursor === last);
  const wall = await openPage(browser, `${node.url}/wall/default?token=${DISPLAY_TOKEN}&page=queues`);
  try {
    await expect.poll(() => wall.page.getByTestId('wall').getAttribute('data-cursor'), { timeout: 15_000 }).toBe(last);
    const banner = wall.page.getByTestId('stale-banner');
    expect(await banner.count()).toBe(0);

    // Every dead letter fails (the dead stream's key holds a string), so the bad entry blocks the good one after it.
    await client.set(deadStream(STREAM), 'not a stream');
    await xadd('not json');
    last = await xadd(JSON.stringify(ev('call.offered', 10, { callId: 'c2', queueId: 'sales' })));
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.textContent()).toContain('ingest stalled');
    expect(await wall.page.getByTestId('queue-sales-waiting').textContent()).toBe('1');

    await client.del(deadStream(STREAM));
    await banner.waitFor({ state: 'detached', timeout: 15_000 });
    await expect.poll(() => wall.page.getByTestId('wall').getAttribute('data-cursor'), { timeout: 5_000 }).toBe(last);
    expect(await wall.page.getByTestId('queue-sales-waiting').textContent()).toBe('2');
    expect(wall.errors).toEqual([]);
  } finally {
    await wall.close();
  }
}, 60_000);
