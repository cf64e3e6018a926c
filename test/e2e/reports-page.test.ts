// The reports page (/reports) in real headless Chromium against a real node, redis-server and PostgreSQL: nine
// days of a small simulated floor in America/New_York written through the fold (1–9 March 2026; Sunday 8 March
// springs forward, 92 intervals). Every figure the page shows is checked against the report API's own answer;
// drill-down, export files parsed back, the print stylesheet to A4 PDF (the briefing on one page), both languages.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AgentReportRow, QueueReportRow } from '../../shared/history.ts';
import { localDayStart } from '../../shared/time.ts';
import { fillDemoHistory } from '../../server/history/demo-history.ts';
import type { RunningNode } from '../../server/node.ts';
import { launchBrowser, openPage, type OpenedPage } from '../helpers/browser.ts';
import { SCREENSHOTS } from '../helpers/paths.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { ADMIN_TOKEN, DISPLAY_TOKEN, agentToken, startTestNode, testConfig } from '../helpers/server.ts';

const TZ = 'America/New_York';
const day = (d: number) => localDayStart(Date.UTC(2026, 2, d, 12), TZ);
const options = { config: { timezone: TZ }, agentTokens: ['a-1'] };

let redis: RedisProcess;
let node: RunningNode;
let browser: Browser;
const pages: OpenedPage[] = [];

beforeAll(async () => {
  redis = await startRedis();
  node = await startTestNode({ redisUrl: redis.url, stream: `reports-page:${Date.now()}`, ...options });
  const written = await fillDemoHistory(node.history.store, testConfig({ redisUrl: '', ...options }), {
    days: 9,
    until: day(10),
    agents: 8,
    queues: 2,
    seed: 5,
  });
  expect(written).toBe(9 * 96 - 4);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  for (const p of pages) await p.close().catch(() => {});
  await browser?.close();
  await node?.close();
  await redis?.stop();
});

async function api<T>(path: string): Promise<T> {
  const r = await fetch(`${node.url}/api/v1/reports/${path}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(r.status).toBe(200);
  return (await r.json()) as T;
}
const rowsOf = async <T>(scope: string, step: string, from: number, to: number) =>
  (await api<{ rows: T[] }>(`intervals?scope=${scope}&step=${step}&from=${from}&to=${to}`)).rows;

async function open(query: string, token = ADMIN_TOKEN, size = { width: 1440, height: 900 }): Promise<OpenedPage> {
  const o = await openPage(browser, `${node.url}/reports?token=${token}&${query}`, size);
  pages.push(o);
  await o.page.locator('[data-testid="reports"][data-loading="false"] [data-testid="range"]').waitFor();
  // The bundled faces (Noto Sans SC for Chinese) before anything is measured or photographed.
  await o.page.evaluate(() => document.fonts.ready);
  return o;
}
const cell = (o: OpenedPage, table: string, id: string, col: string) =>
  o.page.locator(`[data-testid="${table}"] tr[data-id="${id}"] td[data-col="${col}"]`);
const figure = async (o: OpenedPage, table: string, id: string, col: string) =>
  Number(await cell(o, table, id, col).getAttribute('data-value'));

/** Pages of a PDF: its page objects (not the /Pages tree node). */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;

describe('a day (the spring-forward Sunday), in English', () => {
  let o: OpenedPage;
  beforeAll(async () => {
    o = await open('period=day&date=2026-03-08&lang=en');
  });

  test('the tables are the API’s rows, with the change from the same day last week beside them', async () => {
    const [center] = await rowsOf<QueueReportRow>('center', 'day', day(8), day(9));
    const [before] = await rowsOf<QueueReportRow>('center', 'day', day(1), day(2));
    const queues = await rowsOf<QueueReportRow>('queue', 'day', day(8), day(9));
    const agents = await rowsOf<AgentReportRow>('agent', 'day', day(8), day(9));
    expect(center!.offered).toBeGreaterThan(50);
    expect(await o.page.getByTestId('range').getAttribute('data-from')).toBe(String(day(8)));
    expect(await o.page.getByTestId('range').getAttribute('data-to')).toBe(String(day(9)));
    // The centre's row first, then each queue; the same counts as the API.
    expect(await o.page.getByTestId('table-traffic').getAttribute('data-rows')).toBe(String(1 + queues.length));
    expect(await figure(o, 'table-traffic', 'center', 'offered')).toBe(center!.offered);
    for (const q of queues) expect(await figure(o, 'table-traffic', q.id, 'answered')).toBe(q.answered);
    const delta = Number(
      await cell(o, 'table-traffic', 'center', 'offered').locator('.delta').getAttribute('data-delta'),
    );
    expect(delta).toBe(center!.offered - before!.offered);
    expect(await figure(o, 'table-service', 'center', 'serviceLevel')).toBeCloseTo(center!.serviceLevel!, 12);
    expect(await o.page.getByTestId('table-workload').getAttribute('data-rows')).toBe(String(agents.length));
    // A 23-hour day: 92 quarter hours charted.
    expect(await o.page.getByTestId('interval-chart').getAttribute('data-rows')).toBe('92');
    await expect.poll(() => o.page.locator('[data-testid="heatmap-offered"] td[data-offered]').count()).toBe(23);
    expect(await o.page.getByTestId('section-traffic').locator('h2').innerText()).toBe('Traffic volume');
    expect(o.errors).toEqual([]);
    await o.page.screenshot({ path: join(SCREENSHOTS, 'reports-day-en.png') });
    await o.page.getByTestId('section-intervals').screenshot({ path: join(SCREENSHOTS, 'reports-day-chart.png') });
  });

  test('a count opens its calls', async () => {
    const abandoned = await figure(o, 'table-traffic', 'center', 'abandoned');
    expect(abandoned).toBeGreaterThan(0);
    await cell(o, 'table-traffic', 'center', 'abandoned').getByTestId('drill').click();
    const list = o.page.getByTestId('calls-list');
    await list.waitFor();
    expect(Number(await list.getAttribute('data-count'))).toBe(abandoned);
    expect(await list.locator('tbody tr[data-outcome="abandoned"]').count()).toBe(abandoned);
    await o.page.screenshot({ path: join(SCREENSHOTS, 'reports-drill.png') });
    await o.page.getByTestId('calls-drawer-close').click();
    await o.page.getByTestId('calls-drawer').waitFor({ state: 'detached' });
  });

  test('export buttons download files that parse back to the rows', async () => {
    const queues = await rowsOf<QueueReportRow>('queue', 'day', day(8), day(9));
    const [csvDownload] = await Promise.all([
      o.page.waitForEvent('download'),
      o.page.getByTestId('export-traffic-csv').click(),
    ]);
    expect(csvDownload.suggestedFilename()).toBe('intervals-queue-day.csv');
    const csv = parse(await readFile((await csvDownload.path())!), { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    expect(csv.map((r) => [r.id, Number(r.offered)])).toEqual(queues.map((q) => [q.id, q.offered]));

    const [xlsxDownload] = await Promise.all([
      o.page.waitForEvent('download'),
      o.page.getByTestId('export-workload-xlsx').click(),
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await xlsxDownload.path())!);
    const agents = await rowsOf<AgentReportRow>('agent', 'day', day(8), day(9));
    // A header row, then one row per agent.
    expect(book.worksheets[0]!.actualRowCount).toBe(1 + agents.length);
  });

  test('printed: each report on its own A4 page, no buttons', async () => {
    await o.page.emulateMedia({ media: 'print' });
    expect(await o.page.getByTestId('print').isVisible()).toBe(false);
    expect(await o.page.getByTestId('export-traffic-csv').isVisible()).toBe(false);
    const pdf = await o.page.pdf({ format: 'A4' });
    // Six reports, each starting a page.
    expect(pdfPages(pdf)).toBeGreaterThanOrEqual(6);
    await o.page.emulateMedia({ media: 'screen' });
  });
});

describe('a month, in Chinese', () => {
  test('the month’s tables, heatmap by weekday and hour, and the page in zh-CN', async () => {
    const o = await open('period=month&date=2026-03-15&lang=zh-CN');
    const [center] = await rowsOf<QueueReportRow>(
      'center',
      'month',
      day(1),
      localDayStart(Date.UTC(2026, 3, 1, 12), TZ),
    );
    expect(await o.page.getByTestId('range').getAttribute('data-from')).toBe(String(day(1)));
    expect(await figure(o, 'table-traffic', 'center', 'offered')).toBe(center!.offered);
    expect(await o.page.getByTestId('section-traffic').locator('h2').innerText()).toBe('话务量统计表');
    expect(await o.page.getByTestId('section-workload').locator('h2').innerText()).toBe('客服代表工作量统计表');
    expect(await cell(o, 'table-traffic', 'center', 'offered').locator('..').locator('th').innerText()).toBe('全中心');
    // The wall's state names (示忙, not 小休), and the attendance columns: the API's figures, none here (no
    // schedule and no event archive for March 2026), so each shows the empty mark.
    const heads = await o.page.getByTestId('table-workload').locator('thead th').allInnerTexts();
    expect(heads).toEqual(expect.arrayContaining(['示忙时长', '迟到次数', '早退次数', '缺勤天数', '出勤率']));
    expect(heads.join()).not.toContain('小休');
    const [agent] = await rowsOf<AgentReportRow>('agent', 'month', day(1), localDayStart(Date.UTC(2026, 3, 1, 12), TZ));
    expect(agent!.attendance).toMatchObject({ days: 0, lateLogins: null });
    expect(await cell(o, 'table-workload', agent!.id, 'lateLogins').getAttribute('data-value')).toBe('');
    // Nine days of history: Monday to Sunday once, Monday again: seven weekday rows of the heatmap.
    expect(await o.page.locator('[data-testid="heatmap-sl"] tbody tr').count()).toBe(7);
    // 1–9 March hold 9 × 24 − 1 hours (the lost hour of the 8th): each is in exactly one cell's sum.
    const cells = await o.page
      .locator('[data-testid="heatmap-offered"] td[data-offered]')
      .evaluateAll((tds) => tds.reduce((a, td) => a + Number(td.getAttribute('data-offered')), 0));
    expect(cells).toBe(center!.offered);
    expect(o.errors).toEqual([]);
    await o.page.screenshot({ path: join(SCREENSHOTS, 'reports-month-zh-CN.png') });
    await o.page
      .getByTestId('section-heatmap')
      .screenshot({ path: join(SCREENSHOTS, 'reports-month-heatmap-zh-CN.png') });
  });

  test('the service-centre briefing prints on one A4 page', async () => {
    const o = await open('period=month&date=2026-03-15&lang=zh-CN&view=briefing');
    await o.page.getByTestId('briefing').waitFor();
    expect(await o.page.getByTestId('briefing').locator('h2').innerText()).toBe('服务中心简报');
    expect(await o.page.locator('[data-testid="briefing-agents"] tbody tr').count()).toBe(5);
    expect(await o.page.locator('[data-testid="briefing-best"] tbody tr').count()).toBe(3);
    await o.page.emulateMedia({ media: 'print' });
    const pdf = await o.page.pdf({ format: 'A4' });
    expect(pdfPages(pdf)).toBe(1);
    // The page as printed, at A4's width in CSS pixels (210 mm).
    await o.page.setViewportSize({ width: 794, height: 1123 });
    await o.page.screenshot({ path: join(SCREENSHOTS, 'reports-briefing-print.png') });
  });
});

test('a week on a 1280×720 laptop: Monday to Sunday, the page no wider than the screen', async () => {
  const o = await open('period=week&date=2026-03-04&lang=en', ADMIN_TOKEN, { width: 1280, height: 720 });
  expect(await o.page.getByTestId('range').getAttribute('data-from')).toBe(String(day(2)));
  expect(await o.page.getByTestId('range').getAttribute('data-to')).toBe(String(day(9)));
  const [week] = await rowsOf<QueueReportRow>('center', 'week', day(2), day(9));
  const [before] = await rowsOf<QueueReportRow>('center', 'week', day(1) - 6 * 86_400_000, day(2));
  expect(await figure(o, 'table-traffic', 'center', 'offered')).toBe(week!.offered);
  // The week before holds only Sunday 1 March: its change is against that day's calls.
  const delta = cell(o, 'table-traffic', 'center', 'offered').locator('.delta');
  expect(Number(await delta.getAttribute('data-delta'))).toBe(week!.offered - before!.offered);
  // Wide tables scroll inside their panels; the page itself does not scroll sideways.
  const overflow = await o.page
    .getByTestId('reports')
    .evaluate((el) => el.scrollWidth - el.clientWidth + (document.documentElement.scrollWidth - innerWidth));
  expect(overflow).toBeLessThanOrEqual(0);
  // The offered calls listed are the inbound legs only.
  await cell(o, 'table-traffic', 'center', 'offered').getByTestId('drill').click();
  await o.page.getByTestId('calls-list').waitFor();
  expect(await o.page.locator('[data-testid="calls-list"] tbody tr[data-outcome="outbound"]').count()).toBe(0);
  expect(o.errors).toEqual([]);
  await o.page.getByTestId('calls-drawer-close').click();
  await o.page.screenshot({ path: join(SCREENSHOTS, 'reports-week-720p.png') });
});

test('an agent sees only its own workload row', async () => {
  const o = await open('period=day&date=2026-03-09&lang=en', agentToken('a-1'));
  expect(await o.page.getByTestId('table-workload').getAttribute('data-rows')).toBe('1');
  expect(await o.page.locator('[data-testid="table-workload"] tr[data-id="a-1"]').count()).toBe(1);
  expect(await o.page.getByTestId('section-traffic').getByTestId('not-for-you').count()).toBe(1);
  expect(await o.page.getByTestId('table-traffic').count()).toBe(0);
});

test('a wall display’s token does not open the reports', async () => {
  const o = await openPage(browser, `${node.url}/reports?token=${DISPLAY_TOKEN}`, { width: 1280, height: 720 });
  pages.push(o);
  await o.page.getByTestId('access-message').waitFor();
  expect(await o.page.getByTestId('reports').count()).toBe(0);
});

test('the console header links to the reports', async () => {
  const o = await openPage(browser, `${node.url}/supervisor?token=${ADMIN_TOKEN}`, { width: 1366, height: 768 });
  pages.push(o);
  await o.page.getByTestId('to-reports').click();
  await o.page.getByTestId('reports').waitFor();
  expect(new URL(o.page.url()).pathname).toBe('/reports');
});
