// agent.missed (an extension): offers an agent let ring out, counted per agent and team in today / 60m / 15m.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config.ts';
import { validateEvent, type FloorEvent } from '../../shared/events.ts';
import { createState, fold, view } from '../../server/engine/index.ts';
import { eventFactory } from '../helpers/events.ts';

// 10:00:00 in Shanghai (UTC+8), on a minute boundary.
const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);
const at = (sec: number) => T0 + sec * 1000;

function run(events: FloorEvent[]) {
  const state = createState(parseConfig({ timezone: 'Asia/Shanghai' }));
  for (const e of events) fold(state, e);
  return state;
}

describe('agent.missed', () => {
  /**
   * a1 and a2 (team t1) log in at T0 to sales. Now = T0 + 70 min 30 s: the current minute is 70, 15m covers minutes
   * 56…70 and 60m covers 11…70.
   * a1 misses offers at minute 5 (today only), 30 (today, 60m) and 60 (all three windows): 3 / 2 / 1.
   * a2 misses one at minute 58 (all three) and then answers that call: 1 / 1 / 1.
   * Team t1: 4 / 3 / 2. Nothing changes state: a1 stays available, a2 talks from minute 58 on.
   */
  const ev = eventFactory(T0);
  const now = at(70 * 60 + 30);
  const events = [
    ev('agent.login', 0, { agentId: 'a1', teamId: 't1', queues: ['sales'] }),
    ev('agent.login', 0, { agentId: 'a2', teamId: 't1', queues: ['sales'] }),
    ev('call.offered', 5 * 60 - 10, { callId: 'c1', queueId: 'sales' }),
    ev('agent.missed', 5 * 60, { agentId: 'a1', callId: 'c1', queueId: 'sales', ringMs: 6000 }),
    ev('call.abandoned', 5 * 60 + 5, { callId: 'c1' }),
    ev('agent.missed', 30 * 60, { agentId: 'a1', callId: 'c2', ringMs: 15_000 }),
    ev('call.offered', 58 * 60 - 6, { callId: 'c4', queueId: 'sales' }),
    ev('agent.missed', 58 * 60, { agentId: 'a2', callId: 'c4', queueId: 'sales', ringMs: 6000 }),
    ev('call.answered', 58 * 60 + 2, { callId: 'c4', agentId: 'a2' }),
    ev('agent.missed', 60 * 60, { agentId: 'a1', callId: 'c3', queueId: 'sales', ringMs: 0 }),
  ];

  it('is a contract event: ringMs is a whole number of ms, queueId optional', () => {
    for (const e of events.filter((x) => x.type === 'agent.missed')) expect(validateEvent(e).ok).toBe(true);
    const base = { id: 'm', type: 'agent.missed', ts: T0, agentId: 'a1', callId: 'c1' };
    expect(validateEvent({ ...base, ringMs: 1.5 }).ok).toBe(false);
    expect(validateEvent({ ...base, ringMs: -1 }).ok).toBe(false);
    expect(validateEvent(base)).toMatchObject({ ok: false, reason: expect.stringContaining('ringMs') });
  });

  it('counts per agent and team in each window', () => {
    const v = view(run(events), now);
    const missed = (w: { today: { missed: number }; '60m': { missed: number }; '15m': { missed: number } }) => [
      w.today.missed,
      w['60m'].missed,
      w['15m'].missed,
    ];
    expect(missed(v.agents.find((a) => a.id === 'a1')!.windows)).toEqual([3, 2, 1]);
    expect(missed(v.agents.find((a) => a.id === 'a2')!.windows)).toEqual([1, 1, 1]);
    expect(missed(v.teams.find((t) => t.id === 't1')!.windows)).toEqual([4, 3, 2]);
  });

  it('changes no state and counts no anomaly for a logged-in agent; an offline one is an anomaly, still counted', () => {
    const state = run(events);
    const v = view(state, now);
    expect(v.agents.find((a) => a.id === 'a1')).toMatchObject({ state: 'available', sinceTs: T0 });
    expect(v.agents.find((a) => a.id === 'a2')).toMatchObject({ state: 'talking', sinceTs: at(58 * 60 + 2) });
    expect(state.stats.anomalies).toBe(0);
    const late = run([...events, ev('agent.missed', 70 * 60, { agentId: 'ghost', callId: 'c9', ringMs: 1000 })]);
    expect(late.stats.anomalies).toBe(1);
    expect(view(late, now).agents.find((a) => a.id === 'ghost')!.windows.today.missed).toBe(1);
  });
});
