// The console in replay shows what the floor showed then (issue 18), in real Chromium against a real node, in both
// languages: the alerts the rules raised at that moment (the backlog and the open fault), tagged as the past and
// with no acknowledge button; the bulletins up then (rebuilt from the audit trail), tagged and not editable; and
// "explain this number" on a replayed figure answers from the floor at that moment, not the live one. Screenshots.
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { RunningNode } from '../../server/node.ts';
import { AUDIT_STREAM } from '../../server/redis/keys.ts';
import { instantToLocal } from '../../wallboard/src/console/replay-time.ts';
import { launchBrowser, openPage, type OpenedPage } from '../helpers/browser.ts';
import { eventFactory } from '../helpers/events.ts';
import { SCREENSHOTS } from '../helpers/paths.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { ADMIN_TOKEN, startTestNode, waitFor } from '../helpers/server.ts';
import { xaddEvents } from '../helpers/stream-writer.ts';

const ZONE = 'Asia/Shanghai'; // the test config's
let redis: RedisProcess;
let node: RunningNode;
let client: Redis;
let browser: Browser;
const pages: OpenedPage[] = [];
/** A whole minute 90 min ago: c1 and c2 wait, the PBX fault is open, c9 was abandoned and c0 answered. */
let moment = 0;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
  moment = Math.floor((Date.now() - 90 * 60_000) / 60_000) * 60_000;
  const t0 = moment - 600_000;
  const ev = eventFactory(t0);
  const events = [
    ev('agent.login', 0, { agentId: 'a-1', name: 'Ann Lee', teamId: 't1', queues: ['sales'] }),
    ev('call.offered', 100, { callId: 'c0', queueId: 'sales' }),
    ev('call.answered', 110, { callId: 'c0', agentId: 'a-1' }),
    ev('call.offered', 150, { callId: 'c9', queueId: 'sales' }),
    ev('call.abandoned', 250, { callId: 'c9' }),
    ev('call.offered', 300, { callId: 'c1', queueId: 'sales' }),
    ev('system.fault', 350, { faultId: 'f1', component: 'pbx', severity: 'major', message: 'trunk 2 down' }),
    ev('call.offered', 420, { callId: 'c2', queueId: 'sales' }),
    // After the moment: the live floor differs (both abandoned: 3 of 4; the fault closed).
    ev('call.abandoned', 900, { callId: 'c1' }),
    ev('call.abandoned', 905, { callId: 'c2' }),
    ev('system.fault', 910, { faultId: 'f1', component: 'pbx', severity: 'major', resolved: true }),
  ];
  await xaddEvents(client, 'replay-past', events);
  // Bulletins of that morning, as the bulletin routes audit them (at their own instants): one up at the moment,
  // one posted and expired before it.
  const audit = (ms: number, who: string, what: string, detail: object) =>
    client.xadd(AUDIT_STREAM, `${ms}-0`, 'who', who, 'what', what, 'at', String(ms), 'detail', JSON.stringify(detail));
  const up = {
    id: 'b-brief',
    text: 'Team briefing at 10:30 in room 2',
    severity: 'warning',
    targets: {},
    expiresAt: null,
  };
  await audit(moment - 300_000, 'sup1', 'bulletin.post', up);
  await audit(moment - 200_000, 'sup1', 'bulletin.post', { ...up, id: 'b-old', text: 'Old notice', severity: 'info' });
  await audit(moment - 100_000, 'sup1', 'bulletin.expire', { id: 'b-old' });
  node = await startTestNode({
    redisUrl: redis.url,
    stream: 'replay-past',
    config: {
      queues: [{ id: 'sales', name: 'Sales' }],
      teams: [{ id: 't1', name: 'Team 1' }],
      alerts: {
        rules: [
          {
            id: 'backlog',
            name: 'Backlog',
            metric: 'waiting',
            scope: { kind: 'queue' },
            comparator: '>=',
            threshold: 2,
            sustainSec: 30,
            severity: 'warning',
          },
          {
            id: 'fault',
            name: 'System fault',
            metric: 'openFaults',
            scope: { kind: 'center' },
            faultSeverities: ['major'],
            comparator: '>=',
            threshold: 1,
            severity: 'critical',
          },
        ],
      },
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

afterEach(async () => {
  for (const o of pages.splice(0)) await o.close().catch(() => {});
});

for (const lang of ['en', 'zh-CN'] as const) {
  test(`${lang}: in replay the console shows that moment's alerts and bulletins as the past, and explains its figures`, async () => {
    const o = await openPage(browser, `${node.url}/supervisor?token=${ADMIN_TOKEN}&lang=${lang}`, {
      width: 1600,
      height: 1000,
    });
    pages.push(o);
    const { page } = o;
    await page.getByTestId('replay-bar').waitFor();
    // Live: no alert (the fault closed, nobody waits), the live abandon rate 3 of 4.
    await page.getByTestId('alerts-panel').waitFor();
    expect(await page.locator('[data-testid^="alert-replay:"]').count()).toBe(0);

    // Held at the moment (speed 1, then paused), so the picture stays at it.
    await page.getByTestId('replay-speed').selectOption('1');
    await page.getByTestId('replay-when').fill(instantToLocal(moment, ZONE));
    await page.getByTestId('replay-start').click();
    await page.getByTestId('replay-time').waitFor();
    await page.getByTestId('replay-toggle').click();

    const backlog = page.getByTestId('alert-replay:backlog:sales');
    const fault = page.getByTestId('alert-replay:fault:center');
    await backlog.waitFor();
    await fault.waitFor();
    expect(await backlog.getAttribute('data-replay')).toBe('true');
    expect(await fault.getAttribute('data-replay')).toBe('true');
    expect(await page.getByTestId('alert-replay:backlog:sales-ack-button').count()).toBe(0);
    expect(await page.getByTestId('alert-replay:backlog:sales-no-ack').innerText()).toBe(
      lang === 'en' ? 'An alert of the past cannot be acknowledged' : '回放中的历史告警不能确认',
    );
    // A seek knows only that the alert had been raised by its moment.
    expect(await page.getByTestId('alert-replay:backlog:sales-duration').innerText()).toMatch(
      lang === 'en' ? /^raised by \d\d:\d\d:\d\d$/ : /^不晚于 \d\d:\d\d:\d\d 产生$/,
    );
    expect(await page.getByTestId('alerts-past').innerText()).toMatch(lang === 'en' ? /\(replay\)$/ : /（回放）$/);
    expect(await page.getByTestId('alert-replay:fault:center-text').innerText()).toContain('pbx');

    const brief = page.getByTestId('bulletin-b-brief');
    await brief.waitFor();
    expect(await brief.getAttribute('data-replay')).toBe('true');
    expect(await brief.innerText()).toContain('Team briefing at 10:30 in room 2');
    expect(await page.getByTestId('bulletin-b-old').count()).toBe(0);
    expect(await page.getByTestId('bulletin-b-brief-edit').count()).toBe(0);
    await page.getByTestId('bulletins-past').waitFor();
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: join(SCREENSHOTS, `console-replay-past-${lang}.png`), fullPage: true });

    // The replayed centre abandon rate: c9 abandoned, c0 answered by then: 1 of 2 (live: 3 of 4).
    expect(await page.getByTestId('center-abandon-rate').first().innerText()).toBe('50.0%');
    await page.getByTestId('center-abandon-rate').first().click();
    const panel = page.getByTestId('explain-panel');
    await panel.getByTestId('explain-calls').waitFor();
    expect(await panel.getByTestId('explain-numerator').getAttribute('data-value')).toBe('1');
    expect(await panel.getByTestId('explain-denominator').getAttribute('data-value')).toBe('2');
    expect(await panel.getByTestId('explain-check').getAttribute('data-agrees')).toBe('true');
    const past = panel.getByTestId('explain-past');
    expect(Number(await past.getAttribute('data-at'))).toBeGreaterThanOrEqual(moment);
    expect(await past.innerText()).toMatch(
      lang === 'en' ? /^Replay · the figures at \d\d:\d\d:\d\d$/ : /^回放 · \d\d:\d\d:\d\d 时的数字$/,
    );
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: join(SCREENSHOTS, `console-replay-explain-${lang}.png`) });
    await page.keyboard.press('Escape');

    // Back to live: the past's alerts and bulletins go, and the explanation is the live floor's (3 of 4).
    await page.getByTestId('replay-live').click();
    await page.getByTestId('replay-banner').waitFor({ state: 'detached' });
    await backlog.waitFor({ state: 'detached' });
    await brief.waitFor({ state: 'detached' });
    await page.getByTestId('center-abandon-rate').first().click();
    await panel.getByTestId('explain-calls').waitFor();
    expect(await panel.getByTestId('explain-denominator').getAttribute('data-value')).toBe('4');
    expect(await panel.getByTestId('explain-past').count()).toBe(0);
    expect(o.errors).toEqual([]);
  }, 90_000);
}
