// The security model in real headless Chromium (docs/security.md): the SameSite=Strict session cookie still opens
// the console from a link on another site; a page on a sibling origin of the same site (another port: the cookie
// rides along) cannot log the supervisor out with a form; the pages run under their CSP without a violation.
import { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { UserStore } from '../../server/auth/users.ts';
import type { RunningNode } from '../../server/node.ts';
import { launchBrowser, openPage, type OpenedPage } from '../helpers/browser.ts';
import { eventFactory } from '../helpers/events.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { DISPLAY_TOKEN, agentToken, startTestNode, waitFor } from '../helpers/server.ts';
import { DEFAULT_STREAM, EVENT_FIELD } from '../../shared/stream.ts';

let redis: RedisProcess;
let node: RunningNode;
let browser: Browser;
const pages: OpenedPage[] = [];

beforeAll(async () => {
  redis = await startRedis();
  const client = new Redis(redis.url, { protocol: 2 });
  await new UserStore(client).add({ username: 'sam', name: 'Sam Supervisor', role: 'supervisor' }, 'supervisor-pass');
  const ev = eventFactory(Date.now() - 60_000);
  await client.xadd(
    DEFAULT_STREAM,
    '*',
    EVENT_FIELD,
    JSON.stringify(ev('agent.login', 0, { agentId: 'a-1', name: 'Ann Lee', teamId: 't1', queues: ['sales'] })),
  );
  client.disconnect();
  node = await startTestNode({ redisUrl: redis.url, agentTokens: ['a-1'] });
  await waitFor('the agent folded', () => node.live.state.agents.has('a-1'));
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of pages) await p.close().catch(() => {});
  await browser?.close();
  await node?.close();
  await redis?.stop();
});

/** CSP violations as the page reports them (Chromium also logs them as console errors, which openPage keeps). */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction('reportViolation', (v: string) => seen.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportViolation: (v: string) => void }).reportViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      ),
    );
  });
  return seen;
}

/** A page of someone else's, served by the browser itself at `url`. */
async function fakeSite(page: Page, url: string, html: string): Promise<void> {
  await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
}

test('signed in on the form, a link from another site opens the console; a sibling origin cannot log out; no CSP violation', async () => {
  const o = await openPage(browser, `${node.url}/login`);
  pages.push(o);
  const violations = await watchViolations(o.page);
  await o.page.reload();
  await o.page.getByTestId('login-username').fill('sam');
  await o.page.getByTestId('login-password').fill('supervisor-pass');
  await o.page.getByTestId('login-submit').click();
  await o.page.waitForURL('**/supervisor');
  await o.page.getByTestId('who').waitFor();
  const [cookie] = await o.page.context().cookies(node.url);
  expect(cookie).toMatchObject({ name: 'fb_session', sameSite: 'Strict', httpOnly: true });

  // A link in a mail or chat: another site (the browser does not send the Strict cookie with this navigation,
  // and the page needs none; its own requests then carry it).
  const mail = 'http://mail.example.test/inbox';
  await fakeSite(o.page, mail, `<a id="go" href="${node.url}/supervisor">open the console</a>`);
  await o.page.goto(mail);
  const navigation = o.page.waitForRequest((r) => r.url() === `${node.url}/supervisor`);
  await o.page.click('#go');
  expect((await (await navigation).allHeaders()).cookie).toBeUndefined();
  await o.page.getByTestId('who').waitFor();
  expect(((await o.page.getByTestId('who').textContent()) ?? '').trim()).toBe('Sam Supervisor');

  // Another port of the same host is the same site: the cookie does ride along on its form post.
  const sibling = `${node.url.replace(/:(\d+)$/, (_, p: string) => `:${Number(p) + 1}`)}/prize`;
  await fakeSite(
    o.page,
    sibling,
    `<form id="f" method="POST" action="${node.url}/api/v1/logout" enctype="text/plain"><input name="x" value="y"></form><script>document.getElementById('f').submit()</script>`,
  );
  const forged = o.page.waitForResponse((r) => r.url() === `${node.url}/api/v1/logout`);
  await o.page.goto(sibling);
  const answer = await forged;
  expect((await answer.request().allHeaders()).cookie).toMatch(/fb_session=/);
  expect(answer.status()).toBe(403);
  // Still signed in.
  await o.page.goto(`${node.url}/supervisor`);
  await o.page.getByTestId('who').waitFor();
  expect(((await o.page.getByTestId('who').textContent()) ?? '').trim()).toBe('Sam Supervisor');

  // The forged page's own logged failure (its 403) is the only console error; the app's pages raised none.
  expect(o.errors.filter((e) => !e.includes('status of 403') && !e.includes('status of 401'))).toEqual([]);
  expect(violations).toEqual([]);
});

test('the wall and the agent view run under the CSP without a violation', async () => {
  for (const [path, ready] of [
    [`/wall/default?token=${DISPLAY_TOKEN}`, 'wall'],
    [`/agent?token=${agentToken('a-1')}`, 'agent-view'],
  ] as const) {
    const o = await openPage(browser, `${node.url}${path}`);
    pages.push(o);
    const violations = await watchViolations(o.page);
    await o.page.reload();
    await o.page.getByTestId(ready).waitFor();
    // Long enough for the wall's socket to connect and its first pages and charts to render.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(violations, path).toEqual([]);
    expect(o.errors, path).toEqual([]);
  }
});
