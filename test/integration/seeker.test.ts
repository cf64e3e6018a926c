// A node's Seeker (server/replay/seeker.ts) against a real PostgreSQL: moment after moment in a quarter it folds on
// from the last position instead of decoding the checkpoint again, and every answer equals seek() from the
// checkpoint (itself checked against a fresh fold in replay.test.ts), also when an event is archived late inside a
// kept stretch, or when the next stretch holds an event earlier in the stream than one the position already holds.
import pino from 'pino';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { simulate } from '../../agent-sim/floor.ts';
import { defaultRate } from '../../agent-sim/options.ts';
import { type ArchivedEntry, ArchiveStore } from '../../server/archive/store.ts';
import { createPool, migrate } from '../../server/db/pool.ts';
import { pastSnapshot, seek } from '../../server/replay/seek.ts';
import { Seeker } from '../../server/replay/seeker.ts';
import type { FloorEvent } from '../../shared/events.ts';
import { DayClock } from '../../shared/time.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { testConfig } from '../helpers/server.ts';

const db = usePostgres();
const log = pino({ level: 'silent' });
const config = testConfig({ redisUrl: '' });
const clock = new DayClock(config.timezone);
const QUARTER = 900_000;
let store: ArchiveStore;

beforeAll(async () => {
  await migrate(db(), log);
  store = new ArchiveStore(createPool(db(), log), clock);
});
afterAll(async () => {
  await store?.pool.end();
});

/** Stream ids as Redis gives them: increasing, each a second or more after its event's time. */
let lastMs = 0;
function entry(event: FloorEvent): ArchivedEntry {
  lastMs = Math.max(lastMs + 1, event.ts + 1000);
  return { id: `${lastMs}-0`, event };
}

function agentState(id: string, ts: number, agentId: string, state: string): FloorEvent {
  return { id, type: 'agent.state', ts, agentId, state } as FloorEvent;
}

/** What the route answers at `at`, serialised, from the seeker and from a seek from the checkpoint. */
async function both(seeker: Seeker, at: number): Promise<[string, string]> {
  const position = await seeker.seek(at);
  const kept = JSON.stringify(pastSnapshot(position.state, at));
  seeker.keep(position);
  return [kept, JSON.stringify(pastSnapshot((await seek(store, config, at)).state, at))];
}

let tries = 0;
it('folds on from the last seek in the same quarter, with the same snapshots as a seek from the checkpoint', async () => {
  tries++;
  await store.pool.query('TRUNCATE event_archive, archive_checkpoints, archive_unclean');
  // Yesterday 08:00–10:00 in the centre's zone, six agents (ids unique per try: the database is shared by a retry).
  const start = clock.dayStart(clock.dayStart(Date.now()) - 1) + 8 * 3_600_000;
  const events = [
    ...simulate(
      { agents: 6, queues: 1, rate: defaultRate(6), seed: 3, curve: 'flat', durationSec: 7200, timezone: 'UTC' },
      start,
    ),
  ].map((e) => ({ ...e, id: `${e.id}-${tries}` }));
  lastMs = 0;
  const q = start + QUARTER * 4; // 09:00: the checkpoint the moments after it fold from
  await store.append(events.filter((e) => e.ts <= q + 10 * 60_000).map(entry), []);
  await store.saveCheckpoint(q, (await seek(store, config, q)).state);
  const loads = vi.spyOn(store, 'checkpointState');
  const seeker = new Seeker(store, config);

  // Forward through the quarter: the first seek decodes the checkpoint, the next ones fold on.
  for (const at of [q + 60_000, q + 90_000, q + 4 * 60_000, q + 4 * 60_000]) {
    const [kept, sought] = await both(seeker, at);
    expect(kept, new Date(at).toISOString()).toBe(sought);
  }
  expect(loads).toHaveBeenCalledTimes(1 + 4); // the seeker's first, and each of the four reference seeks
  loads.mockClear();

  // An event stamped at 09:02 archived only now, after the seeker passed 09:04: the kept position lacks it.
  await store.append([entry(agentState(`late-${tries}`, q + 2 * 60_000, 'late-agent', 'available'))], []);
  const [kept, sought] = await both(seeker, q + 5 * 60_000);
  expect(kept).toBe(sought);
  expect(kept).toContain('late-agent');
  expect(loads).toHaveBeenCalledTimes(2); // refolded from the checkpoint, like the reference

  // The next stretch holds an event earlier in the stream than the last one folded: 09:07 was archived before
  // 09:06 (the 09:06 event arrived late across 09:06:30, the moment the seeker will be kept at).
  const early = entry(agentState(`early-${tries}`, q + 7 * 60_000, 'order-agent', 'busy'));
  const later = entry(agentState(`later-${tries}`, q + 6 * 60_000, 'order-agent', 'available'));
  await store.append([early, later], []);
  loads.mockClear();
  for (const at of [q + 6 * 60_000 + 30_000, q + 8 * 60_000]) {
    const [k, s] = await both(seeker, at);
    expect(k, new Date(at).toISOString()).toBe(s);
  }
  // 09:06:30 folded on from 09:05; 09:08 could not (stream order) and came from the checkpoint.
  expect(loads).toHaveBeenCalledTimes(2 + 1);

  // A later checkpoint is the nearest one: the kept position of the older stretch is not used.
  const q2 = q + QUARTER;
  await store.append(events.filter((e) => e.ts > q + 10 * 60_000).map(entry), []);
  await store.saveCheckpoint(q2, (await seek(store, config, q2)).state);
  loads.mockClear();
  const [k2, s2] = await both(seeker, q2 + 60_000);
  expect(k2).toBe(s2);
  expect(loads).toHaveBeenCalledTimes(2);
});
