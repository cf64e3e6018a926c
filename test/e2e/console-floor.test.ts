// The supervisor console on a floor of several queues, in real Chromium against a real node and redis-server:
// the queue table fits a 1366×768 laptop and marks each judged figure with a shape; its order holds under the
// pointer; the drill-down's callbacks run by due time with the overdue flagged; an alert shows one duration and the
// history folds per-agent resolutions; the alert-rule form creates, edits and refuses bad input naming the field.
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningNode } from '../../server/node.ts';
import { launchBrowser, openPage, type OpenedPage } from '../helpers/browser.ts';
import { eventFactory } from '../helpers/events.ts';
import { SCREENSHOTS } from '../helpers/paths.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { ADMIN_TOKEN, startTestNode, waitFor } from '../helpers/server.ts';
import { DEFAULT_STREAM } from '../../shared/stream.ts';

const STREAM = DEFAULT_STREAM;
const LAPTOP = { width: 1366, height: 768 };

/*
 * t0 = now − 1200 s. Queues: Sales (2 waiting: c1 from 1000 s, c2 from 1100 s), Billing (1 waiting, c3 from
 * 1150 s), Support and Technical (none waiting). Sorted by waiting, largest first: Sales 2, Billing 1, then the
 * empty ones by name: Support, Technical. Callbacks on Sales: cb-late due at t0 + 600 s (overdue by about
 * 10 min), cb-soon due in 30 min, cb-open with no time. a-1 on a break since 200 s; a-2 available.
 */
let t0 = 0;
let redis: RedisProcess;
let node: RunningNode;
let client: Redis;
let browser: Browser;
const pages: OpenedPage[] = [];

const add = (e: object) => client.xadd(STREAM, '*', 'event', JSON.stringify(e));

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
  t0 = Date.now() - 1_200_000;
  const ev = eventFactory(t0);
  const events = [
    ev('agent.login', 0, { agentId: 'a-1', name: 'Ann Lee', teamId: 't1', queues: ['sales', 'support'] }),
    ev('agent.login', 0, { agentId: 'a-2', name: 'Bo Wang', teamId: 't1', queues: ['sales', 'billing', 'technical'] }),
    ev('agent.state', 200, { agentId: 'a-1', state: 'aux', reason: 'break' }),
    ev('callback.requested', 100, { callbackId: 'cb-soon', queueId: 'sales', dueTs: Date.now() + 1_800_000 }),
    ev('callback.requested', 110, { callbackId: 'cb-open', queueId: 'sales' }),
    ev('callback.requested', 120, { callbackId: 'cb-late', queueId: 'sales', dueTs: t0 + 600_000 }),
    ev('call.offered', 1000, { callId: 'c1', queueId: 'sales' }),
    ev('call.offered', 1100, { callId: 'c2', queueId: 'sales' }),
    ev('call.offered', 1150, { callId: 'c3', queueId: 'billing' }),
  ];
  for (const e of events) await add(e);
  node = await startTestNode({
    redisUrl: redis.url,
    stream: STREAM,
    config: {
      queues: [
        { id: 'sales', name: 'Sales', slThresholdSec: 20, slTarget: 0.8 },
        { id: 'billing', name: 'Billing', slThresholdSec: 20, slTarget: 0.9 },
        { id: 'support', name: 'Support', slThresholdSec: 30, slTarget: 0.8 },
        { id: 'technical', name: 'Technical support and escalations', slThresholdSec: 30, slTarget: 0.8 },
      ],
      teams: [{ id: 't1', name: 'Team 1' }],
      alerts: {
        rules: [
          {
            id: 'long-break',
            name: 'Long break',
            metric: 'timeInStateSec',
            scope: { kind: 'agent' },
            comparator: '>',
            threshold: 60,
            sustainSec: 0,
            severity: 'info',
            agentStates: ['aux'],
          },
        ],
      },
    },
  });
  await waitFor('the scenario folded', () => node.live.state.queues.get('billing')?.waiting.size === 1);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of pages) await p.close().catch(() => {});
  await browser?.close();
  await node?.close();
  client?.disconnect();
  await redis?.stop();
});

async function open(path: string, size = LAPTOP): Promise<OpenedPage> {
  const o = await openPage(browser, `${node.url}${path}`, size);
  pages.push(o);
  return o;
}
const rowOrder = (o: OpenedPage) =>
  o.page
    .locator('[data-testid^="queue-row-"]')
    .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-testid')!.slice('queue-row-'.length)));
const text = async (o: OpenedPage, testid: string) => (await o.page.getByTestId(testid).innerText()).trim();

describe('queue table', () => {
  test('fits 1366 px wide with every column in view, each judged figure with a shape', async () => {
    const o = await open(`/supervisor?token=${ADMIN_TOKEN}`);
    await o.page.getByTestId('queue-row-sales').waitFor();
    const fit = await o.page.evaluate(() => {
      const table = document.querySelector('[data-testid="queue-table"]')!;
      const scroller = table.parentElement!;
      const last = table.querySelector('thead th:last-child')!.getBoundingClientRect();
      return {
        scroll: scroller.scrollWidth,
        client: scroller.clientWidth,
        lastRight: last.right,
        page: document.documentElement.scrollWidth,
      };
    });
    expect(fit.scroll).toBeLessThanOrEqual(fit.client);
    expect(fit.lastRight).toBeLessThanOrEqual(LAPTOP.width);
    expect(fit.page).toBeLessThanOrEqual(LAPTOP.width);
    // Sales: 2 waiting since 1000 s, nothing answered: longest wait ≈ 200 s is judged; the shape says how.
    const wait = o.page.getByTestId('queue-sales-longest-wait-status');
    expect(await wait.getAttribute('data-status')).toMatch(/^(good|warn|bad)$/);
    expect(
      await o.page.getByTestId('queue-sales-longest-wait').locator('[data-verdict]').getAttribute('data-verdict'),
    ).not.toBe('none');
    // Occupancy is judged for every queue with logged-in time; the shape is there beside the colour.
    expect(await o.page.getByTestId('queue-sales-occupancy-status').count()).toBe(1);
    expect(await text(o, 'queue-sales-staffed')).toMatch(/^\d+ \/ \d+$/);
    expect(o.errors).toEqual([]);
  });

  test('keeps its order while the pointer is on it; re-sorts when it leaves or on a header click', async () => {
    const o = await open(`/supervisor?token=${ADMIN_TOKEN}`);
    await o.page.getByTestId('queue-row-sales').waitFor();
    expect(await rowOrder(o)).toEqual(['sales', 'billing', 'support', 'technical']);
    await o.page.getByTestId('queue-support-open').hover();
    // Three callers reach Support: by waiting it now sorts first, but the rows must not move under the pointer.
    for (const id of ['s1', 's2', 's3'])
      await add({ id: `late-${id}`, type: 'call.offered', ts: Date.now(), callId: id, queueId: 'support' });
    await expect.poll(() => text(o, 'queue-support-waiting'), { timeout: 5_000 }).toBe('3');
    expect(await rowOrder(o)).toEqual(['sales', 'billing', 'support', 'technical']);
    await o.page.getByTestId('queue-order-held').waitFor();
    // The row under the pointer is where it was: clicking it opens that queue.
    await o.page.getByTestId('queue-support-open').click();
    await expect.poll(() => o.page.getByTestId('queue-detail').locator('h2').first().innerText()).toBe('Support');
    await o.page.keyboard.press('Escape');
    // A header click is the user's own re-sort: applied at once, even under the pointer. By name, A→Z:
    await o.page.getByTestId('sort-queue').click();
    expect(await rowOrder(o)).toEqual(['billing', 'sales', 'support', 'technical']);
    await o.page.getByTestId('sort-waiting').click();
    expect(await rowOrder(o)).toEqual(['support', 'sales', 'billing', 'technical']);
    // Off the table the live order applies again.
    await o.page.mouse.move(5, 700);
    await expect.poll(() => o.page.getByTestId('queue-table').getAttribute('data-held')).toBe('false');
    expect(await rowOrder(o)).toEqual(['support', 'sales', 'billing', 'technical']);
    expect(o.errors).toEqual([]);
  });
});

describe('drill-down', () => {
  test('callbacks by due time, the overdue one flagged; a large, judged SL', async () => {
    const o = await open(`/supervisor?token=${ADMIN_TOKEN}`);
    await o.page.getByTestId('queue-sales-open').click();
    const panel = o.page.getByTestId('queue-detail');
    await panel.getByTestId('callbacks').waitFor();
    const rows = await panel
      .getByTestId('callbacks')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-testid'), tr.getAttribute('data-overdue')]));
    expect(rows).toEqual([
      ['callback-cb-late', 'true'],
      ['callback-cb-soon', 'false'],
      ['callback-cb-open', 'false'],
    ]);
    // Due at t0 + 600 s, now ≈ t0 + 1200 s: overdue by about 10 min.
    expect(await text(o, 'callback-cb-late')).toMatch(/overdue by (9|10) min/);
    await panel.getByTestId('callback-cb-late-overdue').waitFor();
    const sl = panel.getByTestId('detail-sl');
    const size = await sl.locator('.sl').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(24);
    await panel.getByTestId('interval-chart').waitFor();
    await o.page.screenshot({ path: join(SCREENSHOTS, 'console-callbacks-en.png') });
    expect(o.errors).toEqual([]);
  });
});

describe('alerts', () => {
  test('one duration, since firing began; per-agent resolutions folded in the history', async () => {
    const o = await open(`/supervisor?token=${ADMIN_TOKEN}`);
    const alert = o.page.getByTestId('alert-long-break:a-1');
    await alert.waitFor({ timeout: 10_000 });
    const line = await text(o, 'alert-long-break:a-1-duration');
    expect(line).toMatch(/^firing since \d\d:\d\d:?\d{0,2} \(\d+ sec\)$|^firing since \d\d:\d\d \(\d+ (sec|min)\)$/);
    // The sentence itself carries the time on break, not a second "for …" of the alert's own.
    const sentence = await text(o, 'alert-long-break:a-1-text');
    expect(sentence).toMatch(/^Ann Lee: on break for \d+ min/);
    expect(sentence.match(/ for /g)?.length).toBe(1);
    // Ann comes back: the alert resolves; the history hides the per-agent line until asked.
    await add({ id: 'back-1', type: 'agent.state', ts: Date.now(), agentId: 'a-1', state: 'available' });
    await alert.waitFor({ state: 'detached', timeout: 10_000 });
    await o.page.getByTestId('alerts-tab-history').click();
    const box = o.page.getByTestId('alert-history-agent-resolutions');
    await box.waitFor({ timeout: 12_000 });
    const history = o.page.getByTestId('alert-history');
    expect(await history.innerText()).toContain('fired');
    expect(await history.innerText()).not.toContain('resolved');
    await box.check();
    await expect.poll(() => history.innerText()).toContain('resolved');
    expect(o.errors).toEqual([]);
  });
});

describe('alert rules form', () => {
  test('creates a rule, edits it, and refuses bad input naming the field', async () => {
    const o = await open(`/supervisor?token=${ADMIN_TOKEN}`, { width: 1440, height: 900 });
    await o.page.getByTestId('rules-list').waitFor();
    await o.page.getByTestId('rules-add').click();
    const form = o.page.getByTestId('rule-form');
    await form.waitFor();
    await form.getByTestId('rule-id').fill('sales-sl');
    await form.getByTestId('rule-name').fill('Sales SL low');
    await form.getByTestId('rule-metric').selectOption('serviceLevel');
    await form.getByTestId('rule-scope-ids').fill('sales');
    await form.getByTestId('rule-comparator').selectOption('<');
    // Not a number: refused on the form, the field named, nothing sent.
    await form.getByTestId('rule-threshold').fill('eighty');
    await form.getByTestId('rule-save').click();
    expect(await text(o, 'rule-error-threshold')).toBe('Threshold: "eighty" is not a number');
    // A clear level on the wrong side of the threshold: the shared schema's own rule, on its field.
    await form.getByTestId('rule-threshold').fill('80');
    await form.getByTestId('rule-clear').fill('70');
    await form.getByTestId('rule-save').click();
    expect(await text(o, 'rule-error-clear')).toBe('Clears at: with "<" clear must be at or above the threshold');
    await form.getByTestId('rule-clear').fill('85');
    await form.getByTestId('rule-save').click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => text(o, 'rule-sales-sl-summary')).toBe('Queue: sales · 60 min service level < 80% · 60 s');
    // The server holds it as the schema has it: percent entered, ratio stored.
    const saved = node.alerts.rules().find((r) => r.id === 'sales-sl');
    expect(saved).toMatchObject({
      metric: 'serviceLevel',
      window: '60m',
      threshold: 0.8,
      clear: 0.85,
      sustainSec: 60,
      scope: { kind: 'queue', ids: ['sales'] },
    });

    // Edit: the form opens with the rule's values; a duplicate id is refused on the id field.
    await o.page.getByTestId('rule-sales-sl-edit').click();
    await form.waitFor();
    expect(await form.getByTestId('rule-threshold').inputValue()).toBe('80');
    await form.getByTestId('rule-id').fill('long-break');
    await form.getByTestId('rule-save').click();
    expect(await text(o, 'rule-error-id')).toBe('Id: duplicate rule id "long-break"');
    await o.page.screenshot({ path: join(SCREENSHOTS, 'console-rule-form-en.png') });
    await form.getByTestId('rule-id').fill('sales-sl');
    await form.getByTestId('rule-threshold').fill('75');
    await form.getByTestId('rule-clear').fill('');
    await form.getByTestId('rule-severity').selectOption('critical');
    await form.getByTestId('rule-save').click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => text(o, 'rule-sales-sl-summary')).toBe('Queue: sales · 60 min service level < 75% · 60 s');
    expect(node.alerts.rules().find((r) => r.id === 'sales-sl')).toMatchObject({
      threshold: 0.75,
      severity: 'critical',
    });
    expect(node.alerts.rules().find((r) => r.id === 'sales-sl')!.clear).toBeUndefined();

    // The JSON view is still there for admins who want it, showing the same rules.
    await o.page.getByTestId('rules-view-json').click();
    expect(JSON.parse(await o.page.getByTestId('rules-json').inputValue()).map((r: { id: string }) => r.id)).toEqual([
      'long-break',
      'sales-sl',
    ]);
    expect(o.errors).toEqual([]);
  });
});

describe('zh-CN', () => {
  test('aux reasons in the wall’s words; screenshots of the changed screens', async () => {
    const o = await open(`/supervisor?token=${ADMIN_TOKEN}&lang=zh-CN`);
    await o.page.getByTestId('queue-row-sales').waitFor();
    await o.page.getByTestId('agent-a-1-open').waitFor();
    // a-1 may be back from its break by now (the alerts test); the reason filter lists what the wall calls it.
    expect(await o.page.getByTestId('filter-reason').innerText()).not.toContain('break');
    await o.page.getByTestId('queue-sales-open').click();
    await o.page.getByTestId('callbacks').waitFor();
    await o.page.getByTestId('interval-chart').waitFor();
    expect(await text(o, 'callback-cb-late')).toContain('已超时');
    await o.page.screenshot({ path: join(SCREENSHOTS, 'console-callbacks-zh-CN.png') });
    // One interval so far, the running one: its bar spans it from its start, shaded and labelled.
    await o.page
      .getByTestId('queue-detail')
      .locator('.body')
      .evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await o.page.screenshot({ path: join(SCREENSHOTS, 'console-intervals-zh-CN.png') });
    await o.page.keyboard.press('Escape');
    await o.page.getByTestId('rules-add').click();
    await o.page.getByTestId('rule-threshold').fill('x');
    await o.page.getByTestId('rule-save').click();
    expect(await text(o, 'rule-error-threshold')).toMatch(/^阈值：/);
    await o.page.screenshot({ path: join(SCREENSHOTS, 'console-rule-form-zh-CN.png') });
    expect(o.errors).toEqual([]);
  });
});
