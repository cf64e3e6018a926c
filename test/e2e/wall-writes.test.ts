// What the wall rewrites while updates stream in (docs/performance.md, Wallboard page CPU): its clock and every
// ticking figure move once a second on the shared tick, not with each update's new estimate of the server's clock,
// and a tile whose agent did not change is left alone between ticks.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEFAULT_STREAM } from '../../shared/stream.ts';
import { launchBrowser, openPage, type OpenedPage } from '../helpers/browser.ts';
import { useRedis } from '../helpers/redis.ts';
import { DISPLAY_TOKEN, useTestNode } from '../helpers/server.ts';
import { xaddEvents } from '../helpers/stream-writer.ts';

const redis = useRedis();
const redisUrl = () => redis().url;
const node = useTestNode(() => ({
  redisUrl: redisUrl(),
  config: { queues: [{ id: 'sales', name: 'Sales' }], teams: [{ id: 't1', name: 'Team East' }] },
}));
let browser: Browser;
let client: Redis;
const pages: OpenedPage[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  client = new Redis(redisUrl(), { protocol: 2 });
});
afterAll(async () => {
  for (const p of pages) await p.close().catch(() => {});
  await browser?.close();
  client?.disconnect();
});

/** Mutations seen in the page since `watch` was called, by what they touched. */
interface Seen {
  /** Distinct values the top bar's clock carried (data-value: the tick's server time in ms). */
  clockValues: number;
  /** Distinct cursors the wall showed: one per update it applied. */
  cursors: number;
  /** Mutations inside the quiet agent's tile, and what they were. */
  quiet: string[];
}

test('updates many times a second move the clock and a quiet agent’s tile only once a second', async () => {
  // Fresh ids per attempt: the server drops an event id it has seen, and a retry reuses this file's node.
  const run = randomBytes(4).toString('hex');
  const busy = `busy-${run}`;
  const quiet = `quiet-${run}`;
  let n = 0;
  const ev = (type: string, fields: Record<string, unknown>) => ({
    id: `${run}-${++n}`,
    type,
    ts: Date.now(),
    ...fields,
  });
  await xaddEvents(client, DEFAULT_STREAM, [
    ev('agent.login', { agentId: busy, name: 'Busy Bee', teamId: 't1', queues: ['sales'] }),
    ev('agent.login', { agentId: quiet, name: 'Quiet Cat', teamId: 't1', queues: ['sales'] }),
  ]);
  const opened = await openPage(browser, `${node().url}/wall/default?token=${DISPLAY_TOKEN}&page=agents`);
  pages.push(opened);
  const { page } = opened;
  await page.getByTestId(`agent-${quiet}`).waitFor();
  await page.evaluate(`(() => {
    const seen = { clock: new Set(), cursors: new Set(), quiet: [] };
    window.seen_ = seen;
    const wall = document.querySelector('[data-testid=wall]');
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        if (r.attributeName === 'data-value' && el.dataset.testid === 'clock') seen.clock.add(el.dataset.value);
        if (r.attributeName === 'data-cursor' && el === wall) seen.cursors.add(wall.dataset.cursor);
        if (el.closest('[data-testid="agent-${quiet}"]'))
          seen.quiet.push(r.type + ':' + (r.attributeName ?? '') + ':' + (el.dataset.testid ?? el.className));
      }
    }).observe(wall, { subtree: true, attributes: true, characterData: true, childList: true });
  })()`);
  // The busy agent changes state every 100 ms for 4 s; the server sends an update at most every 250 ms.
  const started = Date.now();
  for (let i = 0; i < 40; i++) {
    await xaddEvents(client, DEFAULT_STREAM, [
      ev(
        'agent.state',
        i % 2 ? { agentId: busy, state: 'available' } : { agentId: busy, state: 'aux', reason: 'break' },
      ),
    ]);
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (Date.now() - started) / 1000;
  const seen = (await page.evaluate(
    `({ clockValues: window.seen_.clock.size, cursors: window.seen_.cursors.size, quiet: window.seen_.quiet })`,
  )) as Seen;
  // ~4 updates a second arrived (at least 2 a second on a loaded machine), each with its own offset estimate.
  expect(seen.cursors).toBeGreaterThan(2 * seconds);
  // One clock value per tick: ~4–5 ticks in the window, never one per update (which was ~20).
  expect(seen.clockValues).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
  // The quiet tile: its time in state, once per tick, and nothing else.
  expect(seen.quiet.every((m) => m.startsWith('characterData') && m.endsWith(`agent-${quiet}-time`))).toBe(true);
  expect(seen.quiet.length).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
  expect(opened.errors).toEqual([]);
});
