// The history writer on a clock of its own, against a real Redis and PostgreSQL: the past intervals of a stream
// that was empty when the writer first looked are written at its next round, whatever the time within the quarter.
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPool, migrate } from '../../server/db/pool.ts';
import { createState, fold, type EngineState } from '../../server/engine/index.ts';
import { HistoryStore } from '../../server/history/store.ts';
import { HistoryWriter } from '../../server/history/writer.ts';
import { eventFactory } from '../helpers/events.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { useRedis } from '../helpers/redis.ts';
import { testConfig } from '../helpers/server.ts';
import { xaddEvents } from '../helpers/stream-writer.ts';

const redis = useRedis();
const db = usePostgres();
const log = pino({ level: 'silent' });
let client: Redis;
let store: HistoryStore;

beforeAll(async () => {
  client = new Redis(redis().url, { protocol: 2 });
  await migrate(db(), log);
  store = new HistoryStore(createPool(db(), log), testConfig({ redisUrl: '' }).timezone);
});
afterAll(async () => {
  await store?.pool.end();
  client?.disconnect();
});

const QUARTER = 900_000;

/** The leader's writer, caught up, on a stopped clock. */
function writerOf(stream: string, state: EngineState, now: number, lastEntryAt: () => number): HistoryWriter {
  const config = testConfig({ redisUrl: '' });
  return new HistoryWriter({
    store,
    config,
    state: () => state,
    caughtUp: () => true,
    lastEntryAt,
    leader: () => true,
    redis: client,
    stream,
    log,
    clock: () => now,
  });
}

// The seconds after a quarter-hour boundary at which the writer's round runs: before its live-miss wait, inside the
// quiet wait, and late in the quarter.
// Each case an hour of its own (the cases share the database), each try a stream of its own.
let tries = 0;
it.each([
  [10, 4],
  [40, 8],
  [700, 12],
])('%i s into a quarter: a past hour that arrives after the first look is written', async (into, quartersBack) => {
  const config = testConfig({ redisUrl: '' });
  const now = Math.floor(Date.now() / QUARTER) * QUARTER + into * 1000;
  const T0 = now - quartersBack * QUARTER - into * 1000;
  const stream = `writer:${into}:${++tries}`;
  const state = createState(config);
  let arrived = 0;
  const writer = writerOf(stream, state, now, () => arrived);
  await writer.tick();

  const ev = eventFactory(T0);
  const events = [
    ev('agent.login', 0, { agentId: 'a1', teamId: 't1', queues: ['sales'] }),
    ev('call.offered', 60, { callId: 'c1', queueId: 'sales' }),
    ev('call.answered', 70, { callId: 'c1', agentId: 'a1' }),
    ev('call.ended', 130, { callId: 'c1' }),
    ev('agent.state', 45 * 60, { agentId: 'a1', state: 'aux', reason: 'lunch' }),
  ];
  await xaddEvents(client, stream, events);
  for (const e of events) fold(state, e);
  arrived = now;
  await writer.tick();

  const written = await store.writtenStarts(T0, T0 + 3 * QUARTER);
  expect([...written].sort()).toEqual([T0, T0 + QUARTER, T0 + 2 * QUARTER]);
});

// Entries the live fold refuses for their ts (older than retention, years ahead of their arrival) at the stream's
// head: the refill judges them the same way, so it neither walks the decades in between nor writes their intervals.
it('a refill skips what the live fold refuses for its time, even at the head of the stream', async () => {
  const config = testConfig({ redisUrl: '' });
  const now = Math.floor(Date.now() / QUARTER) * QUARTER + 120_000;
  const T0 = now - 16 * QUARTER - 120_000;
  const stream = `writer:poison:${++tries}`;
  const ev = eventFactory(T0);
  const events = [
    ev('agent.login', 0, { agentId: 'a1', teamId: 't1', queues: ['sales'] }),
    ev('call.offered', 60, { callId: 'c1', queueId: 'sales' }),
    ev('agent.state', 45 * 60, { agentId: 'a1', state: 'aux', reason: 'lunch' }),
  ];
  const ancient = { ...ev('call.offered', 0, { callId: 'old', queueId: 'sales' }), ts: Date.UTC(1971, 0, 1) };
  const ahead = { ...ev('call.offered', 0, { callId: 'new', queueId: 'sales' }), ts: Date.UTC(2090, 0, 1) };
  await xaddEvents(client, stream, [ancient, ahead, ...events]);
  const state = createState(config);
  for (const e of events) fold(state, e);
  const writer = writerOf(stream, state, now, () => now);
  await writer.tick();
  expect([...(await store.writtenStarts(T0, T0 + 3 * QUARTER))].sort()).toEqual([T0, T0 + QUARTER, T0 + 2 * QUARTER]);
  expect((await store.writtenStarts(0, T0)).size).toBe(0);
}, 20_000);
