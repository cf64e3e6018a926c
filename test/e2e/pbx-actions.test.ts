// A supervisor pauses an agent from the console in real Chromium; the command goes through Redis to the AMI
// adapter and a scripted Asterisk, whose QueueMemberPause the adapter maps back, and the wall shows the pause.
// A display token may not act.
import { Redis } from 'ioredis';
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseAmiConfig } from '../../shared/ami.ts';
import { liveAdapters } from '../../server/actions/registry.ts';
import { UserStore } from '../../server/auth/users.ts';
import { startAmiAdapter, type AmiAdapter } from '../../server/cti/ami/adapter.ts';
import type { RunningNode } from '../../server/node.ts';
import { join } from 'node:path';
import { launchBrowser, openPage, type OpenedPage } from '../helpers/browser.ts';
import { SCREENSHOTS } from '../helpers/paths.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { scriptedPbx } from '../helpers/scripted-pbx.ts';
import { ADMIN_TOKEN, DISPLAY_TOKEN, startTestNode, waitFor } from '../helpers/server.ts';
import { DEFAULT_STREAM } from '../../shared/stream.ts';

const STREAM = DEFAULT_STREAM;

let redis: RedisProcess;
let client: Redis;
let node: RunningNode;
let pbx: Awaited<ReturnType<typeof scriptedPbx>>;
let adapter: AmiAdapter;
let browser: Browser;
const pages: OpenedPage[] = [];

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
  await new UserStore(client).add(
    { username: 'sam', name: 'Sam Supervisor', role: 'supervisor', device: 'PJSIP/sup1' },
    'supervisor-pass',
  );
  node = await startTestNode({
    redisUrl: redis.url,
    stream: STREAM,
    config: {
      queues: [
        { id: 'support', name: 'Support' },
        { id: 'sales', name: 'Sales' },
      ],
    },
  });
  pbx = await scriptedPbx({
    members: [
      { queue: 'support', iface: 'PJSIP/agent1', name: 'Dave' },
      { queue: 'support', iface: 'PJSIP/agent2', name: 'Erin' },
    ],
    queues: ['sales'],
  });
  const config = parseAmiConfig({
    port: pbx.port,
    stream: STREAM,
    agents: { 'PJSIP/agent1': 'dave', 'PJSIP/agent2': 'erin' },
  });
  adapter = startAmiAdapter({ config, redis: client, log: pino({ level: 'silent' }), adapterId: 'e2e' });
  await waitFor('the adapter serves dave, and dave is on the floor', async () => {
    const regs = await liveAdapters(client, STREAM);
    return regs.some((r) => r.agents.includes('dave')) && node.live.state.agents.get('dave')?.state === 'available';
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of pages) await p.close().catch(() => {});
  await browser?.close();
  await adapter?.stop();
  await pbx?.close();
  await node?.close();
  client?.disconnect();
  await redis?.stop();
});

async function open(path: string): Promise<OpenedPage> {
  const o = await openPage(browser, `${node.url}${path}`, { width: 1440, height: 900 });
  pages.push(o);
  return o;
}

const tileState = (wall: OpenedPage, agentId: string) =>
  wall.page.getByTestId(`agent-${agentId}`).getAttribute('data-state');

describe('supervisor actions in the console', () => {
  test('a supervisor pauses an agent with a reason; the wall shows the pause once the PBX reports it', async () => {
    const wall = await open(`/wall/default?token=${DISPLAY_TOKEN}&page=agents`);
    await wall.page.getByTestId('agent-grid').waitFor();
    await expect.poll(() => tileState(wall, 'dave')).toBe('available');

    const sup = await open('/login');
    await sup.page.getByTestId('login-username').fill('sam');
    await sup.page.getByTestId('login-password').fill('supervisor-pass');
    await sup.page.getByTestId('login-submit').click();
    await sup.page.waitForURL('**/supervisor');
    // The sign-in page's own /me probe answers 401 before signing in; nothing may fail after that.
    const signedInErrors = sup.errors.length;
    await sup.page.getByTestId('agent-dave-open').click();
    await sup.page.getByTestId('agent-actions').waitFor();
    // The supervisor's configured device is filled in for listen/whisper/barge.
    expect(await sup.page.getByTestId('spy-device').inputValue()).toBe('PJSIP/sup1');

    await sup.page.getByTestId('pause-reason').selectOption('lunch');
    await sup.page.getByTestId('action-pause').click();
    const outcome = sup.page.getByTestId('action-outcome');
    await expect.poll(() => outcome.getAttribute('data-state'), { timeout: 15_000 }).toBe('done');
    expect(await outcome.textContent()).toBe('Pause: done. Interface paused successfully');
    expect(pbx.received('QueuePause').at(-1)).toEqual({
      Action: 'QueuePause',
      Interface: 'PJSIP/agent1',
      Paused: 'true',
      Reason: 'lunch',
    });

    await sup.page.getByTestId('agent-detail').screenshot({ path: join(SCREENSHOTS, 'console-agent-actions.png') });
    await expect.poll(() => tileState(wall, 'dave'), { timeout: 15_000 }).toBe('aux');
    expect(await wall.page.getByTestId('agent-dave').textContent()).toMatch(/lunch/i);
    expect(await tileState(wall, 'erin')).toBe('available');

    // Barge interrupts a call: it asks first, and Cancel sends nothing.
    const originates = pbx.received('Originate').length;
    await sup.page.getByTestId('action-barge').click();
    await sup.page.getByTestId('action-confirm').waitFor();
    await sup.page.getByTestId('action-confirm').getByRole('button', { name: 'Cancel' }).click();
    expect(await sup.page.getByTestId('action-confirm').count()).toBe(0);
    expect(pbx.received('Originate').length).toBe(originates);
    expect(sup.errors.slice(signedInErrors)).toEqual([]);
    expect(wall.errors).toEqual([]);
  });

  test('a display token cannot act (403), from the wall’s own page', async () => {
    const wall = await open(`/wall/default?token=${DISPLAY_TOKEN}&page=agents`);
    await wall.page.getByTestId('agent-grid').waitFor();
    const before = pbx.actions.length;
    const status = await wall.page.evaluate(async (token) => {
      const r = await fetch('/api/v1/actions', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ agentId: 'erin', action: 'pause', reason: 'break' }),
      });
      return r.status;
    }, DISPLAY_TOKEN);
    expect(status).toBe(403);
    await new Promise((r) => setTimeout(r, 300));
    expect(pbx.actions.length).toBe(before);
    expect(await tileState(wall, 'erin')).toBe('available');
  });

  test('in Chinese: logging an agent out asks first, then shows what the PBX answered', async () => {
    const sup = await open(`/supervisor?token=${ADMIN_TOKEN}&lang=zh-CN`);
    await sup.page.getByTestId('agent-erin-open').click();
    await sup.page.getByTestId('agent-actions').waitFor();
    expect(await sup.page.getByTestId('action-pause').textContent()).toBe('置忙');
    expect(await sup.page.getByTestId('action-unpause').textContent()).toBe('置闲');
    await sup.page.getByTestId('action-logout').click();
    await sup.page.getByTestId('action-confirm-yes').click();
    const outcome = sup.page.getByTestId('action-outcome');
    await expect.poll(() => outcome.getAttribute('data-state'), { timeout: 15_000 }).toBe('done');
    expect(await outcome.textContent()).toBe('签出所有队列：已完成。Removed interface from queue (support)');
    await waitFor('erin logged out', () => node.live.state.agents.get('erin')?.state === 'offline');
    expect(sup.errors).toEqual([]);
  });
});
