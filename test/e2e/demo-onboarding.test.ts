// `npm start` as a new user meets it: run the demo, read the lines it prints, and follow them — the wall at `/`, the
// supervisor console and the agent's view signed in with the printed users, /metrics, and `npm run user` against
// the printed Redis URL. Real demo process, real Chromium.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, openPage, type OpenedPage } from '../helpers/browser.ts';
import { REPO, SCREENSHOTS } from '../helpers/paths.ts';
import { waitFor } from '../helpers/server.ts';

const ZONE = 'America/New_York';

let dir: string;
let demo: ChildProcess;
let out = '';
let browser: Browser;
const pages: OpenedPage[] = [];

/** The printed entry point "  <label>: <rest>". */
function entry(label: string): string {
  const line = out.split('\n').find((l) => l.startsWith(`  ${label}:`));
  if (!line) throw new Error(`the demo printed no "${label}" line:\n${out}`);
  return line.slice(line.indexOf(':') + 1).trim();
}
const credentials = (label: string) => {
  const m = /^(\S+)\s+user (\S+)\s+password (\S+)/.exec(entry(label));
  if (!m) throw new Error(`no URL, user and password on the "${label}" line: ${entry(label)}`);
  return { url: m[1]!, username: m[2]!, password: m[3]! };
};

beforeAll(async () => {
  // Its own folder: the demo keeps its Redis and credentials under ./.floorboard of where it runs.
  dir = mkdtempSync(join(os.tmpdir(), 'floorboard-demo-'));
  // The private PostgreSQL runs as the postgres user when the tests run as root: it must reach ./.floorboard/pg.
  chmodSync(dir, 0o755);
  demo = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), join(REPO, 'scripts/demo.ts'), '--no-build'],
    {
      cwd: dir,
      env: { ...process.env, PORT: '0', TZ: ZONE, REDIS_URL: '', FLOORBOARD_CONFIG: '', FLOORBOARD_ADMIN_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  demo.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  demo.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor('the demo to print its entry points', () => out.includes('Press Ctrl-C to stop.'), 50_000);
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  for (const p of pages) await p.close().catch(() => {});
  await browser?.close();
  if (demo && demo.exitCode === null) {
    const exited = new Promise((resolve) => demo.once('exit', resolve));
    demo.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

async function open(url: string): Promise<OpenedPage> {
  const o = await openPage(browser, url, { width: 1366, height: 768 });
  pages.push(o);
  return o;
}

async function signIn(url: string, username: string, password: string): Promise<OpenedPage> {
  const o = await open(url);
  await o.page.getByTestId('login-username').fill(username);
  await o.page.getByTestId('login-password').fill(password);
  await o.page.getByTestId('login-submit').click();
  return o;
}

describe('the demo’s printed entry points', () => {
  test('say how long the start took, counted from the command', () => {
    const m = /ready (\d+\.\d) s after the command started/.exec(out);
    expect(m, out).not.toBeNull();
    // The process loads the server, Redis and the simulator's history before printing: never the 0.1 s of old.
    expect(Number(m![1])).toBeGreaterThan(0.3);
    expect(out).toContain(`"Today" runs from midnight in ${ZONE} (TZ=${ZONE})`);
  });

  test('/ leads to a live wall with its token', async () => {
    const wall = entry('Wallboard');
    const root = /\((http:\/\/\S+\/) leads there too/.exec(wall)![1]!;
    const o = await open(root);
    await o.page.getByTestId('wall').waitFor();
    await expect.poll(() => o.page.getByTestId('connection').getAttribute('data-state')).toBe('live');
    expect(new URL(o.page.url()).searchParams.get('token')).toBe(/token=(\S+)/.exec(wall)![1]);
    expect(o.errors).toEqual([]);
  });

  test('the printed supervisor signs in to the console, which says which zone "today" uses', async () => {
    const c = credentials('Supervisor console');
    const o = await signIn(c.url, c.username, c.password);
    await o.page.waitForURL('**/supervisor');
    await o.page.getByTestId('queue-row-sales').waitFor();
    expect(await o.page.getByTestId('timezone').textContent()).toBe(`Today from 00:00 ${ZONE}`);
    // The demo's live floor, on a 1366×768 laptop, in both languages: the console and a queue's drill-down.
    for (const lang of ['en', 'zh-CN'] as const) {
      await o.page.goto(`${new URL(c.url).origin}/supervisor?lang=${lang}`);
      await o.page.getByTestId('queue-row-sales').waitFor();
      await o.page.screenshot({ path: join(SCREENSHOTS, `demo-console-${lang}.png`) });
      await o.page.getByTestId('queue-sales-open').click();
      await o.page.getByTestId('interval-chart').waitFor();
      await o.page
        .getByTestId('queue-detail')
        .locator('.body')
        .evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await o.page.screenshot({ path: join(SCREENSHOTS, `demo-drilldown-${lang}.png`) });
    }
    const unexpected = o.errors.filter((e) => !e.includes('status of 401')); // the form's "already signed in?" probe
    expect(unexpected).toEqual([]);
  });

  test("the printed agent signs in to the agent's view of its own agent", async () => {
    const c = credentials("Agent's view");
    const agentId = /\(agent (\S+)\)/.exec(entry("Agent's view"))![1];
    const o = await signIn(c.url, c.username, c.password);
    await o.page.waitForURL('**/agent');
    await o.page.getByTestId('my-state').waitFor();
    expect(await o.page.getByTestId('agent-view').getAttribute('data-agent')).toBe(agentId);
    for (const lang of ['en', 'zh-CN'] as const) {
      await o.page.goto(`${new URL(c.url).origin}/agent?lang=${lang}`);
      await o.page.getByTestId('my-state').waitFor();
      await o.page.screenshot({ path: join(SCREENSHOTS, `demo-agent-${lang}.png`) });
    }
    expect(o.errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
  });

  test('/metrics answers; `npm run user` works against the printed Redis', async () => {
    const metrics = await fetch(entry('Metrics').split(/\s+/)[0]!);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('# TYPE');
    const redisUrl = entry('Redis').split(/\s+/)[0]!;
    expect(entry('Users')).toBe(`REDIS_URL=${redisUrl} npm run user -- list`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/user.ts', 'list'], {
      cwd: REPO,
      env: { ...process.env, REDIS_URL: redisUrl },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('demo-supervisor (supervisor');
    expect(r.stdout).toContain('demo-agent (agent');
  });
});
