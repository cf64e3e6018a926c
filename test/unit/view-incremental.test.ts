// The incremental view (server/engine/view/agent-rows.ts): an agent's row is kept from one view to the next while
// a recomputed one could not differ. Judged against a full recompute — the same state restored from a checkpoint,
// whose agent records the kept rows do not know — on random floors (seeded), at many clock points: instants that
// land exactly on a rolling window's edge (an event's ts + 15 or 60 minutes, ± 1 ms), midnight, and random ones, with
// events folded late, ahead of the clock, and agents logged out for a while or for good (their calls' scores still
// counted for them while away).
import { describe, expect, it } from 'vitest';
import { simulate } from '../../agent-sim/floor.ts';
import { Random } from '../../agent-sim/random.ts';
import { parseConfig } from '../../shared/config.ts';
import type { FloorEvent } from '../../shared/events.ts';
import type { AgentView } from '../../shared/snapshot.ts';
import { createState, fold, view, type EngineState } from '../../server/engine/index.ts';
import { MINUTE } from '../../server/engine/series.ts';
import { deserializeState, serializeState } from '../../server/engine/serialize.ts';

// 23:00 UTC: the 100 minutes cross midnight, where today's window begins anew.
const START = Date.UTC(2026, 10, 27, 23, 0);
const MIDNIGHT = Date.UTC(2026, 10, 28);
const DURATION_MIN = 100;
const SCORES = new Set(['survey.completed', 'qa.scored']);

/** A simulated floor where some agents log out at a random instant, for a while or for good (their events meanwhile
 *  dropped), and a few events arrive late. */
function scenario(seed: number): { events: FloorEvent[]; late: Set<FloorEvent> } {
  const rnd = new Random(seed);
  const spec = { agents: 16, queues: 3, rate: 10, seed, curve: 'flat' as const, timezone: 'UTC' };
  const sim = [...simulate({ ...spec, durationSec: DURATION_MIN * 60 }, START)];
  const away = new Map<string, { from: number; to: number }>();
  const agentIds = [...new Set(sim.flatMap((e) => ('agentId' in e && e.agentId ? [e.agentId] : [])))];
  for (const id of agentIds) {
    if (!rnd.chance(0.5)) continue;
    const from = START + rnd.int(10, DURATION_MIN - 5) * MINUTE + rnd.int(0, 59_999);
    const to = rnd.chance(0.5) ? Number.POSITIVE_INFINITY : from + rnd.int(5, 90) * MINUTE;
    away.set(id, { from, to });
  }
  // Scores of calls taken before the logout still come in, counted for the agent while it is away.
  const events: FloorEvent[] = sim.filter((e) => {
    const out = 'agentId' in e && e.agentId ? away.get(e.agentId) : undefined;
    return !out || e.ts <= out.from || e.ts >= out.to || SCORES.has(e.type);
  });
  for (const [agentId, { from }] of away)
    events.push({ id: `logout-${agentId}-${from}`, type: 'agent.logout', ts: from, agentId });
  events.sort((a, b) => a.ts - b.ts);
  const late = new Set(events.filter(() => rnd.chance(0.02)));
  return { events, late };
}

/** The instants to view at: rolling windows' edges around events, midnight, random ones; ascending. */
function clockPoints(events: FloorEvent[], rnd: Random): number[] {
  const points = new Set<number>([MIDNIGHT - 1, MIDNIGHT, MIDNIGHT + 1]);
  for (let i = 0; i < 100; i++) {
    const e = events[rnd.int(0, events.length - 1)]!;
    const edge = e.ts + (rnd.chance(0.5) ? 60 : 15) * MINUTE + rnd.int(-1, 1);
    points.add(rnd.chance(0.2) ? e.ts + rnd.int(-1, 1) : edge);
  }
  // A logout an hour on: the agent's time in state has left the 60m window. A score: its count leaves each window.
  for (const e of events) {
    const lengths = e.type === 'agent.logout' ? [60] : SCORES.has(e.type) && rnd.chance(0.5) ? [15, 60] : [];
    for (const l of lengths) for (const d of [-1, 0, 1]) points.add(e.ts + l * MINUTE + d);
  }
  for (let i = 0; i < 80; i++) points.add(START + rnd.int(0, (DURATION_MIN + 70) * MINUTE));
  return [...points].sort((a, b) => a - b);
}

const fresh = (state: EngineState) => deserializeState(serializeState(state), 'UTC')!;

describe('the incremental view', () => {
  for (const seed of [11, 12, 13]) {
    it(`equals a full recompute, byte for byte, at every clock point (seed ${seed})`, () => {
      const { events, late } = scenario(seed);
      const rnd = new Random(seed * 7);
      const state = createState(parseConfig({ timezone: 'UTC' }));
      const held: FloorEvent[] = [];
      let next = 0;
      let previous: AgentView[] = [];
      let kept = 0;
      let compared = 0;
      for (const now of clockPoints(events, rnd)) {
        // Events up to now, some a few seconds ahead of the clock (rows it must not count yet); late ones a few
        // minutes after their time.
        const until = now + (rnd.chance(0.3) ? rnd.int(1, 3_000) : 0);
        while (next < events.length && events[next]!.ts <= until) {
          const e = events[next++]!;
          if (late.has(e)) held.push(e);
          else fold(state, e);
        }
        while (held.length && held[0]!.ts < now - 3 * MINUTE) fold(state, held.shift()!);
        const v = view(state, now);
        kept += v.agents.filter((row, i) => row === previous[i]).length;
        previous = v.agents;
        // Some views are not read: their rows' windows are computed only when a later view reads the kept row.
        if (rnd.chance(0.25)) continue;
        expect(JSON.stringify(v)).toBe(JSON.stringify(view(fresh(state), now)));
        compared++;
      }
      // The comparison covered kept rows: agents logged out long enough, between clock points close together.
      expect(compared).toBeGreaterThan(150);
      expect(kept).toBeGreaterThan(300);
    }, 120_000);
  }
});
