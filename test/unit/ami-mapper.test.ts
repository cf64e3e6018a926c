// Recorded AMI transcripts of a real Asterisk 22 (test/fixtures/ami) replayed through the mapper. The expected
// numbers come from reading each transcript's frames (Timestamp, HoldTime, MemberName), noted beside each case.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type EventOf, type FloorEvent, validateEvent } from '../../shared/events.ts';
import { createMapperState, mapFrame, type MapperOptions, normalizeReason, tick } from '../../server/cti/ami/mapper.ts';
import { AmiMessage } from '../../server/cti/ami/protocol.ts';
import { readTranscript, replayTranscript } from '../asterisk/transcript.ts';

const fixture = (name: string) => readTranscript(path.join(import.meta.dirname, '../fixtures/ami', `${name}.txt`));

const opts: MapperOptions = {
  agents: {
    'Local/agent1@agents/n': 'alice',
    'Local/agent2@agents/n': 'bob',
    'Local/agent3@agents/n': 'carol',
    'PJSIP/agent1': 'dave',
    'PJSIP/agent2': 'erin',
  },
  queues: {},
  // queues.conf of /work/shared/asterisk: support wrapuptime = 3, sales wrapuptime = 2
  wrapupSec: { support: 3, sales: 2 },
};

const FIXTURES = [
  'scenario2',
  'answered',
  'abandon',
  'members',
  'midcall',
  'midcall.before',
  'transfer',
  'handwritten-edge-cases',
  // recorded beside the supervisor probes (copied from shared/asterisk/transcripts)
  'a-queuepause',
  'a3-queuepause-fast-toggle-stays-paused',
  'c-queueadd-remove',
  'd2-hold-sipp-reinvite-moh',
  // recorded by scripts/asterisk-record.sh (hold, pause-toggle) and by the live test (live-mix)
  'hold',
  'pause-toggle',
  'live-mix',
];

function ofType<K extends FloorEvent['type']>(events: FloorEvent[], type: K): EventOf<K>[] {
  return events.filter((e): e is EventOf<K> => e.type === type);
}

/** Seconds between a call's offer and its answer, as the server will compute them. */
function waits(events: FloorEvent[]): Record<string, number> {
  const offered = new Map(ofType(events, 'call.offered').map((e) => [e.callId, e.ts]));
  return Object.fromEntries(
    ofType(events, 'call.answered').map((e) => [`${e.callId}@${e.agentId}`, (e.ts - offered.get(e.callId)!) / 1000]),
  );
}

const at = (sec: number) => Math.round(sec * 1000);
/** Seconds from one AMI Timestamp to another, at the millisecond precision of contract events. */
const sec = (from: number, to: number) => (at(to) - at(from)) / 1000;

describe.each(FIXTURES)('every transcript: %s', (name) => {
  const frames = fixture(name);
  const run = replayTranscript(frames, opts);

  it('maps to events that all pass the contract', () => {
    expect(run.events.length).toBeGreaterThan(0);
    for (const e of run.events) expect(validateEvent(e)).toEqual({ ok: true, event: e });
  });

  it('never gives two events one id (the server would drop the second)', () => {
    const ids = run.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives identical events, ids included, on a second replay', () => {
    expect(replayTranscript(frames, opts).events).toEqual(run.events);
  });
});

describe('scenario2: four callers, one impatient; Carol added, paused for lunch, unpaused, removed', () => {
  const { events } = replayTranscript(fixture('scenario2'), opts);

  it('offers four calls to support and answers three, Alice one and Bob two', () => {
    expect(ofType(events, 'call.offered').map((e) => [e.callId, e.queueId])).toEqual([
      ['1795903290.1', 'support'],
      ['1795903291.3', 'support'],
      ['1795903291.7', 'support'],
      ['1795903291.9', 'support'],
    ]);
    expect(ofType(events, 'call.answered').map((e) => [e.callId, e.agentId])).toEqual([
      ['1795903290.1', 'alice'],
      ['1795903291.3', 'bob'],
      ['1795903291.7', 'bob'],
    ]);
  });

  it('gives waits that agree with HoldTime (whole seconds, rounded down)', () => {
    // join → AgentConnect Timestamps of each caller
    const w = waits(events);
    expect(w['1795903290.1@alice']).toBe(sec(1795903291.328837, 1795903293.33243));
    expect(w['1795903291.3@bob']).toBe(sec(1795903291.630055, 1795903294.63396));
    expect(w['1795903291.7@bob']).toBe(sec(1795903291.930348, 1795903303.943423));
    const holdTimes = { '1795903290.1@alice': 2, '1795903291.3@bob': 3, '1795903291.7@bob': 12 };
    for (const [k, hold] of Object.entries(holdTimes)) {
      expect(w[k]).toBeGreaterThanOrEqual(hold);
      expect(w[k]).toBeLessThan(hold + 1);
    }
  });

  it('abandons the impatient caller after 3.5 s (HoldTime 3)', () => {
    const [ab] = ofType(events, 'call.abandoned');
    expect(ab!.callId).toBe('1795903291.9');
    expect(ab!.ts - ofType(events, 'call.offered')[3]!.ts).toBe(sec(1795903292.230932, 1795903295.734567) * 1000);
  });

  it('ends each answered call at AgentComplete and ends wrap-up 3 s later', () => {
    expect(ofType(events, 'call.ended').map((e) => [e.callId, e.ts])).toEqual([
      ['1795903291.3', at(1795903299.136726)],
      ['1795903290.1', at(1795903300.838201)],
      ['1795903291.7', at(1795903307.449474)],
    ]);
    expect(ofType(events, 'call.wrapup').map((e) => [e.callId, e.agentId, e.ts])).toEqual([
      ['1795903291.3', 'bob', at(1795903299.136726) + 3000],
      ['1795903290.1', 'alice', at(1795903300.838201) + 3000],
      ['1795903291.7', 'bob', at(1795903307.449474) + 3000],
    ]);
  });

  it('logs Carol in and out, with the lunch pause and the unpause in between', () => {
    const carol = events.filter(
      (e) => 'agentId' in e && e.agentId === 'carol' && e.type.startsWith('agent.') && e.type !== 'agent.missed',
    );
    expect(
      carol.map((e) => [e.type, 'state' in e ? e.state : undefined, 'reason' in e ? e.reason : undefined]),
    ).toEqual([
      ['agent.login', 'available', undefined],
      ['agent.state', 'aux', 'lunch'],
      ['agent.state', 'available', undefined],
      ['agent.logout', undefined, undefined],
    ]);
    expect(ofType(events, 'agent.login')[0]).toMatchObject({ name: 'Carol', queues: ['support'] });
  });

  it('reports Carol’s ring-no-answer as agent.missed, RingTime in ms (6000 ms at 1795903300.939031)', () => {
    expect(ofType(events, 'agent.missed')).toEqual([
      {
        type: 'agent.missed',
        id: 'ami:1795903291.7:missed:carol:1795903300.939031',
        ts: at(1795903300.939031),
        agentId: 'carol',
        callId: '1795903291.7',
        queueId: 'support',
        ringMs: 6000,
      },
    ]);
  });
});

describe('answered: Ann, Ben (hangs up while talking) and Cat; QueueStatus first', () => {
  const { events } = replayTranscript(fixture('answered'), opts);

  it('logs in the members QueueStatus lists, with their queues', () => {
    expect(ofType(events, 'agent.login').map((e) => [e.agentId, e.name, e.queues])).toEqual([
      ['alice', 'Alice', ['support']],
      ['bob', 'Bob', ['support']],
      ['dave', 'Dave', ['sales']],
      ['erin', 'Erin', ['sales']],
    ]);
  });

  it('answers all three with waits matching HoldTime 1, 3 and 8', () => {
    const w = waits(events);
    expect(Object.keys(w)).toEqual(['1795903645.73@bob', '1795903645.75@alice', '1795903645.79@alice']);
    expect(w['1795903645.73@bob']).toBe(sec(1795903645.513252, 1795903646.514494));
    expect(w['1795903645.75@alice']).toBe(sec(1795903645.811367, 1795903648.814712));
    expect(w['1795903645.79@alice']).toBe(sec(1795903646.112551, 1795903654.119459));
    expect(ofType(events, 'call.abandoned')).toEqual([]);
  });

  it('ends Alice’s wrap-up when she is rung for the next call, before her 3 s are up', () => {
    // Ben's call ended at 49.312989; Alice was rung for Cat (AgentCalled) at 52.117076, 2.8 s later.
    const wrap = ofType(events, 'call.wrapup').find((e) => e.callId === '1795903645.75')!;
    expect(wrap.ts).toBe(at(1795903652.117076));
  });
});

describe('abandon: both agents paused, callers give up after ~11.5 s and ~2.5 s', () => {
  const { events } = replayTranscript(fixture('abandon'), opts);

  it('abandons both calls with the waits the frames show', () => {
    const offered = new Map(ofType(events, 'call.offered').map((e) => [e.callId, e.ts]));
    const waited = ofType(events, 'call.abandoned').map((e) => [e.callId, e.ts - offered.get(e.callId)!]);
    // HoldTime 2 (a short abandon) and HoldTime 11
    expect(waited).toEqual([
      ['1795903396.31', sec(1795903397.329966, 1795903399.831658) * 1000],
      ['1795903396.29', sec(1795903397.02967, 1795903408.541301) * 1000],
    ]);
    expect(waited.map(([, ms]) => Math.floor((ms as number) / 1000))).toEqual([2, 11]);
  });

  it('maps "Coffee Break" to break and "Team meeting" to meeting, then both back to available', () => {
    expect(ofType(events, 'agent.state').map((e) => [e.agentId, e.state, e.reason])).toEqual([
      ['alice', 'aux', 'break'],
      ['bob', 'aux', 'meeting'],
      ['alice', 'available', undefined],
      ['bob', 'available', undefined],
    ]);
  });
});

describe('members: Carol added and rung twice without answer, Bob unpaused and answers, Carol removed', () => {
  const { events } = replayTranscript(fixture('members'), opts);

  it('keeps an unknown reason lower-cased and maps "training"', () => {
    expect(
      ofType(events, 'agent.state')
        .filter((e) => e.state === 'aux')
        .map((e) => [e.agentId, e.reason]),
    ).toEqual([
      ['alice', 'paperwork'],
      ['bob', 'training'],
    ]);
  });

  it('reports Carol’s two ring-no-answers for the same call, each with its own id, and answers with Bob after 15 s', () => {
    expect(ofType(events, 'agent.missed').map((e) => [e.id, e.agentId, e.callId, e.ringMs, e.ts])).toEqual([
      ['ami:1795903415.33:missed:carol:1795903421.915346', 'carol', '1795903415.33', 6000, at(1795903421.915346)],
      ['ami:1795903415.33:missed:carol:1795903428.922119', 'carol', '1795903415.33', 6000, at(1795903428.922119)],
    ]);
    expect(waits(events)).toEqual({ '1795903415.33@bob': sec(1795903415.911633, 1795903430.925808) });
  });

  it('logs Carol in and out', () => {
    expect(
      events
        .filter((e) => e.type === 'agent.login' || e.type === 'agent.logout')
        .map((e) => [e.type, 'agentId' in e && e.agentId])
        .slice(-2),
    ).toEqual([
      ['agent.login', 'carol'],
      ['agent.logout', 'carol'],
    ]);
  });
});

describe('transfer: a BlindTransfer and a Redirect from support to sales (real sipp phones answer)', () => {
  const { events, notes } = replayTranscript(fixture('transfer'), opts);

  it('offers each call once, transfers both to sales, and answers them there', () => {
    expect(ofType(events, 'call.offered').map((e) => e.callId)).toEqual(['1795903615.63', '1795903620.68']);
    expect(ofType(events, 'call.transferred').map((e) => [e.callId, e.toQueueId, e.ts])).toEqual([
      ['1795903615.63', 'sales', at(1795903618.440396)], // BlindTransfer
      ['1795903620.68', 'sales', at(1795903623.949726)], // Redirect: the caller's join of sales
    ]);
    expect(ofType(events, 'call.answered').map((e) => [e.callId, e.agentId])).toEqual([
      ['1795903615.63', 'bob'],
      ['1795903615.63', 'dave'],
      ['1795903620.68', 'alice'],
      ['1795903620.68', 'erin'],
    ]);
  });

  it('puts the transferring agent in wrap-up from the transfer, and ignores the late AgentComplete of a Redirect', () => {
    expect(ofType(events, 'call.wrapup').map((e) => [e.agentId, e.ts])).toEqual([
      ['bob', at(1795903618.440396) + 3000],
      ['alice', at(1795903623.949726) + 3000],
      ['dave', at(1795903631.949348) + 2000],
      ['erin', at(1795903634.452614) + 2000],
    ]);
    expect(ofType(events, 'call.ended').map((e) => e.callId)).toEqual(['1795903615.63', '1795903620.68']);
    expect(notes).toContain('late AgentComplete of Local/agent1@agents/n for closed call 1795903620.68');
  });
});

describe('midcall: the adapter logs in while Alice talks, a caller waits and Bob is paused for lunch', () => {
  const frames = fixture('midcall');
  const { events } = replayTranscript(frames, opts);
  const statusRx = frames.find((f) => f.msg.event === 'QueueEntry')!.rxMs;

  it('offers the waiting caller at now − Wait (Wait: 2)', () => {
    const offer = ofType(events, 'call.offered').find((e) => e.callId === '1795903975.5')!;
    expect(offer.ts).toBe(statusRx - 2000);
  });

  it('logs Bob in as aux/lunch', () => {
    expect(ofType(events, 'agent.login').find((e) => e.agentId === 'bob')).toMatchObject({
      state: 'aux',
      reason: 'lunch',
    });
  });

  it('rebuilds the call Alice was on from its AgentComplete (HoldTime 2, TalkTime 9)', () => {
    const ended = at(1795903984.077);
    const call = events.filter((e) => 'callId' in e && e.callId === '1795903973.1');
    expect(call.map((e) => [e.type, e.ts])).toEqual([
      ['call.offered', ended - 11_000],
      ['call.answered', ended - 9_000],
      ['call.ended', ended],
      ['call.wrapup', ended + 3000],
    ]);
  });

  it('emits, after the restart, the ids the adapter that ran all along emitted', () => {
    const before = replayTranscript(fixture('midcall.before'), opts).events;
    const earlier = new Map(before.map((e) => [e.id, e]));
    // Bob's unpause (7 s after his pause) comes after the restart, under the LastPause second QueueStatus reported:
    // the restarted adapter cannot know what that second already sent, so it gives the change its Timestamp.
    const stamped = 'ami:bob:available:1795903972:1795903979.076530';
    expect(events.map((e) => e.id)).toContain(stamped);
    for (const e of events) {
      const id = e.id === stamped ? 'ami:bob:available:1795903972' : e.id;
      expect(earlier.has(id), e.id).toBe(true);
      // Same kind of event about the same call or agent (a login repeats with the state of its moment, which the
      // server drops with the repeat); rebuilt call events are less than a second off the originals.
      const e0 = earlier.get(id)!;
      const who = (x: FloorEvent) => [
        x.type,
        'callId' in x ? x.callId : undefined,
        'agentId' in x ? x.agentId : undefined,
      ];
      expect(who(e)).toEqual(who(e0));
      if (e.type.startsWith('call.')) expect(Math.abs(e.ts - e0.ts)).toBeLessThan(1000);
    }
  });
});

describe('hand-written edge cases (not recorded; see the file header)', () => {
  const { events } = replayTranscript(fixture('handwritten-edge-cases'), opts);
  const callA = '1795910000.1';
  const callB = '1795910000.3';

  it('ends an attended transfer that joins no queue at the transfer, and Alice’s wrap-up 3 s after it', () => {
    const a = events.filter((e) => 'callId' in e && e.callId === callA);
    expect(a.map((e) => [e.type, e.ts - at(1795910000)])).toEqual([
      ['call.offered', 100],
      ['call.answered', 4100],
      ['call.ended', 10_000],
      ['call.wrapup', 13_000],
    ]);
    expect(ofType(events, 'call.transferred')).toEqual([]);
  });

  it('finds the call of an AgentComplete without Uniqueid through its member', () => {
    const b = events.filter((e) => 'callId' in e && e.callId === callB);
    expect(b.map((e) => [e.type, e.ts - at(1795910000)])).toEqual([
      ['call.offered', 200],
      ['call.answered', 2200],
      ['call.ended', 11_000],
      ['call.wrapup', 14_000],
    ]);
  });

  it('puts Bob in aux while his device is unavailable (Status 5) and back when it is not in use (1)', () => {
    expect(ofType(events, 'agent.state').map((e) => [e.agentId, e.state, e.reason, e.ts - at(1795910000)])).toEqual([
      ['bob', 'aux', 'unavailable', 12_000],
      ['bob', 'available', undefined, 40_000],
    ]);
  });
});

describe('reconnecting: QueueStatus after a gap in which AgentCompletes were missed', () => {
  const T = 1795950000;
  const alice = { Interface: 'Local/agent1@agents/n', MemberName: 'Alice', Queue: 'support' };
  const before: Array<Record<string, string>> = [
    {
      Event: 'QueueMemberAdded',
      Timestamp: `${T}`,
      ...alice,
      LoginTime: `${T}`,
      Paused: '0',
      LastPause: '0',
      Status: '1',
    },
    {
      Event: 'QueueMemberAdded',
      Timestamp: `${T}`,
      Queue: 'support',
      MemberName: 'Bob',
      Interface: 'Local/agent2@agents/n',
      LoginTime: `${T}`,
      Paused: '0',
      LastPause: '0',
      Status: '1',
    },
    { Event: 'QueueCallerJoin', Timestamp: `${T + 1}`, Queue: 'support', Uniqueid: 'u1' },
    { Event: 'QueueCallerJoin', Timestamp: `${T + 2}`, Queue: 'support', Uniqueid: 'u2' },
    { Event: 'AgentConnect', Timestamp: `${T + 3}`, Uniqueid: 'u1', ...alice, HoldTime: '2' },
  ];
  /** QueueStatus at T+60: only Alice is listed (Bob left the queue), no caller waits. */
  const status = (aliceInCall: '0' | '1'): Array<Record<string, string>> => [
    { Response: 'Success', EventList: 'start' },
    { Event: 'QueueParams', Queue: 'support' },
    {
      Event: 'QueueMember',
      Queue: 'support',
      Name: 'Alice',
      Location: alice.Interface,
      LoginTime: `${T}`,
      InCall: aliceInCall,
      Status: '1',
      Paused: '0',
      LastPause: '0',
    },
    { Event: 'QueueStatusComplete', EventList: 'Complete' },
  ];

  function feed(frames: Array<Record<string, string>>) {
    let state = createMapperState();
    const out: FloorEvent[] = [];
    for (const fields of frames) {
      const msg = AmiMessage.from(fields);
      const r = mapFrame(state, msg, opts, msg.timestampMs ?? (T + 60) * 1000);
      state = r.state;
      out.push(...r.events);
    }
    out.push(...tick(state, opts, (T + 200) * 1000).events);
    return out;
  }
  const summary = (events: FloorEvent[]) =>
    events
      .filter((e) => e.ts >= (T + 4) * 1000)
      .map((e) => [e.type, 'callId' in e ? e.callId : (e as { agentId: string }).agentId, e.ts / 1000 - T]);

  it('ends a talk that QueueStatus shows over (InCall 0) at the reconnect, and logs out the member it no longer lists', () => {
    expect(summary(feed([...before, ...status('0')]))).toEqual([
      ['call.ended', 'u1', 60],
      ['agent.logout', 'bob', 60],
      ['call.wrapup', 'u1', 63],
    ]);
  });

  it('rebuilds an answer made during the gap from the AgentComplete that follows, ending the talk before it', () => {
    // u2 (not listed: it left the queue unseen) was answered by Alice at T+25 after 23 s and ended at T+100.
    const complete = {
      Event: 'AgentComplete',
      Timestamp: `${T + 100}`,
      Uniqueid: 'u2',
      ...alice,
      HoldTime: '23',
      TalkTime: '75',
      Reason: 'agent',
    };
    expect(summary(feed([...before, ...status('1'), complete]))).toEqual([
      ['agent.logout', 'bob', 60],
      ['call.ended', 'u1', 25],
      ['call.wrapup', 'u1', 25],
      ['call.answered', 'u2', 25],
      ['call.ended', 'u2', 100],
      ['call.wrapup', 'u2', 103],
    ]);
  });
});

describe('normalizeReason', () => {
  it.each([
    ['Lunch', 'lunch'],
    ['Coffee Break', 'break'],
    ['Team meeting', 'meeting'],
    ['TRAINING', 'training'],
    ['Coaching session', 'coaching'],
    ['Paperwork', 'paperwork'],
    ['  ', undefined],
    [undefined, undefined],
  ])('%s → %s', (raw, want) => expect(normalizeReason(raw)).toBe(want));
});
