// Replay on the screens (CONTRACT §9), in real Chromium against a real node, in both languages: the console's
// replay bar seeks to a moment of the day and shows the striped "REPLAY" banner with the past's clock; it puts the
// default board's wall into replay, which shows "REPLAY 10:42" (its link says Replay, never Live); both go back
// to live. Screenshots of each screen in replay.
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { RunningNode } from '../../server/node.ts';
import { instantToLocal, localDay } from '../../wallboard/src/console/replay-time.ts';
import { launchBrowser, openPage, type OpenedPage } from '../helpers/browser.ts';
import { eventFactory } from '../helpers/events.ts';
import { SCREENSHOTS } from '../helpers/paths.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { ADMIN_TOKEN, DISPLAY_TOKEN, startTestNode, waitFor } from '../helpers/server.ts';
import { xaddEvents } from '../helpers/stream-writer.ts';

const ZONE = 'Asia/Shanghai'; // the test config's
let redis: RedisProcess;
let node: RunningNode;
let client: Redis;
let browser: Browser;
const pages: OpenedPage[] = [];
/** A whole minute 90 min ago: c1 and c2 wait then (offered 5 and 3 min before it), a-1 talks, a-2 is on a break. */
let moment = 0;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
  moment = Math.floor((Date.now() - 90 * 60_000) / 60_000) * 60_000;
  const t0 = moment - 600_000;
  const ev = eventFactory(t0);
  const events = [
    ev('agent.login', 0, { agentId: 'a-1', name: 'Ann Lee', teamId: 't1', queues: ['sales'] }),
    ev('agent.login', 0, { agentId: 'a-2', name: 'Bo Wang', teamId: 't1', queues: ['sales', 'billing'] }),
    ev('agent.state', 60, { agentId: 'a-2', state: 'aux', reason: 'break' }),
    ev('call.offered', 100, { callId: 'c0', queueId: 'sales' }),
    ev('call.answered', 110, { callId: 'c0', agentId: 'a-1' }),
    ev('call.offered', 300, { callId: 'c1', queueId: 'sales' }),
    ev('call.offered', 420, { callId: 'c2', queueId: 'billing' }),
    // After the moment: the live floor differs (no one waits, a-2 back).
    ev('call.abandoned', 900, { callId: 'c1' }),
    ev('call.abandoned', 905, { callId: 'c2' }),
    ev('agent.state', 1200, { agentId: 'a-2', state: 'available' }),
  ];
  // Written before the node starts, so its history writer refills the past quarters at once (the timeline's rows).
  await xaddEvents(client, 'replay-screens', events);
  node = await startTestNode({
    redisUrl: redis.url,
    stream: 'replay-screens',
    config: {
      queues: [
        { id: 'sales', name: 'Sales' },
        { id: 'billing', name: 'Billing' },
      ],
      teams: [{ id: 't1', name: 'Team 1' }],
    },
  });
  await waitFor('the archive', () => node.archive.archiver.stats.appended === events.length);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of pages) await p.close().catch(() => {});
  await browser?.close();
  await node?.close();
  client?.disconnect();
  await redis?.stop();
});

// The next language's wall must be the board's only one, whatever became of this test.
afterEach(async () => {
  for (const o of pages.splice(0)) await o.close().catch(() => {});
});

async function open(path: string, size?: { width: number; height: number }): Promise<OpenedPage> {
  const o = await openPage(browser, `${node.url}${path}`, size);
  pages.push(o);
  return o;
}

const hhmm = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

for (const lang of ['en', 'zh-CN'] as const) {
  test(`${lang}: the console replays a moment and puts the wall into replay; both go back to live`, async () => {
    const word = lang === 'en' ? 'REPLAY' : '回放';
    const wall = await open(`/wall/default?token=${DISPLAY_TOKEN}&lang=${lang}`);
    const desk = await open(`/supervisor?token=${ADMIN_TOKEN}&lang=${lang}`, { width: 1366, height: 768 });
    await wall.page.getByTestId('wall').waitFor();
    await desk.page.getByTestId('replay-bar').waitFor();
    expect(await wall.page.getByTestId('wall').getAttribute('data-link')).toBe('live');

    await desk.page.getByTestId('replay-speed').selectOption('1');
    await desk.page.getByTestId('replay-when').fill(instantToLocal(moment, ZONE));
    await desk.page.getByTestId('replay-start').click();
    const banner = desk.page.getByTestId('replay-time');
    await banner.waitFor();
    const at = hhmm.format(moment);
    expect(await banner.innerText()).toMatch(new RegExp(`^${word} ${at}:0\\d$`));
    expect(await desk.page.getByTestId('connection').getAttribute('data-state')).toBe('replay');
    await desk.page.getByTestId('queue-row-sales').waitFor();
    // The day's timeline has the centre's quarter hours (at least the running one, live) and marks the moment.
    await waitFor(
      'the timeline',
      async () => Number(await desk.page.getByTestId('replay-timeline').getAttribute('data-rows')) > 0,
    );
    await desk.page.evaluate(() => document.fonts.ready);
    await desk.page.screenshot({ path: join(SCREENSHOTS, `console-replay-${lang}.png`) });

    await desk.page.getByTestId('replay-to-wall').click();
    expect(await desk.page.getByTestId('replay-message').innerText()).toBe(
      lang === 'en' ? '1 wall screen replaying' : '1 块大屏正在回放',
    );
    const wallBanner = wall.page.getByTestId('replay-time');
    await wallBanner.waitFor();
    expect(await wallBanner.innerText()).toBe(`${word} ${at}`);
    expect(await wall.page.getByTestId('wall').getAttribute('data-link')).toBe('replay');
    expect(await wall.page.getByTestId('connection').getAttribute('data-state')).toBe('replay');
    expect(await wall.page.getByTestId('stale-banner').count()).toBe(0);
    await wall.page.evaluate(() => document.fonts.ready);
    await wall.page.screenshot({ path: join(SCREENSHOTS, `wall-replay-${lang}.png`) });

    await desk.page.getByTestId('replay-wall-live').click();
    await wall.page.getByTestId('replay-banner').waitFor({ state: 'detached' });
    await waitFor(
      'the wall live again',
      async () => (await wall.page.getByTestId('wall').getAttribute('data-link')) === 'live',
    );
    await desk.page.getByTestId('replay-live').click();
    await desk.page.getByTestId('replay-banner').waitFor({ state: 'detached' });
    expect(await desk.page.getByTestId('connection').getAttribute('data-state')).toBe('live');

    // A click on the timeline replays from the moment under the pointer: here the moment's own place on the day.
    const day = localDay(instantToLocal(moment, ZONE), ZONE)!;
    const box = (await desk.page.getByTestId('replay-timeline-track').boundingBox())!;
    await desk.page.mouse.click(
      box.x + ((moment - day.from) / (day.to - day.from)) * box.width,
      box.y + box.height / 2,
    );
    await banner.waitFor();
    const picked = (await banner.innerText()).slice(word.length + 1);
    const [h, m] = picked.split(':').map(Number) as [number, number];
    const [h0, m0] = at.split(':').map(Number) as [number, number];
    // One pixel of the track is a few minutes of the day.
    expect(Math.abs(h * 60 + m - (h0 * 60 + m0))).toBeLessThanOrEqual(10);
    await desk.page.getByTestId('replay-live').click();
    await desk.page.getByTestId('replay-banner').waitFor({ state: 'detached' });
    expect(wall.errors).toEqual([]);
    expect(desk.errors).toEqual([]);
  }, 90_000);
}
