// The supervisor console, the agent view and sign-in in real headless Chromium against a real server node and
// redis-server, fed a hand-made scenario whose figures are worked out below by hand.
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { UserStore } from '../../server/auth/users.ts';
import type { RunningNode } from '../../server/node.ts';
import { launchBrowser, openPage, type OpenedPage } from '../helpers/browser.ts';
import { eventFactory } from '../helpers/events.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { ADMIN_TOKEN, DISPLAY_TOKEN, LiveClient, agentToken, startTestNode, waitFor } from '../helpers/server.ts';
import { SCREENSHOTS } from '../helpers/paths.ts';
import { DEFAULT_STREAM } from '../../shared/stream.ts';

const SHOTS = SCREENSHOTS;
const STREAM = DEFAULT_STREAM;

/*
 * The scenario, in seconds before the moment the test starts (t0 = now − 900 s). Queue Sales: T = 20 s, target
 * 80 %, short abandon ≤ 5 s.
 *   c1 offered 0, answered by a-1 at 10 (wait 10, within T), ended 100, wrapped up 120 → handle 110
 *   c2 offered 50, answered by a-2 at 80 (wait 30, not within), ended 200, wrapped up 210 → handle 130
 *   c3 offered 150, abandoned at 180 (wait 30 > 5: counts)
 *   c4 offered 300, abandoned at 302 (wait 2: short, excluded)
 *   c5 offered 400, answered by a-1 at 405 (wait 5, within), ended 500, wrapped up 510 → handle 105
 *   c6 (caller 13800138000) offered 800 and c7 offered 860 are still waiting; c6 rang a-1 800–815 unanswered.
 * Sales today: SL = within / (answered + abandoned) = 2 / (3 + 1) = 50 %; abandon rate = 1 / 4 = 25.0 %;
 * ASA = (10 + 30 + 5) / 3 = 15 s; AHT = (110 + 130 + 105) / 3 = 115 s.
 */
let t0 = 0;

let redis: RedisProcess;
let node: RunningNode;
let client: Redis;
let browser: Browser;
const pages: OpenedPage[] = [];

async function open(path: string, options: { width?: number; height?: number } = {}): Promise<OpenedPage> {
  const opened = await openPage(browser, `${node.url}${path}`, options);
  pages.push(opened);
  return opened;
}

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
  const users = new UserStore(client);
  await users.add({ username: 'sam', name: 'Sam Supervisor', role: 'supervisor' }, 'supervisor-pass');
  await users.add({ username: 'ann', name: 'Ann Lee', role: 'agent', agentId: 'a-1' }, 'agent-pass-1');

  t0 = Date.now() - 900_000;
  const ev = eventFactory(t0);
  const events = [
    ev('agent.login', 0 - 1, { agentId: 'a-1', name: 'Ann Lee', teamId: 't1', queues: ['sales'] }),
    ev('agent.login', 0 - 1, { agentId: 'a-2', name: 'Bo Wang', teamId: 't2', queues: ['sales', 'support'] }),
    ev('agent.login', 0 - 1, { agentId: 'a-3', name: 'Cy Diaz', teamId: 't2', queues: ['support'] }),
    ev('call.offered', 0, { callId: 'c1', queueId: 'sales' }),
    ev('call.answered', 10, { callId: 'c1', agentId: 'a-1' }),
    ev('call.offered', 50, { callId: 'c2', queueId: 'sales' }),
    ev('call.answered', 80, { callId: 'c2', agentId: 'a-2' }),
    ev('call.ended', 100, { callId: 'c1' }),
    ev('call.wrapup', 120, { callId: 'c1', agentId: 'a-1' }),
    ev('call.offered', 150, { callId: 'c3', queueId: 'sales' }),
    ev('call.abandoned', 180, { callId: 'c3' }),
    ev('call.ended', 200, { callId: 'c2' }),
    ev('call.wrapup', 210, { callId: 'c2', agentId: 'a-2' }),
    ev('agent.state', 220, { agentId: 'a-2', state: 'aux', reason: 'break' }),
    ev('call.offered', 300, { callId: 'c4', queueId: 'sales' }),
    ev('call.abandoned', 302, { callId: 'c4' }),
    ev('call.offered', 400, { callId: 'c5', queueId: 'sales' }),
    ev('call.answered', 405, { callId: 'c5', agentId: 'a-1' }),
    ev('call.ended', 500, { callId: 'c5' }),
    ev('call.wrapup', 510, { callId: 'c5', agentId: 'a-1' }),
    ev('survey.completed', 520, { callId: 'c5', agentId: 'a-1', queueId: 'sales', score: 5 }),
    ev('call.offered', 800, { callId: 'c6', queueId: 'sales', callerId: '13800138000' }),
    ev('agent.missed', 815, { agentId: 'a-1', callId: 'c6', queueId: 'sales', ringMs: 15_000 }),
    ev('call.offered', 860, { callId: 'c7', queueId: 'sales' }),
  ];
  for (const e of events) await client.xadd(STREAM, '*', 'event', JSON.stringify(e));

  node = await startTestNode({
    redisUrl: redis.url,
    stream: STREAM,
    agentTokens: ['a-1'],
    config: {
      queues: [
        { id: 'sales', name: 'Sales', slThresholdSec: 20, slTarget: 0.8, shortAbandonSec: 5 },
        { id: 'support', name: 'Support' },
      ],
      teams: [
        { id: 't1', name: 'Team 1' },
        { id: 't2', name: 'Team 2' },
      ],
      alerts: {
        rules: [
          {
            id: 'callers-waiting',
            name: 'Callers waiting',
            metric: 'waiting',
            scope: { kind: 'queue' },
            comparator: '>',
            threshold: 0,
            sustainSec: 0,
            severity: 'warning',
          },
        ],
      },
    },
  });
  await waitFor('the scenario folded', () => node.live.state.queues.get('sales')?.waiting.size === 2);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of pages) await p.close().catch(() => {});
  await browser?.close();
  await node?.close();
  client?.disconnect();
  await redis?.stop();
});

/** A wait shown as m:ss is the time since `sinceTs`, give or take the page's one-second tick. */
function expectWait(shown: string, sinceTs: number): void {
  const [m, sec] = shown.split(':').map(Number);
  expect(Math.abs(m! * 60 + sec! - (Date.now() - sinceTs) / 1000)).toBeLessThan(2.5);
}

// innerText: what the page shows (a status shape's <title> is for screen readers, not part of the figure).
const text = async (o: OpenedPage, testid: string) => (await o.page.getByTestId(testid).innerText()).trim();

async function signIn(username: string, password: string, path = '/login'): Promise<OpenedPage> {
  const o = await open(path);
  // A server that does not serve the page at /login fails here, not at the 30 s test timeout.
  await o.page.getByTestId('login-username').waitFor({ timeout: 5_000 });
  await o.page.getByTestId('login-username').fill(username);
  await o.page.getByTestId('login-password').fill(password);
  await o.page.getByTestId('login-submit').click();
  return o;
}

describe('sign-in', () => {
  test('a wrong password is refused on the form; the right one leads each role to its page', async () => {
    const bad = await signIn('sam', 'not-the-password');
    await expect.poll(() => text(bad, 'login-error')).toBe('Wrong username or password.');
    expect(new URL(bad.page.url()).pathname).toBe('/login');

    const sup = await signIn('sam', 'supervisor-pass');
    await sup.page.waitForURL('**/supervisor');
    await sup.page.getByTestId('queue-table').waitFor();
    expect(await text(sup, 'who')).toBe('Sam Supervisor');

    const agent = await signIn('ann', 'agent-pass-1');
    await agent.page.waitForURL('**/agent');
    await agent.page.getByTestId('agent-view').waitFor();

    // Logging out ends the session: the console sends the browser back to the form.
    await sup.page.getByTestId('logout').click();
    await sup.page.waitForURL('**/login');
    await sup.page.goto(`${node.url}/supervisor`);
    await sup.page.waitForURL('**/login');
    // The browser logs every 401 (the form's "already signed in?" probe, the wrong password); nothing else may fail.
    const unexpected = [...bad.errors, ...agent.errors].filter((e) => !e.includes('status of 401'));
    expect(unexpected).toEqual([]);
  });

  test('without a session /supervisor leads to the form; an agent cannot open the console', async () => {
    const o = await open('/supervisor');
    await o.page.waitForURL('**/login');
    const agent = await open(`/supervisor?token=${agentToken('a-1')}`);
    await expect.poll(() => text(agent, 'access-message')).toContain('may not open this page');
  });
});

/** A supervisor's page on its session cookie, signed in through the API (the form has its own test above). */
async function asSupervisor(path: string): Promise<OpenedPage> {
  const o = await open('/api/v1/health');
  const r = await o.page.request.post(`${node.url}/api/v1/login`, {
    data: { username: 'sam', password: 'supervisor-pass' },
  });
  expect(r.status()).toBe(200);
  o.errors.splice(0); // the JSON page's missing favicon
  await o.page.goto(`${node.url}${path}`);
  return o;
}

describe('supervisor console', () => {
  test('the queue table shows the hand-computed figures; the drill-down lists who waits now', async () => {
    const o = await asSupervisor('/supervisor');
    const row = o.page.getByTestId('queue-row-sales');
    await row.waitFor();
    expect(await text(o, 'queue-sales-waiting')).toBe('2');
    expect(await text(o, 'queue-sales-offered')).toBe('7');
    expect(await text(o, 'queue-sales-answered')).toBe('3');
    expect(await text(o, 'queue-sales-abandoned')).toBe('1');
    expect(await text(o, 'queue-sales-sl')).toMatch(/^50%/);
    expect(await o.page.getByTestId('queue-sales-sl').locator('[data-verdict]').getAttribute('data-verdict')).toBe(
      'bad',
    );
    expect(await text(o, 'queue-sales-asa')).toBe('0:15');
    expect(await text(o, 'queue-sales-aht')).toBe('1:55');
    expect(await text(o, 'queue-sales-abandon-rate')).toBe('25.0%');
    // The oldest caller, c6, offered at t0 + 800 s, has waited as long as the clock says (m:ss, ticking).
    expectWait(await text(o, 'queue-sales-longest-wait'), t0 + 800_000);

    await o.page.getByTestId('queue-sales-open').click();
    const panel = o.page.getByTestId('queue-detail');
    await panel.getByTestId('waiting-callers').waitFor();
    const rows = await panel
      .getByTestId('waiting-callers')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())));
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      ['1', '13800138000 · c6'],
      ['2', 'withheld · c7'],
    ]);
    expectWait(rows[1]![2]!, t0 + 860_000);
    const agents = await panel
      .getByTestId('queue-agents')
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent?.trim())),
      );
    expect(agents).toEqual([
      ['Ann Lee', 'Available'],
      ['Bo Wang', 'Aux · Break'], // the reason in the wall's words
    ]);
    await panel.getByTestId('interval-chart').waitFor();

    // Refreshed every 2 s while open: a new caller appears without a click.
    await client.xadd(
      STREAM,
      '*',
      'event',
      JSON.stringify({ id: 'late-1', type: 'call.offered', ts: Date.now(), callId: 'c8', queueId: 'sales' }),
    );
    await panel.getByTestId('waiting-c8').waitFor({ timeout: 3_500 });
    await o.page.screenshot({ path: join(SHOTS, 'console-drilldown.png') });
    await o.page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(o.errors).toEqual([]);
  });

  test('explain this number: the calls listed add up to the figure clicked', async () => {
    const o = await open(`/supervisor?token=${ADMIN_TOKEN}`);
    await o.page.getByTestId('queue-row-sales').waitFor();
    expect(await text(o, 'queue-sales-sl')).toMatch(/^50%/);
    await o.page.getByTestId('queue-sales-sl').click();
    const panel = o.page.getByTestId('explain-panel');
    await panel.getByTestId('explain-calls').waitFor();
    const counts = await panel
      .getByTestId('explain-call')
      .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-call'), tr.getAttribute('data-counts')]));
    expect(Object.fromEntries(counts)).toEqual({
      c1: 'numerator',
      c5: 'numerator',
      c2: 'denominator',
      c3: 'denominator',
      c4: 'excluded',
    });
    expect(await panel.getByTestId('explain-numerator').getAttribute('data-value')).toBe('2');
    expect(await panel.getByTestId('explain-denominator').getAttribute('data-value')).toBe('4');
    expect(await text(o, 'explain-value')).toBe('50%');
    expect(await panel.getByTestId('explain-check').getAttribute('data-agrees')).toBe('true');
    await o.page.screenshot({ path: join(SHOTS, 'console-explain.png') });
    await o.page.keyboard.press('Escape');

    // AHT over the same window: the three handled calls' handle times, 345 s over 3.
    await o.page.getByTestId('queue-sales-aht').click();
    await panel.getByTestId('explain-calls').waitFor();
    expect(await panel.getByTestId('explain-call').count()).toBe(3);
    expect(await panel.getByTestId('explain-numerator').getAttribute('data-value')).toBe('345');
    expect(await text(o, 'explain-value')).toBe('1:55');
    await o.page.keyboard.press('Escape');

    // The centre's abandon rate: Support has no calls, so the same 1 of 4.
    await o.page.getByTestId('center-abandon-rate').click();
    await panel.getByTestId('explain-calls').waitFor();
    expect(await text(o, 'explain-value')).toBe('25.0%');
    expect(await text(o, 'center-abandon-rate')).toBe('25.0%');
    expect(o.errors).toEqual([]);
  });

  test('an alert that fires at once is acknowledged with a comment', async () => {
    const o = await open(`/supervisor?token=${ADMIN_TOKEN}`);
    const alert = o.page.getByTestId('alert-callers-waiting:sales');
    await alert.waitFor();
    expect(await alert.getAttribute('data-state')).toBe('firing');
    await o.page.getByTestId('alert-callers-waiting:sales-ack-button').click();
    await o.page.getByTestId('ack-comment').fill('calling in the back office');
    await o.page.getByTestId('ack-confirm').click();
    // The node holding the alert book applies the acknowledgement on its next tick; the socket then carries it.
    await expect.poll(() => alert.getAttribute('data-state'), { timeout: 5_000 }).toBe('acknowledged');
    expect(await text(o, 'alert-callers-waiting:sales-ack')).toMatch(
      /^acknowledged by admin at \d\d:\d\d: “calling in the back office”$/,
    );
    await o.page.getByTestId('alerts-tab-history').click();
    await expect.poll(() => o.page.getByTestId('alert-history').textContent()).toContain('acknowledged');
    expect(o.errors).toEqual([]);
  });

  test('a posted bulletin reaches a wallboard within a second', async () => {
    const wall = await open(`/wall/default?token=${DISPLAY_TOKEN}`);
    await wall.page.waitForLoadState('networkidle');
    const o = await open(`/supervisor?token=${ADMIN_TOKEN}`);
    await o.page.getByTestId('bulletin-form').waitFor();
    const message = `Fire drill at 15:00 ${Date.now()}`;
    await o.page.getByTestId('bulletin-text').fill(message);
    await o.page.getByTestId('bulletin-severity').selectOption('urgent');
    const display = new LiveClient(node.url, DISPLAY_TOKEN);
    await waitFor('the display socket’s snapshot', () => display.snapshot);
    const posted = Date.now();
    await o.page.getByTestId('bulletin-submit').click();
    try {
      const onSocket = () =>
        display.updates.some((u) =>
          (u as { bulletins?: { text: string }[] }).bulletins?.some((b) => b.text === message),
        );
      // The server's promise: on every socket within a second of the click.
      await waitFor('the bulletin on a display socket', onSocket, 1_000);
      // The pages render it right after; a loaded 2-core CI machine may take a moment more to paint.
      await expect
        .poll(() => o.page.getByTestId('bulletins-panel').textContent(), { timeout: 2_000 })
        .toContain(message);
      await wall.page
        .getByText(message)
        .first()
        .waitFor({ timeout: Math.max(100, 2_000 - (Date.now() - posted)) });
    } finally {
      display.close();
    }
    expect(o.errors).toEqual([]);
  });
});

describe('agent view', () => {
  test('shows only the agent’s own numbers, against its team', async () => {
    const o = await open(`/agent?token=${agentToken('a-1')}`);
    await o.page.getByTestId('my-state').waitFor();
    expect(await o.page.getByTestId('my-state').getAttribute('data-state')).toBe('available');
    // a-1 handled c1 (110 s) and c5 (105 s): 2 calls, AHT 107.5 s → 1:48; talk 90 + 95 = 185 s → 3:05; CSAT 5.
    expect(await text(o, 'my-handled-value')).toBe('2');
    expect(await text(o, 'my-ahtSec-value')).toBe('1:48');
    expect(await text(o, 'my-talkSec-value')).toBe('3:05');
    expect(await text(o, 'my-csat-value')).toBe('5.00');
    // Nothing of Bo Wang (a-2) or Cy Diaz (a-3) reaches the page.
    const html = await o.page.content();
    expect(html).not.toContain('Bo Wang');
    expect(html).not.toContain('Cy Diaz');
    expect(o.errors).toEqual([]);
  });
});

describe('screenshots', () => {
  test('console, agent view on a desktop and on a phone, and zh-CN', async () => {
    const sup = await open(`/supervisor?token=${ADMIN_TOKEN}`, { width: 1440, height: 900 });
    await sup.page.getByTestId('queue-row-sales').waitFor();
    await sup.page.screenshot({ path: join(SHOTS, 'console-supervisor.png'), fullPage: true });
    // a-1 let c6 ring out (agent.missed at 815); a-2 and a-3 missed nothing.
    expect([
      await text(sup, 'agent-a-1-missed'),
      await text(sup, 'agent-a-2-missed'),
      await text(sup, 'agent-a-3-missed'),
    ]).toEqual(['1', '0', '0']);
    await sup.page.getByTestId('agent-a-1-open').click();
    await sup.page.getByTestId('state-timeline').waitFor();
    expect(await text(sup, 'agent-kpi-missed')).toBe('1');
    await sup.page.screenshot({ path: join(SHOTS, 'console-agent-detail.png') });

    const zh = await open(`/supervisor?token=${ADMIN_TOKEN}&lang=zh-CN`, { width: 1440, height: 900 });
    await zh.page.getByTestId('queue-row-sales').waitFor();
    expect(await text(zh, 'sort-waiting')).toMatch(/^排队/);
    await zh.page.screenshot({ path: join(SHOTS, 'console-supervisor-zh-CN.png'), fullPage: true });

    const desk = await open(`/agent?token=${agentToken('a-1')}`, { width: 1280, height: 800 });
    await desk.page.getByTestId('my-state').waitFor();
    await desk.page.screenshot({ path: join(SHOTS, 'agent-desktop.png'), fullPage: true });
    const phone = await open(`/agent?token=${agentToken('a-1')}`, { width: 375, height: 812 });
    await phone.page.getByTestId('my-state').waitFor();
    // Phone layout: nothing wider than the screen.
    expect(await phone.page.evaluate(() => document.querySelector('.console')!.scrollWidth)).toBeLessThanOrEqual(375);
    await phone.page.screenshot({ path: join(SHOTS, 'agent-phone.png'), fullPage: true });
    expect([...sup.errors, ...zh.errors, ...desk.errors, ...phone.errors]).toEqual([]);
  });
});
