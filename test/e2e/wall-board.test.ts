// Board behaviour in headless Chromium against a fixture server the test controls: configured rotation, thresholds
// from the board config (colour and shape), the Trends charts from intervals, and a 1,000-agent grid.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import type { Browser } from 'playwright-core';
import { Server } from 'socket.io';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { boardsSchema, type Board } from '../../shared/boards.ts';
import { parseConfig } from '../../shared/config.ts';
import type { AgentView, QueueView, QueueWindow, Snapshot } from '../../shared/snapshot.ts';
import { Principals } from '../../server/auth/principals.ts';
import { boardsRouter } from '../../server/http/boards.ts';
import { launchBrowser, openPage, type OpenedPage } from '../helpers/browser.ts';
import { DIST } from '../helpers/paths.ts';
import { agentWindow, noAgents, queueWindow, noNowcast } from '../helpers/snapshots.ts';

const TOKEN = 'display-token-for-board-tests';

const BOARDS: Board[] = boardsSchema.parse([
  {
    id: 'lobby',
    name: 'Lobby',
    rotateSec: 3,
    // Read from close by, so every queue card of the fixture fits one screen.
    viewingDistanceM: 3.5,
    pages: [
      { kind: 'queues', tiles: ['asa', 'abandonRate'] },
      { kind: 'leaders', title: 'Stars' },
    ],
    thresholds: {
      default: { waiting: { amber: 3, red: 6 }, abandonRate: { amber: 0.05, red: 0.08 } },
      queues: { vip: { waiting: { amber: 0, red: 0 }, serviceLevel: { amber: 0.95, red: 0.9, higherIsBetter: true } } },
    },
    ticker: ['Fire drill at 15:00'],
  },
]);

const counts = noAgents();
function queue(id: string, waiting: number, today: Partial<QueueWindow>, slTarget = 0.8): QueueView {
  return {
    id,
    name: id.toUpperCase(),
    waiting,
    longestWaitSec: null,
    oldestWaitingTs: null,
    slThresholdSec: 20,
    slTarget,
    agents: counts,
    callbacksPending: 0,
    windows: { today: queueWindow(today), '60m': queueWindow(), '15m': queueWindow() },
    staffing: { trafficErlangs: 0, agentsStaffed: 0, requiredAgents: null, projectedServiceLevel: null },
    nowcast: noNowcast(),
  };
}
const aw = agentWindow();
const STATES = ['available', 'talking', 'acw', 'aux', 'hold', 'dialing'] as const;
function agents(n: number, now: number): AgentView[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `a${i}`,
    name: `Agent ${String(i).padStart(4, '0')}`,
    teamId: `t${i % 10}`,
    state: STATES[i % STATES.length]!,
    reason: i % 6 === 3 ? 'lunch' : null,
    sinceTs: now - (i % 600) * 1000,
    callId: null,
    queueId: null,
    queues: [],
    windows: { today: aw, '60m': aw, '15m': aw },
  }));
}

function snapshot(over: Partial<Snapshot> = {}): Snapshot {
  const asOf = Date.now();
  return {
    asOf,
    cursor: `${asOf}-0`,
    stale: null,
    timezone: 'Asia/Shanghai',
    center: {
      waiting: 9,
      longestWaitSec: null,
      oldestWaitingTs: null,
      agents: counts,
      windows: { today: queueWindow(), '60m': queueWindow(), '15m': queueWindow() },
      staffing: { trafficErlangs: 0, agentsStaffed: 0, requiredAgents: null, projectedServiceLevel: null },
    },
    queues: [
      queue('sales', 4, { serviceLevel: 0.93, abandonRate: 0.09 }),
      queue('vip', 1, { serviceLevel: 0.93, abandonRate: 0.09 }),
    ],
    agents: [],
    teams: [],
    groups: [],
    faults: [],
    intervals: [],
    bulletins: [],
    alerts: [],
    ...over,
  };
}

let browser: Browser;
let close: () => Promise<void>;
const pages: OpenedPage[] = [];

async function serve(snap: () => Snapshot): Promise<string> {
  const app = express();
  app.use(express.static(DIST, { index: false }));
  app.use(
    boardsRouter(BOARDS, new Principals(parseConfig({ tokens: [{ token: TOKEN, role: 'display' }] }), undefined)),
  );
  // The Trends page asks the report API for last week: this floor has no history.
  app.get('/api/v1/reports/intervals', (_req, res) => res.json({ rows: [] }));
  app.get('/wall/{*rest}', (_req, res) => res.sendFile(join(DIST, 'index.html')));
  const http = createServer(app);
  const io = new Server(http);
  io.on('connection', (socket) => socket.emit('snapshot', snap()));
  const beat = setInterval(() => io.emit('update', { asOf: Date.now(), cursor: `${Date.now()}-1` }), 1000);
  await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
  close = async () => {
    clearInterval(beat);
    await io.close();
  };
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

async function open(url: string): Promise<OpenedPage> {
  const opened = await openPage(browser, url);
  pages.push(opened);
  await opened.page.getByTestId('wall').waitFor();
  return opened;
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());
afterEach(async () => {
  const errors = pages.flatMap((p) => p.errors);
  await Promise.all(pages.splice(0).map((p) => p.close()));
  await close?.();
  expect(errors).toEqual([]);
});

describe('a configured board', () => {
  test('rotates its pages every rotateSec, shows its own titles, tiles and ticker', async () => {
    const url = await serve(() => snapshot());
    const wall = await open(`${url}/wall/lobby?token=${TOKEN}`);
    expect(await wall.page.getByTestId('board-name').textContent()).toBe('Lobby');
    expect(await wall.page.getByTestId('page-tabs').textContent()).toBe('QueuesStars');
    expect(await wall.page.getByTestId('ticker-item').allTextContents()).toEqual(['Fire drill at 15:00']);
    const kind = () => wall.page.getByTestId('wall').getAttribute('data-page-kind');
    // The page notes when each turn happens (its browser clock is the server's: one machine). Polling from here
    // would see a turn late on a loaded machine, and so would the page's own timer: the turns are judged against
    // the shared clock's 3-s boundaries, which they must follow (late only by what a loaded machine delays a timer).
    await wall.page.evaluate(() => {
      const w = window as unknown as { turns: number[] };
      w.turns = [];
      new MutationObserver(() => w.turns.push(Date.now())).observe(document.querySelector('[data-testid="wall"]')!, {
        attributes: true,
        attributeFilter: ['data-page-kind'],
      });
    });
    const turns = () => wall.page.evaluate(() => (window as unknown as { turns: number[] }).turns);
    await expect.poll(async () => (await turns()).length, { timeout: 8000, interval: 100 }).toBeGreaterThanOrEqual(2);
    const [t1, t2] = (await turns()) as [number, number];
    const boundary = (t: number) => Math.round(t / 3000);
    // One rotateSec apart: consecutive boundaries, each turn just after its own (never before it by more than the
    // page's estimate of the server clock can be off).
    expect(boundary(t2) - boundary(t1)).toBe(1);
    for (const t of [t1, t2]) {
      expect(t - boundary(t) * 3000).toBeGreaterThan(-250);
      expect(t - boundary(t) * 3000).toBeLessThan(1500);
    }
    await expect.poll(kind, { timeout: 4000, interval: 100 }).toBe('queues');
    // Only the configured KPI tiles.
    expect(
      await wall.page
        .locator('[data-testid^="kpi-"][data-value]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid'))),
    ).toEqual(['kpi-asa', 'kpi-abandon-rate']);
  });

  test('thresholds follow the config, per queue, with colour and shape', async () => {
    const url = await serve(() => snapshot());
    const wall = await open(`${url}/wall/lobby?token=${TOKEN}&page=queues`);
    const read = (id: string) =>
      wall.page.evaluate((id) => {
        const num = document.querySelector(`[data-testid="${id}"]`)!;
        const icon = document.querySelector(`[data-testid="${id}-status"]`);
        return {
          tone: num.getAttribute('data-tone'),
          color: getComputedStyle(num).color,
          shape: icon?.getAttribute('data-status') ?? null,
        };
      }, id);
    const green = 'rgb(0, 158, 115)';
    const amber = 'rgb(230, 159, 0)';
    const red = 'rgb(213, 94, 0)';
    // sales: 4 waiting is over the board's amber (3), under red (6); 93% against its 80% target is green.
    expect(await read('queue-sales-waiting')).toEqual({ tone: 'warn', color: amber, shape: 'warn' });
    expect(await read('queue-sales-sl')).toEqual({ tone: 'good', color: green, shape: 'good' });
    // vip's own rules: 1 waiting is red; 93% is amber against its 95% / 90%.
    expect(await read('queue-vip-waiting')).toEqual({ tone: 'bad', color: red, shape: 'bad' });
    expect(await read('queue-vip-sl')).toEqual({ tone: 'warn', color: amber, shape: 'warn' });
    // The board's abandon rule (5% / 8%) for both: 9% is red.
    expect((await read('queue-sales-abandon-rate')).shape).toBe('bad');
    expect((await read('queue-vip-abandon-rate')).shape).toBe('bad');
    // Center: 9 waiting is over red (6).
    expect(await read('center-waiting')).toEqual({ tone: 'bad', color: red, shape: 'bad' });
  });
});

describe('the default board', () => {
  test('Trends draws the intervals and the live line with uPlot', async () => {
    const midnight = Date.UTC(2026, 10, 28, 16); // 00:00 in Shanghai
    const rows = [0, 1, 2, 3].map((i) => ({
      start: midnight + i * 900_000,
      offered: 10 + i,
      answered: 9 + i,
      answeredWithinSl: 8,
      abandoned: 1,
      abandonedShort: 0,
      serviceLevel: 0.8,
      asaSec: 12,
      abandonRate: 0.1,
      peakWaiting: i,
    }));
    const url = await serve(() => snapshot({ intervals: [{ id: 'center', rows }] }));
    const wall = await open(`${url}/wall/default?token=${TOKEN}&page=trends`);
    for (const id of ['chart-arrivals', 'chart-sl', 'chart-peak']) {
      expect(await wall.page.getByTestId(id).getAttribute('data-points'), id).toBe('4');
      expect(await wall.page.getByTestId(id).locator('canvas').count(), id).toBe(1);
    }
    await expect
      .poll(() => wall.page.getByTestId('chart-live').getAttribute('data-points'), { timeout: 4000 })
      .not.toBe('0');
  });

  test('Trends says so when there are no intervals yet', async () => {
    const url = await serve(() => snapshot());
    const wall = await open(`${url}/wall/default?token=${TOKEN}&page=trends`);
    expect(await wall.page.getByTestId('no-intervals').textContent()).toBe('No 15-minute figures yet today.');
    const zh = await open(`${url}/wall/default?token=${TOKEN}&page=trends&lang=zh-CN`);
    expect(await zh.page.getByTestId('no-intervals').textContent()).toBe('今日暂无15分钟数据。');
  });

  test('Agents: 1,000 agents are paged by team, each page within the screen, every tile ticking', async () => {
    const url = await serve(() => snapshot({ agents: agents(1000, Date.now()), teams: [] }));
    const wall = await open(`${url}/wall/default?token=${TOKEN}&page=agents`);
    await wall.page.getByTestId('agent-grid').waitFor();
    await wall.page.getByTestId('grid-page').waitFor({ timeout: 10_000 });
    const info = await wall.page.evaluate(() => {
      const tiles = [...document.querySelectorAll('[data-testid="agent-grid"] li')];
      return {
        total: document.querySelector('[data-testid="agent-grid"]')!.getAttribute('data-agents'),
        pages: Number(document.querySelector('[data-testid="grid-page"]')!.getAttribute('data-pages')),
        page: Number(document.querySelector('[data-testid="grid-page"]')!.getAttribute('data-page')),
        shown: tiles.length,
        outside: tiles.filter((t) => t.getBoundingClientRect().bottom > window.innerHeight - 60).length,
      };
    });
    expect(info.total).toBe('1000');
    // The grid turns its pages on the clock, so any page may be up; how agents are packed into pages is pinned
    // by the unit tests of layoutGrid. Here: several pages, this one non-empty and wholly on screen.
    expect(info.shown).toBeGreaterThan(0);
    expect(info.pages).toBeGreaterThan(1);
    expect(info.page).toBeGreaterThanOrEqual(1);
    expect(info.outside).toBe(0);
    // The grid pages by the clock: watch the first tile on screen; if the page turns, start again with the new one.
    const firstTile = () =>
      wall.page.evaluate(() => {
        const li = document.querySelector('[data-testid="agent-grid"] li');
        return li ? `${li.getAttribute('data-testid')}|${li.querySelector('[data-testid$="-time"]')?.textContent}` : '';
      });
    let base = await firstTile();
    await expect
      .poll(
        async () => {
          const now = await firstTile();
          const ticked = now.split('|')[0] === base.split('|')[0] && now !== base;
          if (now.split('|')[0] !== base.split('|')[0]) base = now;
          return ticked;
        },
        { timeout: 4000 },
      )
      .toBe(true);
  });
});
