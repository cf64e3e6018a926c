// The board editor (/boards) in real headless Chromium against a real server node and redis-server: a board built
// from scratch appears on a wall already open at its address, edits reach the wall without a reload (a marker
// variable in the wall's window survives), the server's refusal is shown beside the field it names, and an edited
// file board is reset to the file's.
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Board } from '../../shared/boards.ts';
import type { RunningNode } from '../../server/node.ts';
import { launchBrowser, openPage, type OpenedPage } from '../helpers/browser.ts';
import { eventFactory } from '../helpers/events.ts';
import { SCREENSHOTS } from '../helpers/paths.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { ADMIN_TOKEN, DISPLAY_TOKEN, startTestNode } from '../helpers/server.ts';

const LOBBY = { id: 'lobby', name: 'Lobby', pages: [{ kind: 'queues' }], ticker: ['From the file'] };

let redis: RedisProcess;
let node: RunningNode;
let client: Redis;
let browser: Browser;
const pages: OpenedPage[] = [];

async function open(path: string, width = 1920, height = 1080): Promise<OpenedPage> {
  const opened = await openPage(browser, `${node.url}${path}`, { width, height });
  pages.push(opened);
  return opened;
}

/** How long after the save's answer the wall showed `text` in its top bar (polled every animation frame). */
async function wallShows(wall: Page, editor: Page, text: string, save: () => Promise<void>): Promise<number> {
  const answered = editor.waitForResponse((r) => r.request().method() === 'PUT' || r.request().method() === 'DELETE');
  await save();
  const res = await answered;
  expect(res.status()).toBeLessThan(300);
  const at = Date.now();
  await wall.waitForFunction((t) => document.querySelector('[data-testid="board-name"]')?.textContent === t, text, {
    polling: 'raf',
    timeout: 5_000,
  });
  return Date.now() - at;
}

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
  node = await startTestNode({
    redisUrl: redis.url,
    config: {
      boards: [LOBBY],
      queues: [
        { id: 'sales', name: 'Sales' },
        { id: 'support', name: 'Support' },
      ],
      teams: [{ id: 't1', name: 'Team 1' }],
    },
  });
  const ev = eventFactory(Date.now() - 600_000);
  for (const e of [
    ev('agent.login', 0, { agentId: 'a-1', name: 'Ann Lee', teamId: 't1', queues: ['sales'] }),
    ev('call.offered', 10, { callId: 'c1', queueId: 'sales' }),
    ev('call.answered', 20, { callId: 'c1', agentId: 'a-1' }),
    ev('call.offered', 500, { callId: 'c2', queueId: 'support' }),
  ])
    await client.xadd('cc:events', '*', 'event', JSON.stringify(e));
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  const errors = pages.flatMap((p) => p.errors);
  await Promise.all(pages.map((p) => p.close()));
  await browser?.close();
  await node?.close();
  client?.disconnect();
  await redis?.stop();
  expect(errors.filter((e) => !e.includes('status of 400') && !e.includes('status of 404'))).toEqual([]);
});

test('build a board from scratch, see it on an open wall, edit it live, be refused by field, reset a file board', {
  timeout: 120_000,
}, async () => {
  // A wall already open at the address of a board nobody has made yet.
  const wall = (await open(`/wall/ops?token=${DISPLAY_TOKEN}`)).page;
  await wall.getByText('ops').first().waitFor();
  await wall.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

  // An admin reaches the editor from the supervisor console.
  const editor = (await open(`/supervisor?token=${ADMIN_TOKEN}`, 1600, 1200)).page;
  editor.on('dialog', (d) => void d.accept());
  await editor.getByTestId('to-boards').click();
  await editor.getByTestId('board-lobby').waitFor();

  // From scratch: a new board, id ops, two pages, a filter, a tile order, ticker, theme.
  await editor.getByTestId('new-board').click();
  await editor.getByTestId('board-id').fill('ops');
  await editor.getByTestId('board-name').fill('Ops floor');
  await editor.getByTestId('board-theme').selectOption('light');
  await editor.getByTestId('board-ticker').fill('Line one\nLine two');
  await editor.getByTestId('page-0-tile-aht-up').click();
  await editor.getByTestId('page-0-queues-sales').check();
  await editor.getByTestId('add-page-agents').click();
  await editor.getByTestId('page-1-title').fill('People');
  // The preview frame shows the draft before anything is saved.
  const preview = editor.frameLocator('[data-testid="board-preview"] iframe');
  await preview.getByTestId('board-name').filter({ hasText: 'Ops floor' }).waitFor({ timeout: 10_000 });
  await editor.screenshot({ path: join(SCREENSHOTS, 'board-editor.png') });

  const createdMs = await wallShows(wall, editor, 'Ops floor', () => editor.getByTestId('save-board').click());
  expect(createdMs).toBeLessThan(1_000);
  const saved = (await (
    await fetch(`${node.url}/api/v1/boards/ops`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })
  ).json()) as Board;
  expect(saved).toMatchObject({ id: 'ops', name: 'Ops floor', theme: 'light', ticker: ['Line one', 'Line two'] });
  expect(saved.pages.map((p) => [p.kind, p.title, p.queues])).toEqual([
    ['queues', undefined, ['sales']],
    ['agents', 'People', undefined],
  ]);
  expect(saved.pages[0]!.tiles).toEqual(['aht', 'asa', 'abandonRate', 'occupancy']);
  expect(await wall.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
  expect(await wall.getByTestId('ticker-item').allTextContents()).toEqual(
    expect.arrayContaining(['Line one', 'Line two']),
  );

  // An edit reaches the same wall in place.
  await editor.getByTestId('board-name').fill('Ops floor 2');
  await editor.getByTestId('board-theme').selectOption('dark');
  const editedMs = await wallShows(wall, editor, 'Ops floor 2', () => editor.getByTestId('save-board').click());
  expect(editedMs).toBeLessThan(1_000);
  expect(await wall.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  expect(await wall.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

  // Invalid input: the server refuses it, naming the field, and the message sits next to that field.
  await editor.getByTestId('board-rotate').fill('1');
  const refused = editor.waitForResponse((r) => r.request().method() === 'PUT');
  await editor.getByTestId('save-board').click();
  expect((await refused).status()).toBe(400);
  const fieldError = editor.locator('[data-testid="general-form"] [data-testid="field-error"][data-field="rotateSec"]');
  await fieldError.waitFor();
  expect(await fieldError.textContent()).toContain('rotateSec');
  await editor.screenshot({ path: join(SCREENSHOTS, 'board-editor-refused.png') });
  expect(
    (
      (await (
        await fetch(`${node.url}/api/v1/boards/ops`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })
      ).json()) as Board
    ).rotateSec,
  ).toBe(20);

  // A threshold with red on the better side of amber is refused at that metric's row.
  await editor.getByTestId('board-rotate').fill('20');
  await editor.getByTestId('thresholds.default.asaSec-amber').fill('30');
  await editor.getByTestId('thresholds.default.asaSec-red').fill('10');
  await editor.getByTestId('thresholds.default.asaSec-red').blur();
  await editor.getByTestId('save-board').click();
  await editor.locator('[data-testid="rule-thresholds.default.asaSec"] [data-testid="field-error"]').waitFor();

  // Reset a file board: edit the lobby, see its wall change, reset, see the file's again.
  const lobbyWall = (await open(`/wall/lobby?token=${DISPLAY_TOKEN}`)).page;
  await lobbyWall.getByTestId('board-name').filter({ hasText: 'Lobby' }).waitFor();
  await lobbyWall.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
  await editor.getByTestId('board-lobby').click();
  await editor.getByTestId('board-name').fill('Lobby (today only)');
  await wallShows(lobbyWall, editor, 'Lobby (today only)', () => editor.getByTestId('save-board').click());
  await editor.getByTestId('reset-board').waitFor();
  await editor.getByTestId('board-history').getByText('admin').first().waitFor();
  const resetMs = await wallShows(lobbyWall, editor, 'Lobby', () => editor.getByTestId('reset-board').click());
  expect(resetMs).toBeLessThan(1_000);
  // The editor shows the file's definition again once it has reread the list.
  await expect.poll(() => editor.getByTestId('board-name').inputValue(), { timeout: 5_000 }).toBe('Lobby');
  expect(await lobbyWall.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);
  await editor.getByTestId('board-history').getByText('reset', { exact: false }).waitFor();
  await editor.getByTestId('board-history').scrollIntoViewIfNeeded();
  await editor.screenshot({ path: join(SCREENSHOTS, 'board-editor-history.png') });

  // In Chinese: the editor's labels, the same board.
  await editor.goto(`${node.url}/boards?token=${ADMIN_TOKEN}&lang=zh-CN`);
  await editor.getByTestId('board-ops').click();
  await editor.getByText('每页停留秒数').waitFor();
  await editor
    .frameLocator('[data-testid="board-preview"] iframe')
    .getByTestId('board-name')
    .filter({ hasText: 'Ops floor 2' })
    .waitFor({ timeout: 10_000 });
  await editor.screenshot({ path: join(SCREENSHOTS, 'board-editor-zh-CN.png') });
});
