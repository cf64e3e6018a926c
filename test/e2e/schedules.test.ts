// Adherence on the screens (issue 17), in real Chromium against a real node, redis-server and PostgreSQL, in English
// and Chinese: the console's agent list (scheduled activity, adherence, time out, the "out of adherence" filter)
// and the wall's Agents page (tiles marked by adherence, each team's adherence figure).
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningNode } from '../../server/node.ts';
import { localWall } from '../../shared/time.ts';
import { DEFAULT_STREAM } from '../../shared/stream.ts';
import { launchBrowser, openPage, type OpenedPage } from '../helpers/browser.ts';
import { eventFactory } from '../helpers/events.ts';
import { SCREENSHOTS } from '../helpers/paths.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { ADMIN_TOKEN, DISPLAY_TOKEN, startTestNode, waitFor } from '../helpers/server.ts';

/*
 * Everyone is scheduled to work from t0 (30 whole minutes ago) for two hours. Ann works throughout (in adherence);
 * Bo has been on a break since t0 + 10 min (20 min out: counted, today ≤ 33 %, red); Chen went to lunch a minute
 * ago (out, still within the 2-minute grace: amber, not counted).
 */
const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 30 * 60_000;
let redis: RedisProcess;
let node: RunningNode;
let client: Redis;
let browser: Browser;
const pages: OpenedPage[] = [];

const hm = (ts: number) => {
  const m = localWall(ts, 'Asia/Shanghai').minutes;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
  const ev = eventFactory(t0);
  const lunch = (Date.now() - 60_000 - t0) / 1000;
  for (const e of [
    ev('agent.login', -300, { agentId: 'a-1', name: 'Ann Lee', teamId: 't1', queues: ['sales'] }),
    ev('agent.login', -300, { agentId: 'a-2', name: 'Bo Wang', teamId: 't1', queues: ['sales'] }),
    ev('agent.login', -300, { agentId: 'a-3', name: 'Chen Li', teamId: 't2', queues: ['sales'] }),
    ev('agent.state', 600, { agentId: 'a-2', state: 'aux', reason: 'break' }),
    ev('agent.state', lunch, { agentId: 'a-3', state: 'aux', reason: 'lunch' }),
  ])
    await client.xadd(DEFAULT_STREAM, '*', 'event', JSON.stringify(e));
  node = await startTestNode({
    redisUrl: redis.url,
    config: {
      queues: [{ id: 'sales', name: 'Sales' }],
      teams: [
        { id: 't1', name: 'Team 1' },
        { id: 't2', name: 'Team 2' },
      ],
    },
  });
  const date = localWall(t0, 'Asia/Shanghai').date;
  const csv = ['a-1', 'a-2', 'a-3']
    .map((a) => `${a},${date},${hm(t0)},${hm(t0 + 2 * 3_600_000)},work,sales`)
    .join('\n');
  const r = await fetch(`${node.url}/api/v1/schedules`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ csv }),
  });
  expect(r.status).toBe(200);
  await waitFor('the scenario folded', () => node.live.state.agents.get('a-3')?.reason === 'lunch');
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  for (const p of pages) await p.close().catch(() => {});
  await browser?.close();
  await node?.close();
  client?.disconnect();
  await redis?.stop();
});

async function open(path: string, width = 1366, height = 768): Promise<OpenedPage> {
  const o = await openPage(browser, `${node.url}${path}`, { width, height });
  pages.push(o);
  return o;
}
/** Screenshots once the page's web fonts (the Chinese ones load by the glyphs a page uses) are in. */
async function shoot(o: OpenedPage, testid: string | null, file: string): Promise<void> {
  await o.page.evaluate(() => document.fonts.ready);
  const target = testid === null ? o.page : o.page.getByTestId(testid);
  await target.screenshot({ path: join(SCREENSHOTS, file) });
}
const text = async (o: OpenedPage, testid: string) => (await o.page.getByTestId(testid).innerText()).trim();

const LANGS = [
  { lang: 'en', work: 'Work', adherence: 'Adherence' },
  { lang: 'zh-CN', work: '上班', adherence: '遵从率' },
] as const;

describe.each(LANGS)('console, $lang', ({ lang, work }) => {
  test('the agent list shows the scheduled activity, adherence and time out; the filter keeps those out', async () => {
    const o = await open(`/supervisor?token=${ADMIN_TOKEN}&lang=${lang}`);
    await o.page.getByTestId('agent-a-1-activity').waitFor();
    expect(await text(o, 'agent-a-1-activity')).toBe(work);
    expect(await text(o, 'agent-a-1-adherence')).toBe('100%');
    expect(await text(o, 'agent-a-1-out')).toBe('');
    // Bo: out since t0 + 10 min (about 20 min), counted, red.
    expect(await text(o, 'agent-a-2-out')).toMatch(/^(19|20|21):\d\d$/);
    expect(await o.page.getByTestId('agent-a-2-adherence').getAttribute('class')).toContain('verdict-bad');
    // Chen: a minute out, within the grace: today still 100 %.
    expect(await text(o, 'agent-a-3-out')).toMatch(/^[01]:\d\d$/);
    expect(await text(o, 'agent-a-3-adherence')).toBe('100%');
    await o.page.getByTestId('filter-out-of-adherence').check();
    const rows = await o.page
      .locator('[data-testid^="agent-row-"]')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-testid')));
    expect(rows.sort()).toEqual(['agent-row-a-2', 'agent-row-a-3']);
    await o.page.getByTestId('filter-out-of-adherence').uncheck();
    await shoot(o, 'agent-list', `console-adherence-${lang}.png`);
    expect(o.errors).toEqual([]);
  });

  test("the day's schedule as a Gantt chart per team, those out of adherence marked", async () => {
    const o = await open(`/supervisor?token=${ADMIN_TOKEN}&lang=${lang}`, 1366, 1400);
    await o.page.getByTestId('gantt-row-a-1').waitFor();
    expect(await o.page.getByTestId('gantt-team-t1').innerText()).toContain('Team 1');
    const bars = await o.page
      .getByTestId('gantt-row-a-2')
      .locator('rect[data-activity]')
      .evaluateAll((rects) => rects.map((r) => r.getAttribute('data-activity')));
    expect(bars).toEqual(['work']);
    expect(await o.page.getByTestId('gantt-row-a-2').locator('.name').getAttribute('class')).toContain('out');
    expect(await o.page.getByTestId('gantt-row-a-1').locator('.name').getAttribute('class')).not.toContain('out');
    await shoot(o, 'schedule-gantt', `console-schedule-${lang}.png`);
    expect(o.errors).toEqual([]);
  });
});

describe.each(LANGS)('wall, $lang', ({ lang, work, adherence }) => {
  test('tiles marked by adherence, each team with its adherence today', async () => {
    const o = await open(`/wall/default?token=${DISPLAY_TOKEN}&page=agents&lang=${lang}`, 1920, 1080);
    await o.page.getByTestId('agent-a-1').waitFor();
    await waitFor(
      'adherence on the tiles',
      async () => (await o.page.getByTestId('agent-a-2').getAttribute('data-adherence')) === 'bad',
    );
    expect(await o.page.getByTestId('agent-a-1').getAttribute('data-adherence')).toBe('none');
    expect(await o.page.getByTestId('agent-a-3').getAttribute('data-adherence')).toBe('warn');
    expect(await text(o, 'agent-a-2-should')).toBe(`→ ${work}`);
    // Team 2 is Chen alone, in adherence so far (the minute out is within the grace).
    expect(await text(o, 'team-t2-adherence')).toBe(`${adherence} 100%`);
    expect(await o.page.getByTestId('team-t1-adherence').getAttribute('class')).toContain('tone-bad');
    await shoot(o, null, `wall-agents-adherence-${lang}.png`);
    expect(o.errors).toEqual([]);
  });
});
