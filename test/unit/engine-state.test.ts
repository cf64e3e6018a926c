// What the engine keeps: bounded by the rolling windows and local midnight however long it runs, and a checkpoint
// that brings back exactly the state it was taken from.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../agent-sim/floor.ts';
import { parseConfig } from '../../shared/config.ts';
import type { FloorEvent } from '../../shared/events.ts';
import { createState, fold, view } from '../../server/engine/index.ts';
import { MINUTE } from '../../server/engine/series.ts';
import { deserializeState, serializeState } from '../../server/engine/serialize.ts';
import { nextCheckpointDelay } from '../../server/checkpoint.ts';

// 21:30 in UTC: four and a half simulated hours cross midnight and run on to 02:00.
const START = Date.UTC(2026, 10, 27, 21, 30);
const MIDNIGHT = Date.UTC(2026, 10, 28);

function floorEvents(hours: number): FloorEvent[] {
  return [
    ...simulate(
      { agents: 40, queues: 3, rate: 20, seed: 7, curve: 'flat', durationSec: hours * 3600, timezone: 'UTC' },
      START,
    ),
  ];
}

describe('engine state over time', () => {
  const events = floorEvents(4.5);
  const state = createState(parseConfig({ timezone: 'UTC' }));
  for (const e of events) fold(state, e);
  const last = events.at(-1)!.ts;
  const lastMinute = Math.floor(last / MINUTE);

  it('agents keep an hour of counted rows (64 minutes), give or take a chunk of 15 rows not yet dropped', () => {
    let rows = 0;
    for (const a of state.agents.values()) {
      rows += a.log.key.length;
      const outOfReach = a.log.key.filter((key) => Math.floor(key / 32 / MINUTE) <= a.log.latest - 64).length; // key = ts × 32 + field
      expect(outOfReach).toBeLessThan(16);
    }
    expect(rows).toBeGreaterThan(0);
  });

  it('timelines keep today and the hour before midnight, plus the state in force then', () => {
    let trimmed = 0;
    for (const a of state.agents.values()) {
      const from = a.timeline.from;
      // Trimmed when the agent changes state: only the first entry may begin before 22:56 of the day of its last
      // change (the state it was in at that instant).
      const cutoff = Date.UTC(2026, 10, 28) - 64 * MINUTE;
      if (from.at(-1)! >= MIDNIGHT) {
        trimmed++;
        for (let i = 1; i < from.length; i++) expect(from[i]).toBeGreaterThan(cutoff);
      }
    }
    expect(trimmed).toBeGreaterThan(30);
  });

  it('explainable facts go back no further than the hour before midnight', () => {
    const facts = state.facts.ts;
    // Dropped in chunks, every 1,024 facts; more than that were counted after midnight.
    expect(facts.filter((ts) => ts >= MIDNIGHT).length).toBeGreaterThan(1024);
    expect(facts.filter((ts) => ts < MIDNIGHT - 64 * MINUTE)).toEqual([]);
    expect(facts.at(-1)).toBeGreaterThan(last - MINUTE);
    // The facts of the last minute are all still there: the same count as the 15m window's answered + abandoned.
    const v = view(state, last);
    const inWindow = facts.filter((ts, i) => ts >= (lastMinute - 14) * MINUTE && state.facts.kind[i] !== 2).length;
    const counted = v.queues.reduce(
      (n, q) => n + q.windows['15m'].answered + q.windows['15m'].abandoned + q.windows['15m'].abandonedShort,
      0,
    );
    expect(inWindow).toBe(counted);
  });
});

describe('checkpoints', () => {
  it('a checkpoint taken mid-stream, restored and fed the rest, equals the uninterrupted fold', () => {
    const events = floorEvents(1.5);
    const half = Math.floor(events.length / 2);
    const config = parseConfig({ timezone: 'UTC' });
    const straight = createState(config);
    for (const e of events) fold(straight, e);

    const first = createState(config);
    for (const e of events.slice(0, half)) fold(first, e);
    const restored = deserializeState(serializeState(first), 'UTC')!;
    // Re-delivered entries right after a restart are repeats: they must still be recognised.
    for (const e of events.slice(half - 50)) fold(restored, e);

    expect(restored.stats.duplicates).toBe(50);
    expect(restored.stats.folded).toBe(straight.stats.folded);
    const now = events.at(-1)!.ts + 30_000;
    expect(view(restored, now)).toEqual(view(straight, now));
  });

  it('checkpoints come every 10 s, and never take more than 1 % of the event loop', () => {
    expect(nextCheckpointDelay(10_000, 20)).toBe(10_000);
    expect(nextCheckpointDelay(10_000, 100)).toBe(10_000);
    expect(nextCheckpointDelay(10_000, 350)).toBe(35_000);
  });

  it('a checkpoint of another time zone or format is refused, so the stream is refolded', () => {
    const state = createState(parseConfig({ timezone: 'UTC' }));
    for (const e of floorEvents(0.1)) fold(state, e);
    expect(deserializeState(serializeState(state), 'Asia/Shanghai')).toBeNull();
    expect(deserializeState(Buffer.from('{"format":2}'), 'UTC')).toBeNull();
  });
});

describe('views between folds', () => {
  it('a view of a state that keeps folding equals a view of the same events folded afresh', () => {
    // The view keeps each series' minute sums while nothing writes to it: every write must show in the next view.
    const events = floorEvents(0.5);
    const config = parseConfig({ timezone: 'UTC' });
    const live = createState(config);
    let checked = 0;
    for (let i = 0; i < events.length; i++) {
      fold(live, events[i]!);
      if (i % 97 !== 0) continue;
      const now = events[i]!.ts + 1_000;
      const fresh = createState(config);
      for (const e of events.slice(0, i + 1)) fold(fresh, e);
      expect(view(live, now)).toEqual(view(fresh, now));
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });
});
