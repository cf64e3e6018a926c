// Recorded Asterisk transcripts → AMI mapper → the engine's fold: the wallboard's numbers for a real PBX session.
// Expected values are read off the transcripts (QueueCallerJoin / AgentConnect / QueueCallerAbandon frames).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config.ts';
import { createState, fold, view } from '../../server/engine/index.ts';
import type { MapperOptions } from '../../server/cti/ami/mapper.ts';
import { readTranscript, replayTranscript } from '../asterisk/transcript.ts';

const opts: MapperOptions = {
  agents: {
    'Local/agent1@agents/n': 'alice',
    'Local/agent2@agents/n': 'bob',
    'Local/agent3@agents/n': 'carol',
    'PJSIP/agent1': 'dave',
    'PJSIP/agent2': 'erin',
  },
  queues: {},
  wrapupSec: { support: 3, sales: 2 },
};

const at = (sec: number) => Math.round(sec * 1000);
const sec = (from: number, to: number) => (at(to) - at(from)) / 1000;

function foldTranscript(name: string) {
  const frames = readTranscript(path.join(import.meta.dirname, '../fixtures/ami', `${name}.txt`));
  const { events } = replayTranscript(frames, opts);
  const state = createState(parseConfig({ timezone: 'UTC' }));
  const outcomes = events.map((e) => fold(state, e));
  const now = frames.at(-1)!.rxMs + 60_000;
  const snap = view(state, now);
  const queue = (id: string) => snap.queues.find((q) => q.id === id)!;
  return { state, outcomes, snap, queue };
}

describe('engine fold of mapped AMI events', () => {
  it('scenario2: 4 offered, 3 answered, 1 abandoned (3.5 s: short), ASA from the three waits', () => {
    const { queue, state, outcomes } = foldTranscript('scenario2');
    const w = queue('support').windows.today;
    expect([w.offered, w.answered, w.abandoned, w.abandonedShort]).toEqual([4, 3, 0, 1]);
    const asa =
      (sec(1795903291.328837, 1795903293.33243) +
        sec(1795903291.630055, 1795903294.63396) +
        sec(1795903291.930348, 1795903303.943423)) /
      3;
    expect(w.asaSec).toBeCloseTo(asa, 6);
    // HoldTime 2, 3 and 12 (whole seconds, rounded down) bound the ASA.
    expect(w.asaSec!).toBeGreaterThanOrEqual(17 / 3);
    expect(w.asaSec!).toBeLessThan(20 / 3);
    expect(outcomes.every((o) => o === 'folded')).toBe(true);
    // scenario2 (as given) asks no QueueStatus, so Alice and Bob are never logged in: their first answers are
    // anomalies (an offline agent answering), exactly two of them.
    expect(state.stats.anomalies).toBe(2);
  });

  it('answered: 3 offered and answered, no abandon, all within the 20 s threshold', () => {
    const { queue, state } = foldTranscript('answered');
    const w = queue('support').windows.today;
    expect([w.offered, w.answered, w.answeredWithinSl, w.abandoned + w.abandonedShort]).toEqual([3, 3, 3, 0]);
    const asa =
      (sec(1795903645.513252, 1795903646.514494) +
        sec(1795903645.811367, 1795903648.814712) +
        sec(1795903646.112551, 1795903654.119459)) /
      3;
    expect(w.asaSec).toBeCloseTo(asa, 6);
    expect(state.stats.anomalies).toBe(0);
  });

  it('abandon: one abandon over 5 s and one short; breaks shown as aux until unpaused', () => {
    const { queue, snap, state } = foldTranscript('abandon');
    const w = queue('support').windows.today;
    expect([w.offered, w.answered, w.abandoned, w.abandonedShort]).toEqual([2, 0, 1, 1]);
    expect(w.maxWaitSec).toBeCloseTo(sec(1795903397.02967, 1795903408.541301), 6);
    expect(snap.agents.find((a) => a.id === 'alice')!.state).toBe('available');
    expect(state.stats.anomalies).toBe(0);
  });

  it('transfer: two calls offered in support, answered there and again in sales after their transfers', () => {
    const { queue, state } = foldTranscript('transfer');
    const support = queue('support').windows.today;
    const sales = queue('sales').windows.today;
    expect([support.offered, support.answered]).toEqual([2, 2]);
    expect([sales.offered, sales.answered]).toEqual([2, 2]);
    expect(state.stats.anomalies).toBe(0);
  });

  it('a3: Bob paused, unpaused and paused again within one second shows aux, as Asterisk has him, until unpaused', () => {
    const frames = readTranscript(
      path.join(import.meta.dirname, '../fixtures/ami', 'a3-queuepause-fast-toggle-stays-paused.txt'),
    );
    const { events } = replayTranscript(frames, opts);
    const state = createState(parseConfig({ timezone: 'UTC' }));
    // The transcript starts with Bob logged in long before (LoginTime 1796319737).
    fold(state, { type: 'agent.login', id: 'bob-in', ts: 1796319737_000, agentId: 'bob', queues: ['support'] });
    const statusAt = frames.find((f) => f.msg.event === 'QueueParams')!.rxMs;
    const bob = (now: number) => view(state, now).agents.find((a) => a.id === 'bob')!;
    for (const e of events.filter((x) => x.ts <= statusAt)) expect(fold(state, e), e.id).toBe('folded');
    expect(bob(statusAt)).toMatchObject({ state: 'aux', reason: 'lunch', sinceTs: at(1796320232.502544) });
    for (const e of events.filter((x) => x.ts > statusAt)) fold(state, e);
    expect(bob(statusAt + 5000)).toMatchObject({ state: 'available', sinceTs: at(1796320235.244658) });
    expect(state.stats).toMatchObject({ duplicates: 0, anomalies: 0 });
  });

  it('d2: the hold a sipp agent made is in the AHT, once', () => {
    const { queue, state } = foldTranscript('d2-hold-sipp-reinvite-moh');
    const w = queue('sales').windows.today;
    // answered 377.359860 → ended 391.864554: 14.505 s, of which held 380.364631 → 384.368655: 4.004 s;
    // wrap-up 2 s (sales wrapuptime). AHT = 10.501 talk + 4.004 hold + 2 acw = 16.505 s.
    expect(w.avgHoldSec).toBeCloseTo(4.004, 9);
    expect(w.avgTalkSec).toBeCloseTo(10.501, 9);
    expect(w.ahtSec).toBeCloseTo(16.505, 9);
    // d2 asks no QueueStatus, so Dave is not logged in when he answers: that answer is the only anomaly.
    expect(state.stats.anomalies).toBe(1);
  });

  it('live-mix: the live test’s session, folded: the counts Asterisk reported, the holds, Carol’s missed offer', () => {
    const { queue, snap, state } = foldTranscript('live-mix');
    const support = queue('support').windows.today;
    const sales = queue('sales').windows.today;
    // QueueStatus at the end of the run (QueueParams deltas): support 5 completed, 2 abandoned; sales 3 and 0.
    // The impatient caller (5 s) is a short abandon, Carol's caller (8 s) a counted one.
    expect([support.offered, support.answered, support.abandoned, support.abandonedShort]).toEqual([7, 5, 1, 1]);
    expect([sales.offered, sales.answered, sales.abandoned]).toEqual([3, 3, 0]);
    // Holds of 4.009, 4.009 and 4.004 s (Hold → Unhold Timestamps, in ms).
    expect(sales.avgHoldSec).toBeCloseTo((4009 + 4009 + 4004) / 3 / 1000, 9);
    expect(snap.agents.find((a) => a.id === 'carol')!.windows.today.missed).toBe(1);
    expect(state.stats.anomalies).toBe(0);
  });

  it('midcall: the waiting caller and the rebuilt call both count once', () => {
    const { queue, state } = foldTranscript('midcall');
    const w = queue('support').windows.today;
    expect([w.offered, w.answered, w.abandoned]).toEqual([2, 2, 0]);
    expect(state.stats.anomalies).toBe(0);
  });
});
