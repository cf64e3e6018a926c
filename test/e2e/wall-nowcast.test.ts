// The now-cast on the wall, against the REAL server (redis-server + node) in headless Chromium: a caller nearing T
// shows among the calls about to breach, the countdown to the breach ticks down on the page's clock, and once T
// passes the call counts as breached. A queue group's page shows the group's totals. The Trends page draws the same
// day last week from history beside today. Screenshots at 1080p and 4K, both languages, held to the board's rules.
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_BOARD } from '../../shared/boards.ts';
import { parseConfig } from '../../shared/config.ts';
import { DayClock } from '../../shared/time.ts';
import { recordEvents } from '../../server/history/replay.ts';
import { DEFAULT_STREAM, EVENT_FIELD } from '../../shared/stream.ts';
import type { RunningNode } from '../../server/node.ts';
import { launchBrowser, openPage, type OpenedPage } from '../helpers/browser.ts';
import { eventFactory } from '../helpers/events.ts';
import { inspectLayout } from '../helpers/layout-check.ts';
import { SCREENSHOTS } from '../helpers/paths.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { DISPLAY_TOKEN, startTestNode, waitFor } from '../helpers/server.ts';

const CONFIG = {
  queues: [
    { id: 'billing', name: 'Billing', slThresholdSec: 20, slTarget: 0.8, warnSec: 10 },
    { id: 'support', name: 'Support', slThresholdSec: 30, slTarget: 0.8 },
  ],
  queueGroups: [{ id: 'bs', name: 'Billing and Support', queues: ['billing', 'support'] }],
  boards: [
    {
      ...DEFAULT_BOARD,
      viewingDistanceM: 3,
      pages: [{ kind: 'queues' }, { kind: 'queues', group: 'bs', title: 'Billing and Support' }, { kind: 'trends' }],
    },
  ],
};

let redis: RedisProcess;
let client: Redis;
let node: RunningNode;
let browser: Browser;
const pages: OpenedPage[] = [];
/** When the caller nearing T began waiting (wall time), so the test knows when it breaches. */
let nearingSince = 0;

async function write(events: unknown[]): Promise<void> {
  let last = '';
  for (const e of events) last = (await client.xadd(DEFAULT_STREAM, '*', EVENT_FIELD, JSON.stringify(e))) as string;
  await waitFor('the node to fold every event', () => node.live.state.cursor === last);
}

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
  node = await startTestNode({ redisUrl: redis.url, config: CONFIG });
  const now = Date.now();
  const ev = eventFactory(now - 10 * 60_000);
  // Ten minutes ago: four agents log in; billing answers one call within T and one after; support answers one.
  // Then, waiting now: billing's n1 for 13 s (of T 20; past T by the time a test looks), support's n2 for 4 s.
  await write([
    ev('agent.login', 0, { agentId: 'a1', name: 'Ann Lee', queues: ['billing'] }),
    ev('agent.login', 0, { agentId: 'a2', name: 'Bo Chen', queues: ['billing', 'support'] }),
    ev('agent.login', 0, { agentId: 'a3', name: 'Cai Wen', queues: ['support'] }),
    ev('agent.login', 0, { agentId: 'a4', name: 'Dee Park', queues: ['support'] }),
    ev('call.offered', 30, { callId: 'c1', queueId: 'billing' }),
    ev('call.answered', 38, { callId: 'c1', agentId: 'a1' }),
    ev('call.offered', 60, { callId: 'c2', queueId: 'billing' }),
    ev('call.answered', 95, { callId: 'c2', agentId: 'a2' }),
    ev('call.offered', 120, { callId: 'c3', queueId: 'support' }),
    ev('call.answered', 130, { callId: 'c3', agentId: 'a3' }),
    { id: 'n1', type: 'call.offered', ts: now - 13_000, callId: 'n1', queueId: 'billing' },
    { id: 'n2', type: 'call.offered', ts: now - 4_000, callId: 'n2', queueId: 'support' },
  ]);
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await node?.close();
  client?.disconnect();
  await redis?.stop();
});

afterEach(async () => {
  const errors = pages.flatMap((p) => p.errors);
  await Promise.all(pages.splice(0).map((p) => p.close()));
  expect(errors).toEqual([]);
});

async function openWall(query: string, width = 1920, height = 1080): Promise<Page> {
  const opened = await openPage(browser, `${node.url}/wall/default?token=${DISPLAY_TOKEN}&${query}`, { width, height });
  pages.push(opened);
  await opened.page.getByTestId('wall').waitFor();
  await opened.page.evaluate(() => document.fonts.ready);
  return opened.page;
}

const value = (page: Page, testid: string) => page.getByTestId(testid).first().getAttribute('data-value');
const text = async (page: Page, testid: string) => (await page.getByTestId(testid).first().textContent())?.trim();

describe('the now-cast on the wall', () => {
  test('a caller nearing T is about to breach, the countdown ticks, then it counts as breached', async () => {
    const page = await openWall('page=1');
    // Written now the page is open: a caller who began waiting 12 s ago, 8 s before T.
    // Unique per attempt, so a retry's caller is not folded away as a repeat.
    const callId = `near-${Date.now()}`;
    await expect.poll(() => value(page, 'queue-billing-nowcast-breached'), { timeout: 3000 }).not.toBeNull();
    const breachedBefore = Number(await value(page, 'queue-billing-nowcast-breached'));
    nearingSince = Date.now() - 12_000;
    await write([{ id: callId, type: 'call.offered', ts: nearingSince, callId, queueId: 'billing' }]);
    await expect.poll(() => value(page, 'queue-billing-nowcast-soon'), { timeout: 3000 }).toBe('1');
    const first = Number(await value(page, 'queue-billing-nowcast-next-breach'));
    // 12 s and more waited of T 20: at most 8 s to go, and the text says so in m:ss.
    expect(first).toBeGreaterThan(2);
    // (The page's estimate of the server's clock may be a fraction of a second off.)
    expect(first).toBeLessThanOrEqual(9);
    expect(await text(page, 'queue-billing-nowcast-next-breach')).toBe(`next breach in 0:0${first}`);
    // The countdown ticks on the page's clock, without waiting for an update.
    await expect
      .poll(() => value(page, 'queue-billing-nowcast-next-breach'), { timeout: 4000 })
      .toBe(String(first - 2));
    // The projected interval SL stands beside the SL, with its arrow.
    const projected = page.getByTestId('queue-billing-sl-projected');
    expect((await projected.textContent())?.trim()).toMatch(/^[↗↘→] \d+%$/);
    // Past T the call is breached: no longer about to, and no countdown left in billing.
    const untilBreach = nearingSince + 20_000 - Date.now();
    await page.waitForTimeout(Math.max(0, untilBreach) + 300);
    await expect
      .poll(() => value(page, 'queue-billing-nowcast-breached'), { timeout: 5000 })
      .toBe(String(breachedBefore + 1));
    expect(await value(page, 'queue-billing-nowcast-soon')).toBe('0');
    expect(await text(page, 'queue-billing-nowcast-next-breach')).toBe('no breach due');
  }, 40_000);

  test('a queue group’s page: its queues, and its totals with each agent once', async () => {
    const page = await openWall('page=2');
    await expect.poll(() => text(page, 'center-heading')).toBe('Billing and Support');
    // a1, a2 (in both queues, once), a3, a4: four agents; the calls waiting are the two queues'.
    await expect.poll(() => value(page, 'center-agents-logged-in')).toBe('4');
    const waiting =
      Number(await value(page, 'queue-billing-waiting')) + Number(await value(page, 'queue-support-waiting'));
    expect(waiting).toBeGreaterThanOrEqual(2);
    expect(await value(page, 'center-waiting')).toBe(String(waiting));
    // Billing 1 of 2 within T and support 1 of 1: (1 + 1) / (2 + 1) = 67%, not the mean of 50% and 100% (75%).
    expect(await text(page, 'center-sl')).toBe('67%');
    expect(await page.getByTestId('queue-cards').locator('article').count()).toBe(2);
  });
});

describe('Trends: today vs the same day last week', () => {
  test('last week’s intervals from history are drawn, dimmer, with their legend key', async () => {
    // Local noon a week ago (in the node's zone): three billing calls over half an hour, written to history as the
    // writer would, by the same recorder.
    const config = parseConfig({ ...CONFIG, timezone: node.live.state.timezone });
    const noon = new DayClock(config.timezone).dayStart(Date.now()) - 7 * 24 * 3_600_000 + 12 * 3_600_000;
    const ev = eventFactory(noon);
    const tag = Date.now().toString(36);
    const events = [
      ev('agent.login', 0, { agentId: `w1-${tag}`, queues: ['billing'] }),
      ...[0, 1, 2].flatMap((i) => [
        ev('call.offered', 60 + 600 * i, { callId: `lw${i}-${tag}`, queueId: 'billing' }),
        ev('call.answered', 70 + 600 * i, { callId: `lw${i}-${tag}`, agentId: `w1-${tag}` }),
        ev('call.ended', 200 + 600 * i, { callId: `lw${i}-${tag}` }),
        ev('call.wrapup', 230 + 600 * i, { callId: `lw${i}-${tag}`, agentId: `w1-${tag}` }),
      ]),
    ];
    const arrived = events.map((event) => ({ event, arrivalMs: event.ts }));
    await recordEvents(node.history.store, config, arrived, { until: noon + 45 * 60_000 });

    const page = await openWall('page=trends');
    await expect.poll(() => page.getByTestId('trends').getAttribute('data-last-week'), { timeout: 5000 }).not.toBe('0');
    // 00:00 to noon + 45 min, whole intervals: at least the three with calls, all shifted onto today's axis.
    expect(Number(await page.getByTestId('trends').getAttribute('data-last-week'))).toBeGreaterThanOrEqual(3);
    const keys = await page.getByTestId('chart-arrivals-key').allTextContents();
    expect(keys.map((k) => k.trim())).toContain('Same day last week');
    // The chart's x axis now spans last week's noon too (a point per interval of either day).
    expect(Number(await page.getByTestId('chart-arrivals').getAttribute('data-points'))).toBeGreaterThanOrEqual(3);
    const r = await page.evaluate(inspectLayout);
    expect.soft(r.outside, 'outside').toEqual([]);
    expect.soft(r.clipped, 'clipped').toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'wall-trends-last-week.png') });
  });
});

describe('screenshots of the now-cast', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    for (const size of [
      { name: '1080p', width: 1920, height: 1080 },
      { name: '4k', width: 3840, height: 2160 },
    ]) {
      test(`${lang} at ${size.name}: readable, nothing outside or clipped`, async () => {
        // A caller 6 s from T, so the screenshot shows one about to breach and its countdown.
        const callId = `shot-${Date.now()}`;
        await write([{ id: callId, type: 'call.offered', ts: Date.now() - 14_000, callId, queueId: 'billing' }]);
        const page = await openWall(`page=1&lang=${lang}`, size.width, size.height);
        // (The previous screenshot's caller may still be short of T too.)
        await expect.poll(async () => Number(await value(page, 'queue-billing-nowcast-soon'))).toBeGreaterThan(0);
        await page.waitForTimeout(1200);
        const r = await page.evaluate(inspectLayout);
        expect.soft(r.scrolls, 'scrolls').toBe(false);
        expect.soft(r.outside, 'outside').toEqual([]);
        expect.soft(r.clipped, 'clipped').toEqual([]);
        expect.soft(r.small, 'below the label floor').toEqual([]);
        await page.screenshot({ path: join(SCREENSHOTS, `wall-nowcast-${size.name}-${lang}.png`) });
      });
    }
  }
});
