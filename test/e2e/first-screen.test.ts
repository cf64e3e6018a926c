// The wall's first screen in real headless Chromium, fed by a fixture socket.io server the test controls.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import type { Browser } from 'playwright-core';
import { Server } from 'socket.io';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { AgentCounts, CenterView, QueueView, QueueWindow, Snapshot, Update } from '../../shared/snapshot.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket.ts';
import { parseConfig } from '../../shared/config.ts';
import { Principals } from '../../server/auth/principals.ts';
import { boardsRouter } from '../../server/http/boards.ts';
import { DEFAULT_BOARD } from '../../shared/boards.ts';
import { launchBrowser, openPage, type OpenedPage } from '../helpers/browser.ts';
import { DIST, SCREENSHOTS } from '../helpers/paths.ts';
import { queueWindow, windows, noNowcast } from '../helpers/snapshots.ts';

const SCREENSHOT = join(SCREENSHOTS, 'first-screen.png');
const DISPLAY_TOKEN = 'display-token-for-tests-0001';
const AGENT_TOKEN = 'agent-token-for-tests-000001';
const TIMEZONE = 'Asia/Shanghai';

// ---- a typed factory for hand-made snapshots ----

/** Agent counts; loggedIn is the sum of the states, as the server computes it. */
function agentCounts(over: Partial<Omit<AgentCounts, 'loggedIn'>> = {}): AgentCounts {
  const s = { available: 0, dialing: 0, talking: 0, hold: 0, acw: 0, aux: 0, ...over };
  return { ...s, loggedIn: s.available + s.dialing + s.talking + s.hold + s.acw + s.aux };
}

interface QueueSpec {
  id: string;
  name: string;
  waiting: number;
  /** How long the oldest waiting call has waited at the snapshot's asOf, or null when none waits. */
  oldestWaitSec: number | null;
  slTarget?: number;
  today: Partial<QueueWindow>;
  agents: Partial<Omit<AgentCounts, 'loggedIn'>>;
}

function queueView(spec: QueueSpec, asOf: number): QueueView {
  return {
    id: spec.id,
    name: spec.name,
    waiting: spec.waiting,
    longestWaitSec: spec.oldestWaitSec,
    oldestWaitingTs: spec.oldestWaitSec === null ? null : asOf - spec.oldestWaitSec * 1000,
    slThresholdSec: 20,
    slTarget: spec.slTarget ?? 0.8,
    agents: agentCounts(spec.agents),
    callbacksPending: 0,
    windows: windows(queueWindow(spec.today), queueWindow()),
    staffing: { trafficErlangs: 0, agentsStaffed: 0, requiredAgents: null, projectedServiceLevel: null },
    nowcast: noNowcast(),
  };
}

interface CenterSpec {
  waiting: number;
  oldestWaitSec: number | null;
  serviceLevel: number | null;
  agents: Partial<Omit<AgentCounts, 'loggedIn'>>;
}

function centerView(spec: CenterSpec, asOf: number): CenterView {
  return {
    waiting: spec.waiting,
    longestWaitSec: spec.oldestWaitSec,
    oldestWaitingTs: spec.oldestWaitSec === null ? null : asOf - spec.oldestWaitSec * 1000,
    agents: agentCounts(spec.agents),
    windows: windows(queueWindow({ serviceLevel: spec.serviceLevel }), queueWindow()),
    staffing: { trafficErlangs: 0, agentsStaffed: 0, requiredAgents: null, projectedServiceLevel: null },
  };
}

/** The floor the tests start from; numbers chosen so each formatting rule shows. */
function startingFloor(): { center: CenterSpec; queues: QueueSpec[] } {
  return {
    center: {
      waiting: 7,
      oldestWaitSec: 3725,
      serviceLevel: 0.7649,
      agents: { available: 4, talking: 14, hold: 1, acw: 3, aux: 2, dialing: 1 },
    },
    queues: [
      {
        id: 'sales',
        name: 'Sales',
        waiting: 3,
        oldestWaitSec: 75,
        today: { serviceLevel: 0.82, asaSec: 14.4, abandonRate: 0.0625 },
        agents: { available: 2, talking: 5, hold: 1, acw: 1, aux: 2 },
      },
      {
        id: 'support',
        name: 'Technical Support',
        waiting: 4,
        oldestWaitSec: 3725,
        today: { serviceLevel: 0.77, asaSec: 65, abandonRate: 0.118 },
        agents: { available: 1, talking: 6, acw: 2 },
      },
      {
        id: 'billing',
        name: 'Billing',
        waiting: 0,
        oldestWaitSec: null,
        slTarget: 0.9,
        today: { serviceLevel: 0.5, asaSec: 152.6, abandonRate: 0.2 },
        agents: { talking: 3, dialing: 1 },
      },
      {
        id: 'vip',
        name: 'VIP',
        waiting: 0,
        oldestWaitSec: null,
        today: {},
        agents: { available: 1 },
      },
    ],
  };
}

// ---- the fixture server ----

interface Fixture {
  url: string;
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  /** What the next snapshot will show; tests edit it. */
  state: ReturnType<typeof startingFloor>;
  /** Server clock minus real clock, to play a server whose clock differs from the TV's. */
  skewMs: number;
  /** Sends an update built at send time to every connected screen. */
  update(build: (asOf: number) => Omit<Update, 'asOf' | 'cursor'>): void;
  /** Empty heartbeat updates every intervalMs until stopHeartbeat; the server's "at least every 5 s". */
  startHeartbeat(intervalMs: number): void;
  stopHeartbeat(): void;
  /** Real-clock time the last snapshot or update was sent. */
  lastSentAt: number;
  close(): Promise<void>;
}

async function startFixture(): Promise<Fixture> {
  const app = express();
  app.use(express.static(DIST, { index: false }));
  const principals = new Principals(
    parseConfig({
      tokens: [
        { token: DISPLAY_TOKEN, role: 'display' },
        { token: AGENT_TOKEN, role: 'agent', agentId: 'a-1' },
      ],
    }),
    undefined,
  );
  // Read from close by (3.5 m), so the fixture's four queue cards share the screen with the center and KPIs.
  app.use(boardsRouter([{ ...DEFAULT_BOARD, viewingDistanceM: 3.5 }], principals));
  // The real server's SPA fallback: the wall's pages are all index.html.
  app.get(['/wall/{*rest}', '/supervisor', '/agent'], (_req, res) => res.sendFile(join(DIST, 'index.html')));
  const http: HttpServer = createServer(app);
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http);
  let seq = 0;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  const fixture: Fixture = {
    url: '',
    io,
    state: startingFloor(),
    skewMs: 0,
    lastSentAt: 0,
    update(build) {
      const asOf = Date.now() + fixture.skewMs;
      const update: Update = { asOf, cursor: `${asOf}-${++seq}`, ...build(asOf) };
      fixture.lastSentAt = Date.now();
      io.emit('update', update);
    },
    startHeartbeat(intervalMs) {
      fixture.stopHeartbeat();
      heartbeat = setInterval(() => fixture.update(() => ({})), intervalMs);
    },
    stopHeartbeat() {
      clearInterval(heartbeat);
    },
    async close() {
      fixture.stopHeartbeat();
      await io.close();
    },
  };

  io.use((socket, next) => {
    const token: unknown = socket.handshake.auth.token;
    if (token === DISPLAY_TOKEN) return next();
    next(new Error(token === AGENT_TOKEN ? 'forbidden' : 'unauthorized'));
  });
  io.on('connection', (socket) => {
    const asOf = Date.now() + fixture.skewMs;
    const snapshot: Snapshot = {
      asOf,
      cursor: `${asOf}-${++seq}`,
      stale: null,
      timezone: TIMEZONE,
      center: centerView(fixture.state.center, asOf),
      queues: fixture.state.queues.map((q) => queueView(q, asOf)),
      agents: [],
      teams: [],
      groups: [],
      faults: [],
      intervals: [],
      bulletins: [],
      alerts: [],
    };
    fixture.lastSentAt = Date.now();
    socket.emit('snapshot', snapshot);
  });

  await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
  fixture.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return fixture;
}

// ---- reading the screen ----

async function text(opened: OpenedPage, testid: string): Promise<string> {
  return (await opened.page.getByTestId(testid).textContent()) ?? '';
}

async function value(opened: OpenedPage, testid: string): Promise<number> {
  return Number(await opened.page.getByTestId(testid).getAttribute('data-value'));
}

/** Texts in cards and panels that stick out of their box (cards clip their overflow) or overlap another text. */
function clipped(opened: OpenedPage): Promise<string[]> {
  return opened.page.evaluate(() => {
    const texts = [...document.querySelectorAll('article *, section *')].filter(
      (el) =>
        !el.closest('svg') && [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim()),
    );
    const rects = texts.map((el) => el.getBoundingClientRect());
    return texts.flatMap((el, i) => {
      const r = rects[i]!;
      const outer = el.closest('article, section')!.getBoundingClientRect();
      const outside = r.left < outer.left || r.right > outer.right || r.bottom > outer.bottom;
      const overlaps = rects.some(
        (o, j) => j !== i && r.left < o.right && o.left < r.right && r.top < o.bottom && o.top < r.bottom,
      );
      return outside || overlaps ? [el.getAttribute('data-testid') ?? el.textContent ?? '?'] : [];
    });
  });
}

async function openWall(token = DISPLAY_TOKEN): Promise<OpenedPage> {
  // Pinned to the Queues page: these tests outlast the default board's 20-s rotation.
  const opened = await openPage(browser, `${fixture.url}/wall/default?token=${token}&page=queues`);
  pages.push(opened);
  return opened;
}

let browser: Browser;
let fixture: Fixture;
const pages: OpenedPage[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

afterEach(async () => {
  const errors = pages.flatMap((p) => p.errors);
  await Promise.all(pages.splice(0).map((p) => p.close()));
  await fixture?.close();
  expect(errors).toEqual([]);
});

describe('first screen', () => {
  beforeAll(() => {});

  test('shows the snapshot’s numbers, formatted', async () => {
    fixture = await startFixture();
    const wall = await openWall();
    await wall.page.getByTestId('wall').waitFor();

    expect(await text(wall, 'board-name')).toBe('Floor');
    expect(await wall.page.getByTestId('connection').getAttribute('data-state')).toBe('live');

    // Center: 7 waiting; the oldest has waited 3725 s = 1 h 2 min 5 s.
    expect(await text(wall, 'center-waiting')).toBe('7');
    expect(await text(wall, 'center-longest-wait')).toMatch(/^1:02:0[4-7]$/);
    expect(await text(wall, 'center-sl')).toBe('76%');
    expect(await value(wall, 'center-sl')).toBe(0.7649);
    const centerAgents = {
      available: '4',
      talking: '14',
      hold: '1',
      acw: '3',
      aux: '2',
      dialing: '1',
      'logged-in': '25',
    };
    for (const [state, shown] of Object.entries(centerAgents)) {
      expect(await text(wall, `center-agents-${state}`), state).toBe(shown);
    }

    // Sales: SL 82% against 80% is on target; ASA 14.4 s → 0:14; 6.25% abandoned → 6%.
    expect(await text(wall, 'queue-sales-name')).toBe('Sales');
    expect(await text(wall, 'queue-sales-waiting')).toBe('3');
    expect(await value(wall, 'queue-sales-waiting')).toBe(3);
    expect(await text(wall, 'queue-sales-longest-wait')).toMatch(/^1:1[4-7]$/);
    expect(await text(wall, 'queue-sales-sl')).toBe('82%');
    expect(await text(wall, 'queue-sales-sl-target')).toBe('/ 80%');
    expect(await text(wall, 'queue-sales-asa')).toBe('0:14');
    expect(await value(wall, 'queue-sales-asa')).toBe(14.4);
    expect(await text(wall, 'queue-sales-abandon-rate')).toBe('6%');
    expect(await text(wall, 'queue-sales-agents-logged-in')).toBe('11');
    expect(await text(wall, 'queue-sales-agents-on-call')).toBe('6');

    // Support: 77% is 3 points under 80% (amber: within 5); ASA 65 s → 1:05; waited an hour and more → h:mm:ss.
    expect(await text(wall, 'queue-support-sl')).toBe('77%');
    expect(await text(wall, 'queue-support-asa')).toBe('1:05');
    expect(await text(wall, 'queue-support-abandon-rate')).toBe('12%');
    expect(await text(wall, 'queue-support-longest-wait')).toMatch(/^1:02:0[4-7]$/);

    // Billing: 50% against 90% is 40 points under (red); nothing waits → 0:00; ASA 152.6 s → 2:33.
    expect(await text(wall, 'queue-billing-sl')).toBe('50%');
    expect(await text(wall, 'queue-billing-sl-target')).toBe('/ 90%');
    expect(await text(wall, 'queue-billing-waiting')).toBe('0');
    expect(await text(wall, 'queue-billing-longest-wait')).toBe('0:00');
    expect(await text(wall, 'queue-billing-asa')).toBe('2:33');
    expect(await text(wall, 'queue-billing-abandon-rate')).toBe('20%');

    // VIP: no calls today → every rate is unknown, not zero.
    expect(await text(wall, 'queue-vip-sl')).toBe('—');
    expect(await text(wall, 'queue-vip-asa')).toBe('—');
    expect(await text(wall, 'queue-vip-abandon-rate')).toBe('—');
    expect(await wall.page.getByTestId('queue-vip-sl').getAttribute('data-value')).toBe('null');

    // Status by shape as well as colour.
    const status = (id: string) => wall.page.getByTestId(`queue-${id}-sl-status`).getAttribute('data-status');
    expect(await status('sales')).toBe('good');
    expect(await status('support')).toBe('warn');
    expect(await status('billing')).toBe('bad');
    expect(await wall.page.getByTestId('queue-vip-sl-status').count()).toBe(0);
    const colour = (id: string) => wall.page.getByTestId(`queue-${id}-sl`).evaluate((el) => getComputedStyle(el).color);
    expect(await colour('sales')).toBe('rgb(0, 158, 115)');
    expect(await colour('support')).toBe('rgb(230, 159, 0)');
    expect(await colour('billing')).toBe('rgb(213, 94, 0)');

    await wall.page.screenshot({ path: SCREENSHOT });

    // Nothing may spill out of 1920×1080: a wallboard has no scroll bar.
    const overflow = await wall.page.evaluate(() => {
      const wallEl = document.querySelector('[data-testid="wall"]')!;
      const cards = [...document.querySelectorAll('[data-testid^="queue-"][aria-label]')];
      return {
        scroll: wallEl.scrollHeight > window.innerHeight,
        cardsOutside: cards.filter((c) => c.getBoundingClientRect().bottom > window.innerHeight).length,
      };
    });
    expect(overflow).toEqual({ scroll: false, cardsOutside: 0 });
    expect(await clipped(wall)).toEqual([]);
  });

  test('an update changes the numbers it names and leaves the rest', async () => {
    fixture = await startFixture();
    const wall = await openWall();
    await wall.page.getByTestId('wall').waitFor();
    expect(await text(wall, 'queue-sales-waiting')).toBe('3');

    fixture.update((asOf) => ({
      center: centerView({ ...fixture.state.center, waiting: 9 }, asOf),
      queues: [
        queueView(
          {
            ...fixture.state.queues[0]!,
            waiting: 5,
            oldestWaitSec: 20,
            today: { serviceLevel: 0.7495, asaSec: 30, abandonRate: 0.1 },
          },
          asOf,
        ),
      ],
    }));

    await expectText(wall, 'queue-sales-waiting', '5');
    expect(await text(wall, 'center-waiting')).toBe('9');
    // Ticking numbers are as of the clock's last tick, which may be up to a second before the update.
    expect(await text(wall, 'queue-sales-longest-wait')).toMatch(/^0:(19|2[01])$/);
    // 74.95% shows as 75%, exactly 5 points under target: still amber, not red.
    expect(await text(wall, 'queue-sales-sl')).toBe('75%');
    expect(await wall.page.getByTestId('queue-sales-sl-status').getAttribute('data-status')).toBe('warn');
    expect(await text(wall, 'queue-sales-asa')).toBe('0:30');
    expect(await text(wall, 'queue-sales-abandon-rate')).toBe('10%');
    // The ones it did not name are untouched.
    expect(await text(wall, 'queue-support-waiting')).toBe('4');
    expect(await text(wall, 'queue-billing-sl')).toBe('50%');
    expect(await wall.page.getByTestId('queue-page').count()).toBe(0);

    // A queue first seen in an update is added, here with the widest values a card must fit.
    fixture.update((asOf) => ({
      queues: [
        queueView(
          {
            id: 'chat',
            name: 'Chat',
            waiting: 123,
            oldestWaitSec: 3599,
            today: { serviceLevel: 1, asaSec: 754, abandonRate: 1 },
            agents: { available: 12, talking: 40, acw: 25, aux: 21 },
          },
          asOf,
        ),
        // And ten small ones after it, more than one screen holds at the board's legible size.
        ...Array.from({ length: 10 }, (_, i) =>
          queueView(
            { id: `extra${i}`, name: `Extra ${i}`, waiting: 0, oldestWaitSec: null, today: {}, agents: {} },
            asOf,
          ),
        ),
      ],
    }));
    // Fifteen queues do not fit one screen: as many a page as fit (data-per-page), turning every 10 s. Each reading
    // is taken in one go in the page, so a page turn cannot fall between its parts.
    const pageNow = () =>
      wall.page.evaluate(() => ({
        pager: document.querySelector('[data-testid="queue-page"]')?.textContent?.trim(),
        cards: document.querySelectorAll('article[data-testid^="queue-"]').length,
        perPage: Number(document.querySelector('[data-testid="queue-cards"]')?.getAttribute('data-per-page')),
      }));
    await wall.page.getByTestId('queue-page').waitFor({ timeout: 2000 });
    const now = await pageNow();
    const pages = Math.ceil(15 / now.perPage);
    expect(pages).toBeGreaterThan(1);
    expect([
      { pager: `Queues, page 1 of ${pages}`, cards: now.perPage, perPage: now.perPage },
      { pager: `Queues, page ${pages} of ${pages}`, cards: 15 - (pages - 1) * now.perPage, perPage: now.perPage },
      ...Array.from({ length: Math.max(0, pages - 2) }, (_, i) => ({
        pager: `Queues, page ${i + 2} of ${pages}`,
        cards: now.perPage,
        perPage: now.perPage,
      })),
    ]).toContainEqual(now);
    const chatCard = () =>
      wall.page.evaluate(() => {
        const read = (id: string) => document.querySelector(`[data-testid="queue-chat-${id}"]`)?.textContent;
        return {
          waiting: read('waiting'),
          sl: read('sl'),
          asa: read('asa'),
          abandonRate: read('abandon-rate'),
          loggedIn: read('agents-logged-in'),
        };
      });
    await expect
      .poll(chatCard, { timeout: 11_000, interval: 250 })
      .toEqual({ waiting: '123', sl: '100%', asa: '12:34', abandonRate: '100%', loggedIn: '98' });
    expect(await clipped(wall)).toEqual([]);
  });

  test('the longest wait ticks every second without updates', async () => {
    fixture = await startFixture();
    const wall = await openWall();
    await wall.page.getByTestId('wall').waitFor();
    const sentBefore = fixture.lastSentAt;

    // One reading of the wait and the clock together, both from the same tick.
    const read = () =>
      wall.page.evaluate(() => {
        const wait = document.querySelector('[data-testid="queue-sales-longest-wait"]')!;
        const clock = document.querySelector('[data-testid="clock"]')!;
        return {
          text: wait.textContent ?? '',
          value: Number(wait.getAttribute('data-value')),
          clock: Number(clock.getAttribute('data-value')),
        };
      });
    const before = await read();
    await wall.page.waitForTimeout(2000);
    const after = await read();

    expect(fixture.lastSentAt).toBe(sentBefore);
    // The page ticked about twice (fewer or more when a loaded machine delays its timers)...
    const ticked = (after.clock - before.clock) / 1000;
    expect(ticked).toBeGreaterThanOrEqual(1);
    expect(ticked).toBeLessThanOrEqual(4);
    // ...and the wait grew by exactly the time that passed on the page's clock,
    expect(after.value - before.value).toBeCloseTo(ticked, 6);
    // shown as whole seconds counted like a stopwatch (m:ss hand-parsed).
    const seconds = (t: string) => Number(t.split(':')[0]) * 60 + Number(t.split(':')[1]);
    expect(seconds(before.text)).toBe(Math.floor(before.value));
    expect(seconds(after.text)).toBe(Math.floor(after.value));
  });

  test('the clock and waits follow the server’s time, not the TV’s', async () => {
    fixture = await startFixture();
    fixture.skewMs = 2 * 3_600_000 + 3 * 60_000; // the server's clock reads 2 h 3 min later than this machine's
    const wall = await openWall();
    await wall.page.getByTestId('wall').waitFor();

    const clock = await value(wall, 'clock');
    expect(Math.abs(clock - (Date.now() + fixture.skewMs))).toBeLessThan(2000);
    // Shown in the center's time zone, whatever the TV's.
    const expected = new Intl.DateTimeFormat('en', {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: TIMEZONE,
    }).format(clock);
    expect(await text(wall, 'clock')).toMatch(new RegExp(`^${expected}:\\d\\d$`));
    // Measured on the server's clock, the 75 s wait is still about 75 s.
    expect(await text(wall, 'queue-sales-longest-wait')).toMatch(/^1:1[4-7]$/);
  });

  test('stale data: the banner shows after 5 s without data, ticks, and clears on fresh data', async () => {
    fixture = await startFixture();
    const wall = await openWall();
    await wall.page.getByTestId('wall').waitFor();
    fixture.startHeartbeat(1000);
    const banner = wall.page.getByTestId('stale-banner');
    await wall.page.waitForTimeout(6500);
    expect(await banner.count()).toBe(0);

    fixture.stopHeartbeat();
    const silentSince = fixture.lastSentAt;
    await banner.waitFor({ timeout: 8000 });
    const shownAfter = Date.now() - silentSince;
    expect(shownAfter).toBeGreaterThan(5000);
    // 5.5 s by design; a loaded CI machine may fire the page's timer a little late.
    expect(shownAfter).toBeLessThan(7000);
    expect((await banner.textContent())?.trim()).toMatch(/^Data is [5-7] sec old — waiting for the server…$/);
    expect(await wall.page.getByTestId('connection').getAttribute('data-state')).toBe('delayed');
    await expect
      .poll(() => wall.page.getByTestId('queue-sales-waiting').evaluate((el) => getComputedStyle(el).opacity), {
        timeout: 2000,
      })
      .toBe('0.4');

    const age = await value(wall, 'stale-banner');
    await wall.page.waitForTimeout(2100);
    expect((await value(wall, 'stale-banner')) - age).toBeGreaterThanOrEqual(2);

    fixture.update(() => ({}));
    await banner.waitFor({ state: 'detached', timeout: 2000 });
    expect(await wall.page.getByTestId('connection').getAttribute('data-state')).toBe('live');
    // The numbers brighten again (a short fade).
    await expect
      .poll(() => wall.page.getByTestId('queue-sales-waiting').evaluate((el) => getComputedStyle(el).opacity), {
        timeout: 2000,
      })
      .toBe('1');
  });

  test('a server-side disconnect shows the banner; the page reconnects and its new snapshot replaces the old', async () => {
    fixture = await startFixture();
    const wall = await openWall();
    await wall.page.getByTestId('wall').waitFor();
    fixture.update((asOf) => ({
      queues: [queueView({ id: 'chat', name: 'Chat', waiting: 1, oldestWaitSec: 9, today: {}, agents: {} }, asOf)],
    }));
    await wall.page.getByTestId('queue-chat').waitFor();

    // The floor moves on while the screen is away; its next snapshot must show this, and no Chat queue.
    fixture.state.queues[0]!.waiting = 6;
    const banner = wall.page.getByTestId('stale-banner');
    const kickedAt = Date.now();
    fixture.io.disconnectSockets(true);
    await banner.waitFor({ timeout: 1000 });
    expect(Date.now() - kickedAt).toBeLessThan(1000);
    expect((await banner.textContent())?.trim()).toMatch(/reconnecting…$/);
    expect(await wall.page.getByTestId('connection').getAttribute('data-state')).toBe('offline');

    await banner.waitFor({ state: 'detached', timeout: 8000 });
    expect(await text(wall, 'queue-sales-waiting')).toBe('6');
    expect(await wall.page.getByTestId('queue-chat').count()).toBe(0);

    // A dropped connection (not a deliberate kick) recovers the same way.
    fixture.state.queues[0]!.waiting = 2;
    for (const socket of fixture.io.sockets.sockets.values()) socket.conn.close();
    await banner.waitFor({ timeout: 1000 });
    await banner.waitFor({ state: 'detached', timeout: 8000 });
    expect(await text(wall, 'queue-sales-waiting')).toBe('2');
  });

  test('a refused token, a missing token and an unknown page each get a full-screen message', async () => {
    fixture = await startFixture();
    const message = (o: OpenedPage) => o.page.getByTestId('screen-message');

    const bad = await openWall('not-the-token-at-all');
    await expect.poll(() => message(bad).locator('h1').textContent()).toBe("This display's token was refused");
    expect(await message(bad).textContent()).toContain('does not recognise the token');

    const forbidden = await openWall(AGENT_TOKEN);
    await expect.poll(() => message(forbidden).locator('h1').textContent()).toBe("This display's token was refused");
    expect(await message(forbidden).textContent()).toContain('may not open this board');

    const none = await openPage(browser, `${fixture.url}/wall/default`);
    pages.push(none);
    expect(await message(none).locator('h1').textContent()).toBe('This display has no token');

    const elsewhere = await openPage(browser, `${fixture.url}/wall/default/extra?token=${DISPLAY_TOKEN}`);
    pages.push(elsewhere);
    expect(await message(elsewhere).locator('h1').textContent()).toBe('Page not found');

    const unknown = await openPage(browser, `${fixture.url}/wall/lobby?token=${DISPLAY_TOKEN}`);
    pages.push(unknown);
    await expect.poll(() => message(unknown).locator('h1').textContent()).toBe('Unknown board');
    expect(await message(unknown).textContent()).toContain('No board named “lobby” is configured');

    // The browser logs each refused request; those are the answers this test asked for.
    for (const [opened, status] of [
      [bad, 401],
      [forbidden, 403],
      [unknown, 404],
    ] as const) {
      // Each error ends with the URL it was for: compare what comes before.
      expect(opened.errors.map((e) => e.replace(/ \(http[^()]*\)$/, ''))).toEqual([
        `console.error: Failed to load resource: the server responded with a status of ${status} (${{ 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status]})`,
      ]);
      opened.errors.length = 0;
    }
  });
});

async function expectText(opened: OpenedPage, testid: string, expected: string): Promise<void> {
  await expect.poll(() => text(opened, testid), { timeout: 2000 }).toBe(expected);
}
