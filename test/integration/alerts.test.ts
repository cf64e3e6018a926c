// The alert service on a real redis-server: history, a restart that keeps an acknowledgement, saved rules,
// the audit trail, and webhook delivery with retries.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseRules, type RuleInput } from '../../shared/alerts.ts';
import type { QueueView } from '../../shared/snapshot.ts';
import { noAgents, queueWindow, windows, noNowcast } from '../helpers/snapshots.ts';
import type { View } from '../../server/engine/index.ts';
import { ALERT_BOOK_KEY, ALERT_HISTORY_STREAM, ALERT_RULES_KEY, AUDIT_STREAM } from '../../server/redis/keys.ts';
import { AlertService, type AlertServiceOptions } from '../../server/alerts/service.ts';
import { createRedis } from '../../server/redis/connection.ts';
import { useRedis } from '../helpers/redis.ts';

const getRedis = useRedis();
const silent = pino({ level: 'silent' });
const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);
const at = (sec: number) => T0 + sec * 1000;

let redis: Redis;
const services: AlertService[] = [];

beforeAll(() => {
  redis = createRedis(getRedis().url, 'alerts-test');
});
beforeEach(async () => {
  await redis.flushdb();
});
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await redis.quit();
});

const rules: RuleInput[] = [
  {
    id: 'backlog',
    metric: 'waiting',
    scope: { kind: 'queue' },
    comparator: '>',
    threshold: 10,
    clear: 7,
    severity: 'warning',
  },
];

async function service(o: Partial<AlertServiceOptions> = {}): Promise<AlertService> {
  const s = new AlertService({ redis, rules: parseRules(rules), log: silent, clock: () => at(1000), ...o });
  services.push(s);
  await s.load();
  return s;
}

/** A floor whose queues have these many calls waiting. */
function floor(now: number, waiting: Record<string, number>): View {
  const counts = noAgents();
  const w = windows(queueWindow());
  const queues: QueueView[] = Object.entries(waiting).map(([id, n]) => ({
    id,
    name: id[0]!.toUpperCase() + id.slice(1),
    waiting: n,
    longestWaitSec: null,
    oldestWaitingTs: null,
    slThresholdSec: 20,
    slTarget: 0.8,
    agents: counts,
    callbacksPending: 0,
    windows: w,
    staffing: { trafficErlangs: 0, agentsStaffed: 0, requiredAgents: null, projectedServiceLevel: null },
    nowcast: noNowcast(),
  }));
  return {
    asOf: now,
    cursor: '0-0',
    center: {
      waiting: 0,
      longestWaitSec: null,
      oldestWaitingTs: null,
      agents: counts,
      windows: w,
      staffing: { trafficErlangs: 0, agentsStaffed: 0, requiredAgents: null, projectedServiceLevel: null },
    },
    queues,
    agents: [],
    teams: [],
    groups: [],
    faults: [],
    timezone: 'UTC',
    intervals: [],
  };
}

const NO_EXTRA = { lastEventTs: null };

async function stream(key: string): Promise<Record<string, string>[]> {
  const entries = (await redis.xrange(key, '-', '+')) as [string, string[]][];
  return entries.map(([, flat]) => {
    const o: Record<string, string> = {};
    for (let i = 0; i < flat.length; i += 2) o[flat[i]!] = flat[i + 1]!;
    return o;
  });
}

describe('AlertService with Redis', () => {
  it('appends every change to the history stream and saves the book', async () => {
    const s = await service();
    expect(s.tick(floor(at(0), { sales: 12, support: 3 }), at(0), NO_EXTRA).map((c) => c.alert.id)).toEqual([
      'backlog:sales',
    ]);
    s.tick(floor(at(5), { sales: 12, support: 14 }), at(5), NO_EXTRA);
    s.tick(floor(at(10), { sales: 6, support: 14 }), at(10), NO_EXTRA);
    await s.flush();

    const history = await stream(ALERT_HISTORY_STREAM);
    expect(history.map((h) => [h.kind, h.at, JSON.parse(h.alert!).id])).toEqual([
      ['fired', String(at(0)), 'backlog:sales'],
      ['fired', String(at(5)), 'backlog:support'],
      ['resolved', String(at(10)), 'backlog:sales'],
    ]);
    expect(JSON.parse(history[2]!.alert!)).toMatchObject({
      state: 'resolved',
      value: 6,
      message: 'Sales: calls waiting back to 6',
    });
    expect(Object.keys(JSON.parse((await redis.get(ALERT_BOOK_KEY))!))).toEqual(['backlog:support']);

    // Newest first, limited.
    expect((await s.history(2)).map((c) => [c.kind, c.alert.id])).toEqual([
      ['resolved', 'backlog:sales'],
      ['fired', 'backlog:support'],
    ]);
  });

  it('a restarted service keeps an acknowledgement, and audits who gave it', async () => {
    const first = await service();
    first.tick(floor(at(0), { sales: 12 }), at(0), NO_EXTRA);
    const ack = await first.acknowledge('backlog:sales', 'lee', 'calling in Team 2');
    expect(ack).toMatchObject({
      ok: true,
      alert: { state: 'acknowledged', acknowledged: { by: 'lee', at: at(1000), comment: 'calling in Team 2' } },
    });
    await first.close();

    const second = await service();
    expect(second.active().map((a) => [a.id, a.state, a.acknowledged?.by])).toEqual([
      ['backlog:sales', 'acknowledged', 'lee'],
    ]);
    // Still over the limit after the restart: no new "fired", the acknowledgement holds.
    expect(second.tick(floor(at(1010), { sales: 13 }), at(1010), NO_EXTRA)).toEqual([]);
    expect(second.active()[0]).toMatchObject({ state: 'acknowledged', value: 13 });
    expect(await second.acknowledge('backlog:sales', 'kim')).toMatchObject({ ok: false, code: 'already-acknowledged' });
    expect(await second.acknowledge('backlog:nowhere', 'kim')).toMatchObject({ ok: false, code: 'not-found' });

    expect((await stream(ALERT_HISTORY_STREAM)).map((h) => h.kind)).toEqual(['fired', 'acknowledged']);
    const audit = await stream(AUDIT_STREAM);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ who: 'lee', what: 'alert.acknowledge', at: String(at(1000)) });
    expect(JSON.parse(audit[0]!.detail!)).toEqual({ alertId: 'backlog:sales', comment: 'calling in Team 2' });
  });

  it('saves an admin rule edit, validated, for the next start; a reset brings the configured rules back', async () => {
    const s = await service();
    s.tick(floor(at(0), { sales: 12 }), at(0), NO_EXTRA);
    await expect(s.setRules([{ ...rules[0], threshold: 'lots' }], 'admin')).rejects.toThrow(/rules\.0\.threshold/);
    expect(await redis.get(ALERT_RULES_KEY)).toBeNull();

    const edited: RuleInput[] = [
      {
        id: 'flood',
        metric: 'waiting',
        scope: { kind: 'center' },
        comparator: '>',
        threshold: 30,
        severity: 'critical',
      },
    ];
    await s.setRules(edited, 'admin');
    // The removed rule's alert resolves on the next tick.
    expect(s.tick(floor(at(5), { sales: 12 }), at(5), NO_EXTRA).map((c) => [c.kind, c.alert.id])).toEqual([
      ['resolved', 'backlog:sales'],
    ]);

    const restarted = await service();
    expect(restarted.rules().map((r) => r.id)).toEqual(['flood']);
    await restarted.resetRules('admin');
    expect(restarted.rules().map((r) => r.id)).toEqual(['backlog']);
    expect(await redis.get(ALERT_RULES_KEY)).toBeNull();
    expect((await stream(AUDIT_STREAM)).map((a) => [a.who, a.what])).toEqual([
      ['admin', 'alert.rules.set'],
      ['admin', 'alert.rules.reset'],
    ]);
  });

  it('ignores saved rules that no longer validate, and says so', async () => {
    await redis.set(ALERT_RULES_KEY, JSON.stringify([{ id: 'old', metric: 'retired' }]));
    const lines: Record<string, unknown>[] = [];
    const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
    const s = await service({ log });
    expect(s.rules().map((r) => r.id)).toEqual(['backlog']);
    expect(lines.some((l) => l.msg === 'saved alert rules are invalid: using the configured rules')).toBe(true);
  });

  it('posts changes to the webhook without making the tick wait, retrying failed posts', async () => {
    let requests = 0;
    const bodies: { text: string; kind: string; alert: { id: string } }[] = [];
    const server: Server = createServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString()));
      req.on('end', () => {
        requests++;
        // The first two posts fail, as a webhook endpoint in trouble would.
        if (requests <= 2) return void res.writeHead(502).end();
        bodies.push(JSON.parse(data));
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const s = await service({ webhookUrl: url, webhook: { baseDelayMs: 20 } });
      const changes = s.tick(floor(at(0), { sales: 12 }), at(0), NO_EXTRA);
      expect(changes).toHaveLength(1);
      expect(requests).toBe(0);
      s.tick(floor(at(5), { sales: 2 }), at(5), NO_EXTRA);
      await vi.waitFor(() => expect(bodies).toHaveLength(2), { timeout: 5_000 });
      expect(requests).toBe(4);
      expect(bodies.map((b) => [b.kind, b.alert.id, b.text])).toEqual([
        ['fired', 'backlog:sales', '[WARNING] Sales: calls waiting 12 above 10'],
        ['resolved', 'backlog:sales', '[RESOLVED] Sales: calls waiting back to 2'],
      ]);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('refuses to tick before load()', () => {
    const s = new AlertService({ redis, log: silent });
    expect(() => s.tick(floor(at(0), {}), at(0), NO_EXTRA)).toThrow(
      'AlertService.tick() called before load() finished',
    );
  });
});
