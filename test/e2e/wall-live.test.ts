// The wall against the REAL server (redis-server + server node) in headless Chromium: the numbers on each page are
// the snapshot API's for the same cursor, in English and Chinese, and the page rides out a server restart.
import { Redis } from 'ioredis';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Snapshot } from '../../shared/snapshot.ts';
import type { RunningNode } from '../../server/node.ts';
import { freePort } from '../../server/child.ts';
import { launchBrowser, openPage, type OpenedPage } from '../helpers/browser.ts';
import { eventFactory } from '../helpers/events.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { spawn } from 'node:child_process';
import { writeTestConfig } from '../helpers/child-server.ts';
import { DISPLAY_TOKEN, startTestNode, waitFor } from '../helpers/server.ts';
import { REPO } from '../helpers/paths.ts';
import { createDatabase } from '../helpers/postgres.ts';
import { DEFAULT_BOARD } from '../../shared/boards.ts';
import { DEFAULT_STREAM, EVENT_FIELD } from '../../shared/stream.ts';

const CONFIG = {
  queues: [
    { id: 'sales', name: 'Sales', slThresholdSec: 20, slTarget: 0.8 },
    { id: 'support', name: 'Support', slThresholdSec: 30, slTarget: 0.9 },
  ],
  teams: [
    { id: 't1', name: 'Team East' },
    { id: 't2', name: 'Team West' },
  ],
  alerts: {
    rules: [
      {
        id: 'waiting',
        name: 'Callers waiting',
        metric: 'waiting',
        scope: { kind: 'queue' },
        comparator: '>',
        threshold: 0,
        sustainSec: 0,
        severity: 'critical',
      },
    ],
  },
  // The built-in board, read from close by (so both queue cards share the screen with the center and every KPI)
  // and ranking leaders from a single survey or score, which is all this small floor has.
  boards: [{ ...DEFAULT_BOARD, viewingDistanceM: 3, leaders: { minCsatSurveys: 1, minQaScores: 1 } }],
};

let redis: RedisProcess;
let client: Redis;
let node: RunningNode;
let browser: Browser;
let lastId = '';
const pages: OpenedPage[] = [];

/** A small floor with every kind of number: within and outside SL, an abandon, calls waiting, aux, surveys, QA. */
async function writeFloor(): Promise<void> {
  const ev = eventFactory(Date.now() - 5 * 60_000);
  const events = [
    ev('agent.login', 0, { agentId: 'a1', name: 'Ann Lee', teamId: 't1', queues: ['sales'] }),
    ev('agent.login', 0, { agentId: 'a2', name: 'Bo Chen', teamId: 't1', queues: ['sales'] }),
    ev('agent.login', 0, { agentId: 'a3', name: 'Cai Wen', teamId: 't2', queues: ['support'] }),
    ev('agent.login', 0, { agentId: 'a4', name: 'Dee Park', teamId: 't2', queues: ['support', 'sales'] }),
    ev('agent.login', 1, { agentId: 'a5', name: 'Eli Stone', teamId: 't2', queues: ['support'] }),
    ev('call.offered', 2, { callId: 'c1', queueId: 'sales' }),
    ev('call.offered', 5, { callId: 'c2', queueId: 'sales' }),
    ev('call.offered', 10, { callId: 'c3', queueId: 'sales' }),
    ev('call.answered', 14, { callId: 'c1', agentId: 'a1' }),
    ev('call.offered', 20, { callId: 'c4', queueId: 'support' }),
    ev('call.answered', 25, { callId: 'c4', agentId: 'a3' }),
    ev('call.abandoned', 30, { callId: 'c3' }),
    ev('call.answered', 45, { callId: 'c2', agentId: 'a2' }),
    ev('agent.state', 50, { agentId: 'a4', state: 'aux', reason: 'break' }),
    ev('call.ended', 100, { callId: 'c1' }),
    ev('call.wrapup', 120, { callId: 'c1', agentId: 'a1' }),
    ev('call.ended', 130, { callId: 'c2' }),
    ev('call.wrapup', 140, { callId: 'c2', agentId: 'a2' }),
    ev('survey.completed', 150, { callId: 'c1', agentId: 'a1', queueId: 'sales', score: 5 }),
    ev('survey.completed', 155, { callId: 'c2', agentId: 'a2', queueId: 'sales', score: 3 }),
    ev('qa.scored', 160, { agentId: 'a1', score: 92 }),
    ev('qa.scored', 165, { agentId: 'a2', score: 70 }),
    ev('call.ended', 200, { callId: 'c4' }),
    ev('call.offered', 250, { callId: 'c5', queueId: 'support' }),
    ev('call.offered', 270, { callId: 'c6', queueId: 'sales' }),
  ];
  for (const e of events) lastId = (await client.xadd(DEFAULT_STREAM, '*', EVENT_FIELD, JSON.stringify(e))) as string;
  await waitFor('the node to fold every event', () => node.live.state.cursor === lastId);
}

/**
 * The server as its own process (node with tsx's loader, no tsx launcher in between, so SIGKILL reaches the server
 * itself), resolved once it says it is ready.
 */
async function spawnServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: REPO,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  await waitFor(
    `the server to be ready (output so far: ${out})`,
    () => out.includes('floorboard server ready'),
    30_000,
  );
  return { url: `http://127.0.0.1:${env.PORT}`, child, exited };
}

async function snapshotApi(): Promise<Snapshot> {
  const res = await fetch(`${node.url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${DISPLAY_TOKEN}` } });
  return (await res.json()) as Snapshot;
}

/** Every number on the page with its raw value, and the cursor they are of, read in one go. */
function readWall(opened: OpenedPage) {
  return opened.page.evaluate(() => {
    const wall = document.querySelector('[data-testid="wall"]');
    const values: Record<string, string> = {};
    const texts: Record<string, string> = {};
    for (const el of document.querySelectorAll('[data-testid][data-value]')) {
      values[el.getAttribute('data-testid')!] = el.getAttribute('data-value')!;
      texts[el.getAttribute('data-testid')!] = el.textContent?.trim() ?? '';
    }
    return { cursor: wall?.getAttribute('data-cursor') ?? null, values, texts };
  });
}

async function openWall(query: string): Promise<OpenedPage> {
  const opened = await openPage(browser, `${node.url}/wall/default?token=${DISPLAY_TOKEN}&${query}`);
  pages.push(opened);
  await opened.page.getByTestId('wall').waitFor();
  return opened;
}

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
  node = await startTestNode({ redisUrl: redis.url, config: CONFIG });
  await writeFloor();
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

describe('the wall on the real server', () => {
  test('Queues: every number equals the snapshot API at the same cursor', async () => {
    const wall = await openWall('page=queues');
    await expect.poll(async () => (await readWall(wall)).cursor, { timeout: 5000 }).toBe(lastId);
    const shown = await readWall(wall);
    const api = await snapshotApi();
    expect(api.cursor).toBe(shown.cursor);

    const num = (id: string) => Number(shown.values[id]);
    const nullable = (id: string) => (shown.values[id] === 'null' ? null : Number(shown.values[id]));
    // The center: hand-checked against the floor written above, then against the API.
    expect(num('center-waiting')).toBe(2);
    expect(api.center.waiting).toBe(2);
    expect(nullable('center-sl')).toBe(api.center.windows.today.serviceLevel);
    for (const s of ['available', 'talking', 'hold', 'dialing', 'acw', 'aux'] as const) {
      expect(num(`center-agents-${s}`), s).toBe(api.center.agents[s]);
    }
    expect(num('center-agents-logged-in')).toBe(5);
    expect(nullable('kpi-asa')).toBe(api.center.windows['60m'].asaSec);
    expect(nullable('kpi-aht')).toBe(api.center.windows['60m'].ahtSec);
    expect(nullable('kpi-abandon-rate')).toBe(api.center.windows.today.abandonRate);
    // Occupancy runs on with time even at one cursor (agents keep being busy or idle): equal to the API's within
    // the second or so between the two readings.
    expect(nullable('kpi-occupancy')).toBeCloseTo(api.center.windows['15m'].occupancy!, 2);
    expect(nullable('kpi-csat')).toBe(api.center.windows.today.csat);
    expect(shown.texts['kpi-csat']).toBe('4.0'); // surveys 5 and 3
    expect(nullable('kpi-qa')).toBe(api.center.windows.today.qa);

    // Sales: c1 answered in 12 s (within 20), c2 in 40 s (outside), c3 abandoned after 20 s → SL 1/3, ASA 26 s.
    const sales = api.queues.find((q) => q.id === 'sales')!;
    expect(sales.windows.today.serviceLevel).toBe(0.3333); // 1 / 3, rounded to 4 decimals on the wire
    expect(nullable('queue-sales-sl')).toBe(sales.windows.today.serviceLevel);
    expect(shown.texts['queue-sales-sl']).toBe('33%');
    expect(shown.values['queue-sales-sl-target']).toBe('0.8');
    expect(nullable('queue-sales-asa')).toBe(sales.windows.today.asaSec);
    expect(shown.texts['queue-sales-asa']).toBe('0:26');
    expect(shown.texts['queue-sales-abandon-rate']).toBe('33%');
    expect(num('queue-sales-waiting')).toBe(sales.waiting);
    expect(num('queue-sales-staffed')).toBe(sales.staffing.agentsStaffed);
    expect(nullable('queue-sales-required')).toBe(sales.staffing.requiredAgents);
    const support = api.queues.find((q) => q.id === 'support')!;
    expect(nullable('queue-support-sl')).toBe(support.windows.today.serviceLevel);
    expect(shown.texts['queue-support-sl']).toBe('100%');
    expect(num('queue-support-waiting')).toBe(1);
    // SL 33% against 80% is red; 100% against 90% green: colour and shape.
    expect(await wall.page.getByTestId('queue-sales-sl-status').getAttribute('data-status')).toBe('bad');
    expect(await wall.page.getByTestId('queue-support-sl-status').getAttribute('data-status')).toBe('good');
  });

  test('Agents: every logged-in agent, grouped by team, in the state the API says', async () => {
    const wall = await openWall('page=agents');
    await wall.page.getByTestId('agent-grid').waitFor();
    const api = await snapshotApi();
    const tiles = await wall.page.evaluate(() =>
      [...document.querySelectorAll('[data-testid^="agent-"][data-state]')].map((el) => ({
        id: el.getAttribute('data-testid')!.slice('agent-'.length),
        state: el.getAttribute('data-state'),
        team: el.closest('ul')?.previousElementSibling?.textContent?.trim(),
        text: el.textContent?.replace(/\s+/g, ' ').trim(),
      })),
    );
    expect(tiles.map((t) => t.id)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    for (const tile of tiles) expect(tile.state, tile.id).toBe(api.agents.find((a) => a.id === tile.id)!.state);
    expect(tiles.map((t) => t.team)).toEqual(['Team East', 'Team East', 'Team West', 'Team West', 'Team West']);
    // a4 is on a break: its reason shows; a3 is wrapping up c4.
    expect(tiles.find((t) => t.id === 'a4')!.text).toMatch(/^Dee Park Break \d+:\d\d$/);
    expect(tiles.find((t) => t.id === 'a3')!.state).toBe('acw');
  });

  test('Leaders: the top of each list as the API’s numbers rank them', async () => {
    const wall = await openWall('page=leaders');
    await wall.page.getByTestId('leaders').waitFor();
    const first = (metric: string) =>
      wall.page
        .getByTestId(`leader-${metric}-1`)
        .evaluate((el) => [el.getAttribute('data-agent'), el.getAttribute('data-value')]);
    // a1 and a2 each handled one call; ties go by name, so Ann Lee first. a1 has CSAT 5 and QA 92.
    expect(await first('handled')).toEqual(['a1', '1']);
    expect(await first('csat')).toEqual(['a1', '5']);
    expect(await first('qa')).toEqual(['a1', '92']);
    expect(await wall.page.getByTestId('leader-csat-1').locator('[data-stars]').getAttribute('data-stars')).toBe('5');
    // Each row says how many surveys it rests on, and the list its minimum.
    expect(await wall.page.getByTestId('leader-csat-1').getAttribute('data-sample')).toBe('1');
    expect(await wall.page.getByTestId('leaders-csat-min').getAttribute('data-value')).toBe('1');
    // Top three of every list: the outstanding-agent award.
    expect(await wall.page.getByTestId('leader-handled-1').getByTestId('award').count()).toBe(1);
  });

  test('zh-CN: Chinese labels and page names, the same numbers', async () => {
    const wall = await openWall('page=queues&lang=zh-CN');
    expect(await wall.page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    const label = (testid: string) =>
      wall.page
        .getByTestId(testid)
        .evaluate((el) => el.closest('.metric, .gauge')?.querySelector('.label span')?.textContent);
    expect(await label('center-waiting')).toBe('排队数');
    expect(await label('center-longest-wait')).toBe('最长等待时间');
    expect(await label('center-sl')).toBe('服务水平');
    expect(await label('kpi-abandon-rate')).toBe('放弃率');
    expect(await label('queue-sales-asa')).toBe('平均应答速度');
    expect(await wall.page.getByTestId('page-tabs').textContent()).toBe('队列座席趋势排行榜');
    expect(await wall.page.getByTestId('connection').textContent()).toContain('实时');
    expect(await wall.page.getByTestId('queue-sales-sl').textContent()).toBe('33%');
    expect(await wall.page.getByTestId('ticker').textContent()).toContain('公告牌');
  });

  test('a server killed and restarted: the stale banner within 6 s, then recovery clears it with a fresh snapshot', async () => {
    const port = String(await freePort());
    const env = {
      REDIS_URL: redis.url,
      FLOORBOARD_CONFIG: writeTestConfig(CONFIG),
      PORT: port,
      FLOORBOARD_NODE_ID: 'wall-e2e',
      // Its own database on the run's PostgreSQL: without one the server would start a private cluster in the repo.
      DATABASE_URL: (await createDatabase()).url,
    };
    let server = await spawnServer(env);
    try {
      const wall = await openPage(browser, `${server.url}/wall/default?token=${DISPLAY_TOKEN}&page=queues`);
      pages.push(wall);
      await expect
        .poll(() => wall.page.getByTestId('wall').getAttribute('data-cursor'), { timeout: 15_000 })
        .toBe(lastId);
      const banner = wall.page.getByTestId('stale-banner');
      expect(await banner.count()).toBe(0);

      const killedAt = Date.now();
      server.child.kill('SIGKILL');
      await server.exited;
      await banner.waitFor({ timeout: 6000 });
      expect(Date.now() - killedAt).toBeLessThan(6000);
      expect(await wall.page.getByTestId('connection').getAttribute('data-state')).toBe('offline');

      // The floor moves on while the server is down: another call waits in sales.
      const late = { id: 'late-c7', type: 'call.offered', ts: Date.now(), callId: 'c7', queueId: 'sales' };
      lastId = (await client.xadd(DEFAULT_STREAM, '*', EVENT_FIELD, JSON.stringify(late))) as string;
      server = await spawnServer(env);
      await banner.waitFor({ state: 'detached', timeout: 15_000 });
      await expect
        .poll(() => wall.page.getByTestId('wall').getAttribute('data-cursor'), { timeout: 5000 })
        .toBe(lastId);
      expect(await wall.page.getByTestId('queue-sales-waiting').textContent()).toBe('2');
      expect(await wall.page.getByTestId('connection').getAttribute('data-state')).toBe('live');
      // While the server was down the browser logged its failed connection attempts; the page itself raised nothing.
      wall.errors.splice(
        0,
        wall.errors.length,
        ...wall.errors.filter((e) => !/WebSocket connection|Failed to load resource/.test(e)),
      );
    } finally {
      server.child.kill('SIGKILL');
    }
  }, 90_000);
});
describe('alerts', () => {
  test('a firing alert shows on the wall as a banner with its severity, in both languages', async () => {
    // The floor leaves a caller waiting in each queue (c5, c6): the rule fires for both.
    const wall = await openWall('page=queues');
    const banner = wall.page.getByTestId('alert-banner');
    await banner.waitFor({ timeout: 5000 });
    expect(await banner.getAttribute('data-severity')).toBe('critical');
    expect(await banner.getAttribute('data-count')).toBe('2');
    const api = (await snapshotApi()).alerts.map((a) => a.id).sort();
    expect(api).toEqual(['waiting:sales', 'waiting:support']);
    expect(api).toContain(await banner.getAttribute('data-alert'));
    expect(await banner.textContent()).toMatch(/Alarm.*calls waiting.*\+1 more/s);
    const zh = await openWall('page=queues&lang=zh-CN');
    const zhBanner = zh.page.getByTestId('alert-banner');
    await zhBanner.waitFor({ timeout: 5000 });
    // The sentence itself in Chinese: the queue's own name, 排队数 for calls waiting with the API's count, and how
    // long the alert has fired in the board's age format (seconds or minutes, by how long this file has run so far).
    const zhTopId = await zhBanner.getAttribute('data-alert');
    const zhTop = (await snapshotApi()).alerts.find((a) => a.id === zhTopId)!;
    expect((await zhBanner.textContent())?.trim()).toMatch(
      new RegExp(`^告警\\s*${zhTop.entityName}：排队数 ${zhTop.value}，高于 0(，已持续 \\d+(秒|分钟))?\\s*另有 1 条$`),
    );
  });
});
