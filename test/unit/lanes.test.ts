// The two-lane protocol (shared/patch.ts, server/realtime/lanes.ts): whenever the lanes are planned, whenever a
// client joins, and however a client's live and window patches interleave, the screen it holds is the full
// snapshot at the same cursor. Seeded: a failure names its seed, and reruns the same floor.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { simulate } from '../../agent-sim/floor.ts';
import { createState, foldLimits } from '../../server/engine/index.ts';
import type { Principal } from '../../server/auth/principals.ts';
import { type AgentOf, agentVisible, scopePatch, scopeSnapshot } from '../../server/auth/scope.ts';
import { LiveModel } from '../../server/live.ts';
import { AGENT_WINDOW_PHASES, LanePlanner } from '../../server/realtime/lanes.ts';
import { parseConfig } from '../../shared/config.ts';
import { applyPatch, type Patch, WINDOW_FIELDS } from '../../shared/patch.ts';
import type { Snapshot } from '../../shared/snapshot.ts';

const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);
const config = parseConfig({ timezone: 'Asia/Shanghai' });
const NO_EXTRAS = { stale: null, bulletins: [], alerts: [] };

/** mulberry32: the scenario's own choices (when each lane is planned, who joins when, the interleaving). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Client {
  start: Snapshot;
  live: Patch[];
  window: Patch[];
}

/** As it crosses the wire: JSON, so nothing the screen holds is shared with the server's baseline. */
const wire = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** Folds a simulated floor, planning the lanes at random moments; clients join at random moments. */
function scenario(seed: number, events: number) {
  const rnd = random(seed);
  const live = new LiveModel(createState(config), foldLimits(config));
  const planner = new LanePlanner();
  const sim = simulate({ agents: 16, queues: 3, rate: 240, seed, curve: 'flat' }, T0);
  const clients: Client[] = [];
  const join = (now: number) =>
    clients.push({ start: wire(planner.snapshot(() => live.snapshot(now))), live: [], window: [] });
  const deliver = (p: Patch | null) => {
    if (p) for (const c of clients) c[p.lane].push(wire(p));
  };
  let now = T0;
  for (let i = 0; i < events; i++) {
    const event = sim.next().value!;
    now = Math.max(now, event.ts);
    live.fold(`${event.ts}-${i}`, event);
    if (i === 0 || rnd() < 0.03) join(now);
    // The live lane after some batches (the coalescing), the window lane at most once a second.
    if (rnd() < 0.4) deliver(planner.live(live.view(now), NO_EXTRAS, now));
    if (now >= planner.windowDueAt && rnd() < 0.5) deliver(planner.window(live.view(now), now));
  }
  // Both lanes planned once more at the moment the full snapshot is taken (the clock moved the windows), the
  // window lane once for each fifth of the agents.
  const end = now + Math.floor(rnd() * 3_000);
  deliver(planner.live(live.view(end), NO_EXTRAS, end));
  for (let k = 0; k < AGENT_WINDOW_PHASES; k++) deliver(planner.window(live.view(end), end));
  const last = Math.max(...clients.flatMap((c) => [...c.live, ...c.window].map((p) => p.seq)));
  return { rnd, clients, full: wire({ ...live.snapshot(end), seq: last }) };
}

const ROW_LISTS = ['queues', 'agents', 'teams', 'groups'] as const;

/** A row with both lanes' fields: it came whole. */
const hasWholeRow = (p: Patch) =>
  ROW_LISTS.some((list) =>
    (p[list] ?? []).some((row) => {
      const keys = Object.keys(row).filter((k) => k !== 'id' && !(list === 'groups' && k === 'queues'));
      return keys.some((k) => WINDOW_FIELDS.has(k)) && keys.some((k) => !WINDOW_FIELDS.has(k));
    }),
  );

/** One of the orders the protocol allows: each lane in its own order, the two interleaved at random. */
function interleave(c: Client, rnd: () => number): Patch[] {
  const out: Patch[] = [];
  let [i, j] = [0, 0];
  while (i < c.live.length || j < c.window.length) {
    const takeLive = j >= c.window.length || (i < c.live.length && rnd() < 0.5);
    out.push(takeLive ? c.live[i++]! : c.window[j++]!);
  }
  return out;
}

describe('two lanes', () => {
  test('patches applied in any order the protocol allows give the full snapshot at the same cursor', () => {
    let [patches, interleaved] = [0, 0];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const { rnd, clients, full } = scenario(seed, 500);
        for (const c of clients) {
          // As sent: one socket delivers both lanes in the order the node planned them.
          const sent = [...c.live, ...c.window].sort((a, b) => a.seq - b.seq);
          patches += sent.length;
          expect(sent.reduce(applyPatch, c.start)).toEqual(full);
          // The lanes name disjoint fields, so while no row comes whole (a row new to the floor or to a scope
          // carries both lanes' fields) the two may interleave in any way that keeps each lane's own order.
          if ([...c.live, ...c.window].some(hasWholeRow)) continue;
          for (let k = 0; k < 2; k++) expect(interleave(c, rnd).reduce(applyPatch, c.start)).toEqual(full);
          interleaved++;
        }
      }),
      { seed: 19, numRuns: 15 },
    );
    // Not vacuous: the scenarios sent thousands of patches, and many clients' lanes were interleaved.
    expect(patches).toBeGreaterThan(1_000);
    expect(interleaved).toBeGreaterThan(10);
  }, 120_000);

  test('a scoped supervisor on the lanes holds exactly its scoped snapshot, and no patch names anyone else', () => {
    for (const seed of [3, 11, 29]) {
      const rnd = random(seed);
      const live = new LiveModel(createState(config), foldLimits(config));
      const planner = new LanePlanner();
      const sim = simulate({ agents: 16, queues: 3, rate: 240, seed, curve: 'flat' }, T0);
      const agentOf: AgentOf = (id) => live.state.agents.get(id);
      let now = T0;
      let screen: Snapshot | null = null;
      let p: Principal | null = null;
      const named: string[] = [];
      const deliver = (patch: Patch | null) => {
        if (!patch || !screen || !p) return;
        const scoped = wire(scopePatch(patch, p, agentOf));
        named.push(...(scoped.agents ?? []).map((a) => a.id), ...(scoped.queues ?? []).map((q) => q.id));
        for (const a of scoped.agents ?? []) expect(agentVisible(p, a.id, agentOf(a.id))).toBe(true);
        screen = applyPatch(screen, scoped);
      };
      for (let i = 0; i < 500; i++) {
        const event = sim.next().value!;
        now = Math.max(now, event.ts);
        live.fold(`${event.ts}-${i}`, event);
        if (i === 150) {
          // One queue of the floor: its agents and that queue only.
          const queue = live.view(now).queues[0]!.id;
          p = { role: 'supervisor', name: 'scoped', queues: [queue] };
          screen = wire(
            scopeSnapshot(
              planner.snapshot(() => live.snapshot(now)),
              p,
            ),
          );
        }
        if (rnd() < 0.4) deliver(planner.live(live.view(now), NO_EXTRAS, now));
        if (now >= planner.windowDueAt && rnd() < 0.5) deliver(planner.window(live.view(now), now));
      }
      const end = now + 1_000;
      deliver(planner.live(live.view(end), NO_EXTRAS, end));
      for (let k = 0; k < AGENT_WINDOW_PHASES; k++) deliver(planner.window(live.view(end), end));
      const full = wire(scopeSnapshot(live.snapshot(end), p!));
      expect(wire(screen!)).toEqual({ ...full, seq: screen!.seq });
      expect(named.length).toBeGreaterThan(0);
      // Not vacuous: the floor had agents and queues this supervisor must not see.
      expect(live.snapshot(end).agents.length).toBeGreaterThan(full.agents.length);
      expect(live.snapshot(end).queues.length).toBeGreaterThan(full.queues.length);
    }
  }, 60_000);

  test('the lanes never name the same field, and patches name only what changed', () => {
    const { clients, full } = scenario(7, 800);
    const c = clients[0]!;
    const fields = (p: Patch) =>
      (p.agents ?? []).flatMap((a) =>
        Object.keys(a)
          .filter((k) => k !== 'id')
          .map((k) => WINDOW_FIELDS.has(k)),
      );
    // Whole rows (an agent first seen, or one that changed place) carry both lanes' fields: they come live.
    const windowFields = c.window.flatMap(fields);
    expect(windowFields.length).toBeGreaterThan(0);
    expect(windowFields.every((w) => w)).toBe(true);
    const liveOnly = c.live.flatMap((p) => (p.agents ?? []).filter((a) => !('windows' in a)));
    expect(liveOnly.length).toBeGreaterThan(0);
    for (const a of liveOnly) expect(Object.keys(a).some((k) => WINDOW_FIELDS.has(k))).toBe(false);
    // A live row is much smaller than the whole row the contract's update would send.
    const patchBytes = JSON.stringify(liveOnly).length;
    const rowBytes = JSON.stringify(liveOnly.map((a) => full.agents.find((x) => x.id === a.id))).length;
    expect(patchBytes * 5).toBeLessThan(rowBytes);
  });
});
