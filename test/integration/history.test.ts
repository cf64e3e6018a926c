// History through a real server: a simulated day folded by the node, its 15-minute rows written to PostgreSQL
// (from the live engine or refolded from the stream), each row equal to the live
// 15m window over exactly that interval of an engine folding the same stream, and the day adding up to `today`.
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runSimulator } from '../../agent-sim/writer.ts';
import { decodeEvent } from '../../shared/events.ts';
import type { ReportRow } from '../../shared/history.ts';
import { createState, fold, view, type View } from '../../server/engine/index.ts';
import { intervalOf } from '../../server/engine/interval-rows.ts';
import { eventField } from '../../shared/stream.ts';
import type { RunningNode } from '../../server/node.ts';
import { expectClose } from '../helpers/close.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { readStream } from '../helpers/reference.ts';
import { useRedis } from '../helpers/redis.ts';
import { ADMIN_TOKEN, startTestNode, testConfig, waitFor } from '../helpers/server.ts';

const redis = useRedis();
const db = usePostgres();
const STREAM = 'history:events';
let node: RunningNode;
let client: Redis;

beforeAll(async () => {
  client = new Redis(redis().url, { protocol: 2 });
  node = await startTestNode({ redisUrl: redis().url, databaseUrl: db(), stream: STREAM });
}, 120_000);
afterAll(async () => {
  await node?.close();
  client?.disconnect();
});

const api = async (path: string) => {
  const r = await fetch(node.url + path, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(r.status, path).toBe(200);
  return r.json();
};

const WINDOW_KEYS = (w: object) => Object.keys(w);

it('a simulated day: every 15-minute row of every scope equals the live window over exactly that interval', {
  timeout: 240_000,
}, async () => {
  // Most of a day, ending now: the last closed interval is written from the live engine, the rest refilled.
  const durationSec = 10 * 3600;
  const start = Date.now() - durationSec * 1000;
  const sim = runSimulator({
    redisUrl: redis().url,
    stream: STREAM,
    agents: 24,
    queues: 3,
    rate: 6,
    seed: 11,
    curve: 'intraday',
    timezone: 'Asia/Shanghai',
    durationSec,
    speed: 1,
    fast: true,
    startTs: start,
  });
  await sim.done;
  const entries = await readStream(client, STREAM);
  const lastId = entries.at(-1)![0];
  await waitFor('the day folded', () => node.live.state.cursor === lastId, 120_000);
  // Whichever way each interval got there (live at its close, or refilled), one more round changes nothing.
  node.history.writer.leaderChanged();
  await node.history.writer.tick();
  const { liveIntervals, refilledIntervals } = node.history.writer.stats;
  expect(liveIntervals + refilledIntervals).toBeGreaterThan(35);

  // The reference: a fresh engine folding the stream, viewed at the last millisecond of each interval.
  const state = createState(testConfig({ redisUrl: '' }));
  const events = entries.map(([, f]) => decodeEvent(eventField(f))).flatMap((d) => (d.ok ? [d.event] : []));
  const first = intervalOf(state.clock, events[0]!.ts).end;
  const views = new Map<number, View>();
  // Agents' windows are computed when first read: read them while the state is at that instant.
  const viewAt = (ts: number) => {
    const v = view(state, ts);
    for (const a of v.agents) void a.windows;
    return v;
  };
  // Intervals the stream has passed (an active stream's intervals close with its first event after them).
  const closedBefore = Math.min(
    intervalOf(state.clock, Date.now() - 10_000).start,
    intervalOf(state.clock, events.at(-1)!.ts).start,
  );
  let next = first;
  for (const e of events) {
    while (intervalOf(state.clock, next).end <= e.ts && intervalOf(state.clock, next).end <= closedBefore) {
      views.set(next, viewAt(intervalOf(state.clock, next).end - 1));
      next = intervalOf(state.clock, next).end;
    }
    fold(state, e);
  }
  while (intervalOf(state.clock, next).end <= closedBefore) {
    views.set(next, viewAt(intervalOf(state.clock, next).end - 1));
    next = intervalOf(state.clock, next).end;
  }
  expect(views.size).toBeGreaterThan(35);

  const from = first;
  const to = closedBefore;
  let compared = 0;
  for (const scope of ['center', 'queue', 'team', 'agent'] as const) {
    const report = await api(`/api/v1/reports/intervals?scope=${scope}&from=${from}&to=${to}&step=15m`);
    const rows = (report.rows as ReportRow[]).filter((r) => r.complete);
    for (const [s, v] of views) {
      const live =
        scope === 'center'
          ? [{ id: 'center', w: v.center.windows['15m'] }]
          : scope === 'queue'
            ? v.queues.map((q) => ({ id: q.id, w: q.windows['15m'] }))
            : scope === 'team'
              ? v.teams!.map((t) => ({ id: t.id, w: t.windows['15m'] }))
              : v.agents
                  .filter((a) => a.windows['15m'].utilization !== null || a.windows['15m'].handled > 0)
                  .map((a) => ({ id: a.id, w: a.windows['15m'] }));
      for (const { id, w } of live) {
        const row = rows.find((r) => r.start === s && r.id === id);
        expect(row, `${scope} ${id} ${new Date(s).toISOString()}`).toBeDefined();
        const picked = Object.fromEntries(
          WINDOW_KEYS(w).map((k) => [k, (row as unknown as Record<string, unknown>)[k]]),
        );
        // The window at end − 1 ms lacks each logged-in agent's last millisecond (24 agents: ≤ 0.024 s of talk time);
        // ratios agree to about 1e-6. Counts are compared exactly (they are far above both tolerances).
        expectClose(picked, w, `${scope}:${id}@${new Date(s).toISOString()}`, 1e-5, 0.025);
        compared++;
      }
    }
  }
  expect(compared).toBeGreaterThan(1000);

  // Exactly one row per entity and interval; every interval of the day is there.
  const c = new pg.Client({ connectionString: db() });
  await c.connect();
  const n = await c.query(
    `SELECT count(*)::int AS n, count(DISTINCT start_ms)::int AS d FROM interval_rows WHERE scope = 'center' AND start_ms >= $1 AND start_ms < $2`,
    [from, to],
  );
  await c.end();
  expect(n.rows[0]).toEqual({ n: views.size, d: views.size });
});

it("today's day row, closed intervals from the database and the running one live, adds up to the live today", async () => {
  const snap = await api('/api/v1/snapshot');
  const dayStart = node.live.state.clock.dayStart(snap.asOf);
  const report = await api(`/api/v1/reports/intervals?scope=center&from=${dayStart}&to=${snap.asOf}&step=day`);
  expect(report.rows).toHaveLength(1);
  const day = report.rows[0];
  expect(day.complete).toBe(false);
  const today = snap.center.windows.today;
  for (const k of [
    'offered',
    'answered',
    'answeredWithinSl',
    'abandoned',
    'abandonedShort',
    'serviceLevel',
    'abandonRate',
  ])
    expect(day[k], k).toBeCloseTo(today[k], 4);
  for (const k of ['asaSec', 'ahtSec', 'maxWaitSec']) expect(day[k], k).toBeCloseTo(today[k], 1);
  expect(day.offered).toBeGreaterThan(100);
});
