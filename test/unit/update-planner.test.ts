// When updates are due and which agents they carry, stepping the planner through 250-ms ticks as the hub does.
import { expect, it } from 'vitest';
import { parseConfig } from '../../shared/config.ts';
import { createState, fold, view } from '../../server/engine/index.ts';
import { UpdatePlanner } from '../../server/realtime/updates.ts';
import { eventFactory } from '../helpers/events.ts';

const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);
const ev = eventFactory(T0);
const ids = (n: number) => Array.from({ length: n }, (_, i) => `a${String(i).padStart(2, '0')}`);

/** Runs the hub's loop from T0 for `ms`, folding each event at its time; returns what each update carried. */
function run(ms: number, events: { at: number; event: ReturnType<typeof ev> }[]) {
  const state = createState(parseConfig({ timezone: 'Asia/Shanghai' }));
  for (const a of ids(40)) fold(state, ev('agent.login', -60, { agentId: a, queues: ['sales'] }));
  const planner = new UpdatePlanner();
  const updates: { at: number; agents: string[] }[] = [];
  for (let now = T0; now <= T0 + ms; now += 250) {
    for (const e of events) if (e.at > now - 250 && e.at <= now) fold(state, e.event);
    if (!planner.isDue(state, now)) continue;
    const u = planner.plan(state, view(state, now), now);
    updates.push({ at: now - T0, agents: (u.agents ?? []).map((a) => a.id).sort() });
  }
  return updates;
}

/** Agents whose index modulo 20 is in [from, to]: first copies are back-dated by (index mod 20) × 200 ms. */
const group = (from: number, to: number) => ids(40).filter((_, i) => i % 20 >= from && i % 20 <= to);

it('refreshes go out once a second, a quarter of the floor each, every copy 4 s old', () => {
  const updates = run(9_000, []);
  // First copies are due again 4 s after their back-dated time: those back-dated 3 s or more at the first
  // refresh (1 s), and so on; from then on each group comes back every 4 s.
  expect(updates).toEqual([
    { at: 0, agents: ids(40) },
    { at: 1_000, agents: group(15, 19) },
    { at: 2_000, agents: group(10, 14) },
    { at: 3_000, agents: group(5, 9) },
    { at: 4_000, agents: group(0, 4) },
    { at: 5_000, agents: group(15, 19) },
    { at: 6_000, agents: group(10, 14) },
    { at: 7_000, agents: group(5, 9) },
    { at: 8_000, agents: group(0, 4) },
    { at: 9_000, agents: group(15, 19) },
  ]);
});

it('an event goes out 250 ms after the last update at the latest; refreshes then resume a second later', () => {
  const updates = run(8_000, [
    { at: T0 + 5_100, event: ev('agent.state', 5.1, { agentId: 'a00', state: 'aux', reason: 'break' }) },
  ]);
  expect(updates.slice(5)).toEqual([
    { at: 5_000, agents: group(15, 19) },
    { at: 5_250, agents: ['a00'] },
    // Group 10–14, last sent at 2 s, is due at 6 s, but a refresh waits a second after the event's update.
    { at: 6_250, agents: group(10, 14) },
    { at: 7_250, agents: group(5, 9) },
  ]);
});

it('the heartbeat: with nothing to refresh, an update every 5 s', () => {
  const state = createState(parseConfig({ timezone: 'Asia/Shanghai' }));
  const planner = new UpdatePlanner();
  const due: number[] = [];
  for (let now = T0; now <= T0 + 11_000; now += 250) {
    if (planner.isDue(state, now)) {
      planner.plan(state, view(state, now), now);
      due.push(now - T0);
    }
  }
  expect(due).toEqual([0, 5_000, 10_000]);
});
