// Webhook delivery against a local HTTP server on 127.0.0.1 that answers as each test scripts it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Alert, AlertChange } from '../../shared/alerts.ts';
import { WebhookPoster, webhookText } from '../../server/alerts/webhook.ts';

interface Received {
  at: number;
  body: { text: string; kind: string; alert: Alert };
}

/** A server whose n-th request (from 1) is answered with statuses(n); `hold` keeps answers back until released. */
async function hook(statuses: (n: number) => number) {
  const received: Received[] = [];
  let release: () => void = () => {};
  let held = Promise.resolve();
  const server: Server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      received.push({ at: Date.now(), body: JSON.parse(data) as Received['body'] });
      const status = statuses(received.length);
      void held.then(() => res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/secret-path`,
    received,
    hold() {
      held = new Promise((r) => (release = r));
    },
    release: () => release(),
  };
}

const servers: Server[] = [];
const posters: WebhookPoster[] = [];
afterEach(async () => {
  await Promise.all(posters.splice(0).map((p) => p.close()));
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

function memoryLog() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
  return { log, lines };
}

function poster(url: string, o: Partial<ConstructorParameters<typeof WebhookPoster>[0]> = {}) {
  const p = new WebhookPoster({ url, log: memoryLog().log, baseDelayMs: 40, ...o });
  posters.push(p);
  return p;
}

function change(n: number, kind: AlertChange['kind'] = 'fired'): AlertChange {
  const alert: Alert = {
    id: `backlog:q${n}`,
    ruleId: 'backlog',
    ruleName: null,
    severity: 'warning',
    scopeKind: 'queue',
    entityId: `q${n}`,
    entityName: `Q${n}`,
    metric: 'waiting',
    window: null,
    comparator: '>',
    value: 11,
    threshold: 10,
    state: kind === 'resolved' ? 'resolved' : 'firing',
    since: 1,
    firstSeen: 1,
    firedAt: 1,
    escalated: false,
    message: `Q${n}: calls waiting 11 above 10`,
    messageParams: {},
  };
  return { kind, at: 1, alert };
}

describe('WebhookPoster', () => {
  it('retries after failures with doubling waits and delivers the same body', async () => {
    const h = await hook((n) => (n <= 2 ? 503 : 200));
    const p = poster(h.url);
    p.post(change(1));
    await vi.waitFor(() => expect(p.stats.sent).toBe(1), { timeout: 5_000 });
    expect(h.received).toHaveLength(3);
    expect(h.received.map((r) => r.body)).toEqual(
      Array(3).fill({ text: '[WARNING] Q1: calls waiting 11 above 10', kind: 'fired', alert: change(1).alert }),
    );
    // Waits of 40 ms then 80 ms (timers may run late, never early).
    expect(h.received[1]!.at - h.received[0]!.at).toBeGreaterThanOrEqual(38);
    expect(h.received[2]!.at - h.received[1]!.at).toBeGreaterThanOrEqual(78);
    expect(p.stats).toEqual({ sent: 1, failed: 0, dropped: 0 });
  });

  it('gives up after maxAttempts, logging the host but not the secret path', async () => {
    const h = await hook(() => 500);
    const { log, lines } = memoryLog();
    const p = poster(h.url, { log, maxAttempts: 3, baseDelayMs: 5 });
    p.post(change(1));
    await vi.waitFor(() => expect(p.stats.failed).toBe(1), { timeout: 5_000 });
    expect(h.received).toHaveLength(3);
    const gaveUp = lines.find((l) => l.msg === 'alert webhook gave up')!;
    expect(gaveUp).toMatchObject({ attempts: 3, why: 'HTTP 500', alert: 'backlog:q1' });
    expect(JSON.stringify(lines)).not.toContain('secret-path');
  });

  it('does not repeat a request the endpoint rejects as bad', async () => {
    const h = await hook(() => 400);
    const p = poster(h.url);
    p.post(change(1));
    await vi.waitFor(() => expect(p.stats.failed).toBe(1), { timeout: 5_000 });
    await new Promise((r) => setTimeout(r, 150));
    expect(h.received).toHaveLength(1);
  });

  it('keeps a bounded queue, dropping the oldest waiting change', async () => {
    const h = await hook(() => 200);
    h.hold();
    const { log, lines } = memoryLog();
    const p = poster(h.url, { log, maxQueue: 3 });
    // 1 goes out at once; 2, 3, 4 wait; 5 pushes out 2, 6 pushes out 3.
    for (let n = 1; n <= 6; n++) p.post(change(n));
    expect(p.backlog).toBe(4);
    h.release();
    await vi.waitFor(() => expect(p.stats.sent).toBe(4), { timeout: 5_000 });
    expect(h.received.map((r) => r.body.alert.entityId)).toEqual(['q1', 'q4', 'q5', 'q6']);
    expect(p.stats.dropped).toBe(2);
    // One warning line per interval, however many were dropped.
    expect(lines.filter((l) => l.msg === 'alert webhook queue full: dropped the oldest change')).toHaveLength(1);
  });

  it('returns from post() before anything is sent', async () => {
    const h = await hook(() => 200);
    const p = poster(h.url);
    p.post(change(1));
    expect(h.received).toHaveLength(0);
    await vi.waitFor(() => expect(h.received).toHaveLength(1));
  });

  it('close() abandons a back-off in progress', async () => {
    const h = await hook(() => 503);
    const p = poster(h.url, { baseDelayMs: 60_000 });
    p.post(change(1));
    await vi.waitFor(() => expect(h.received).toHaveLength(1));
    const started = Date.now();
    await p.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(p.backlog).toBe(0);
    // No last try on the way out.
    await new Promise((r) => setTimeout(r, 100));
    expect(h.received).toHaveLength(1);
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() => new WebhookPoster({ url: 'ftp://127.0.0.1/x', log: memoryLog().log })).toThrow(
      'alert webhook URL must be http or https, not ftp:',
    );
    expect(() => new WebhookPoster({ url: 'not a url', log: memoryLog().log })).toThrow(
      'alert webhook URL cannot be parsed',
    );
  });
});

describe('webhookText', () => {
  it('leads with what happened', () => {
    const c = change(2);
    expect(webhookText(c)).toBe('[WARNING] Q2: calls waiting 11 above 10');
    expect(webhookText({ ...c, kind: 'escalated', alert: { ...c.alert, severity: 'critical', escalated: true } })).toBe(
      '[ESCALATED to CRITICAL] Q2: calls waiting 11 above 10',
    );
    expect(
      webhookText({
        ...c,
        kind: 'acknowledged',
        alert: { ...c.alert, acknowledged: { by: 'lee', at: 2, comment: 'on it' } },
      }),
    ).toBe('[ACKNOWLEDGED by lee] Q2: calls waiting 11 above 10 (on it)');
    expect(webhookText(change(2, 'resolved'))).toBe('[RESOLVED] Q2: calls waiting 11 above 10');
  });
});
