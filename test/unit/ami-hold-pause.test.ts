// The AMI mapper on what a real Asterisk 22.10.1 showed beside the queue events: a pause toggled within one second
// (LastPause is whole seconds), and hold seen from both legs (Hold/Unhold on the agent's channel, MusicOnHoldStart/
// Stop on the caller's). Expected values are read off the transcripts in test/fixtures/ami (Timestamp fields).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FloorEvent } from '../../shared/events.ts';
import { createMapperState, mapFrame, type MapperOptions, tick } from '../../server/cti/ami/mapper.ts';
import { AmiMessage } from '../../server/cti/ami/protocol.ts';
import { readTranscript, replayTranscript } from '../asterisk/transcript.ts';

const fixture = (name: string) => readTranscript(path.join(import.meta.dirname, '../fixtures/ami', `${name}.txt`));
const at = (sec: number) => Math.round(sec * 1000);

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

const brief = (events: FloorEvent[]) =>
  events.map((e) => [e.type, e.id, e.ts, ...('state' in e ? [e.state] : [])] as const);

describe('pause → unpause → pause within one second (a3: LastPause stays 1796320232)', () => {
  const frames = fixture('a3-queuepause-fast-toggle-stays-paused');
  const live = replayTranscript(frames, opts).events;

  it('gives each of the four QueueMemberPause frames its own event; repeats within the second carry the Timestamp', () => {
    expect(brief(live)).toEqual([
      ['agent.state', 'ami:bob:aux:1796320232', at(1796320232.200708), 'aux'],
      ['agent.state', 'ami:bob:available:1796320232', at(1796320232.351573), 'available'],
      ['agent.state', 'ami:bob:aux:1796320232:1796320232.502544', at(1796320232.502544), 'aux'],
      // the probe's own QueueStatus (Paused: 1) changes nothing; the unpause at 35.244658 does
      ['agent.state', 'ami:bob:available:1796320232:1796320235.244658', at(1796320235.244658), 'available'],
    ]);
  });

  it('after a restart during the pause, re-emits the id already sent and gives the later unpause the same id', () => {
    // A fresh mapper that connects at the probe's QueueStatus (Bob paused, LastPause 1796320232) and lives on.
    const fromStatus = frames.findIndex((f) => f.msg.event === 'QueueParams');
    const restarted = replayTranscript(frames.slice(fromStatus), opts).events;
    expect(brief(restarted)).toEqual([
      ['agent.login', 'ami:bob:login:support:1796319737', frames[fromStatus]!.rxMs, 'aux'],
      ['agent.state', 'ami:bob:aux:1796320232', frames[fromStatus]!.rxMs, 'aux'],
      ['agent.state', 'ami:bob:available:1796320232:1796320235.244658', at(1796320235.244658), 'available'],
    ]);
    const liveIds = new Set(live.map((e) => e.id));
    expect(restarted.filter((e) => e.type === 'agent.state').every((e) => liveIds.has(e.id))).toBe(true);
  });

  it('after a restart once it is unpaused, re-emits the first unpause’s id, which the server already has', () => {
    // QueueStatus after the last unpause: Paused 0, LastPause unchanged.
    const status = frames.filter((f) =>
      ['QueueParams', 'QueueMember', 'QueueStatusComplete'].includes(f.msg.event ?? ''),
    );
    const unpaused = status.map((f) =>
      f.msg.event === 'QueueMember' ? { ...f, msg: withFields(f.msg, { Paused: '0', PausedReason: '' }) } : f,
    );
    const restarted = replayTranscript(unpaused, opts).events.filter((e) => e.type === 'agent.state');
    expect(restarted.map((e) => e.id)).toEqual(['ami:bob:available:1796320232']);
    expect(live.map((e) => e.id)).toContain('ami:bob:available:1796320232');
  });
});

function withFields(msg: AmiMessage, fields: Record<string, string>): AmiMessage {
  return new AmiMessage(msg.pairs.map(([k, v]) => [k, Object.hasOwn(fields, k) ? fields[k]! : v] as const));
}

describe('hold (d2: a sipp agent re-INVITEs with a=sendonly, 3 s into the call, for 4 s)', () => {
  const { events } = replayTranscript(fixture('d2-hold-sipp-reinvite-moh'), opts);

  it('holds once at Hold and retrieves once at Unhold, though MusicOnHoldStart/Stop follow each', () => {
    const hold = events.filter((e) => e.type === 'call.held' || e.type === 'call.retrieved');
    expect(brief(hold)).toEqual([
      ['call.held', 'ami:1796320376.0:held:1796320380.364631', at(1796320380.364631)],
      ['call.retrieved', 'ami:1796320376.0:retrieved:1796320384.368655', at(1796320384.368655)],
    ]);
  });

  it('keeps the call’s order: offered, answered, held, retrieved, ended, wrap-up 2 s later', () => {
    expect(events.map((e) => [e.type, e.ts])).toEqual([
      ['call.offered', at(1796320377.355854)],
      ['call.answered', at(1796320377.35986)],
      ['call.held', at(1796320380.364631)],
      ['call.retrieved', at(1796320384.368655)],
      ['call.ended', at(1796320391.864554)],
      ['call.wrapup', at(1796320391.864554) + 2000],
    ]);
  });
});

describe('hold, frame by frame', () => {
  const T = 1795960000;
  const caller = { Channel: 'Local/support@callers-00000001;2', Uniqueid: 'u1', Linkedid: 'l1' };
  const call: Array<Record<string, string>> = [
    { Event: 'QueueCallerJoin', Timestamp: `${T}.000001`, ...caller, Queue: 'support' },
    {
      Event: 'AgentConnect',
      Timestamp: `${T + 2}.000001`,
      ...caller,
      DestChannel: 'Local/agent1@agents-00000002;1',
      DestUniqueid: 'a1',
      Queue: 'support',
      Interface: 'Local/agent1@agents/n',
      MemberName: 'Alice',
      HoldTime: '2',
    },
  ];
  const frame = (event: string, sec: number, who: Record<string, string>) => ({
    Event: event,
    Timestamp: `${T + sec}.000001`,
    ...who,
  });
  // The agent's phone behind the Local member: a channel the queue never named, with the caller's Linkedid.
  const phone = { Channel: 'PJSIP/alice-00000003', Uniqueid: 'p1', Linkedid: 'l1' };

  function feed(frames: Array<Record<string, string>>): FloorEvent[] {
    let state = createMapperState();
    const out: FloorEvent[] = [];
    for (const fields of frames) {
      const r = mapFrame(state, AmiMessage.from(fields), opts, 0);
      state = r.state;
      out.push(...r.events);
    }
    out.push(...tick(state, opts, (T + 600) * 1000).events);
    return out;
  }
  const holds = (events: FloorEvent[]) =>
    events.filter((e) => e.type === 'call.held' || e.type === 'call.retrieved').map((e) => [e.type, e.ts / 1000 - T]);

  it('finds the call of a Hold on a channel it never saw through its Linkedid', () => {
    expect(holds(feed([...call, frame('Hold', 5, phone), frame('Unhold', 9, phone)]))).toEqual([
      ['call.held', 5],
      ['call.retrieved', 9],
    ]);
  });

  it('takes music on hold alone as hold, and counts Hold + MusicOnHold in either order once', () => {
    expect(holds(feed([...call, frame('MusicOnHoldStart', 5, caller), frame('MusicOnHoldStop', 8, caller)]))).toEqual([
      ['call.held', 5],
      ['call.retrieved', 8],
    ]);
    const mixed = [
      frame('MusicOnHoldStart', 5, caller),
      frame('Hold', 5.001, phone),
      frame('MusicOnHoldStop', 8, caller),
      frame('Unhold', 8.001, phone),
      frame('Hold', 20, phone),
      frame('MusicOnHoldStart', 20.001, caller),
      frame('Unhold', 30, phone),
      frame('MusicOnHoldStop', 30.001, caller),
    ];
    const events = feed([...call, ...mixed]);
    expect(holds(events)).toEqual([
      ['call.held', 5],
      ['call.retrieved', 8],
      ['call.held', 20],
      ['call.retrieved', 30],
    ]);
    const ids = events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('ignores hold events of calls that are not talking: a caller waiting, a call already ended, an unknown channel', () => {
    const waiting = [call[0]!, frame('MusicOnHoldStart', 1, caller), frame('MusicOnHoldStop', 1.5, caller)];
    expect(holds(feed(waiting))).toEqual([]);
    const complete = frame('AgentComplete', 10, {
      ...caller,
      Queue: 'support',
      Interface: 'Local/agent1@agents/n',
      TalkTime: '8',
      HoldTime: '2',
      Reason: 'agent',
    });
    expect(holds(feed([...call, complete, frame('Hold', 11, phone)]))).toEqual([]);
    expect(
      holds(feed([...call, frame('Hold', 5, { Channel: 'PJSIP/x-1', Uniqueid: 'x1', Linkedid: 'other' })])),
    ).toEqual([]);
  });
});

describe('hold.txt (asterisk-record.sh hold): two SIP calls, each held by its phone 3 s in, for 4 s', () => {
  const { events } = replayTranscript(fixture('hold'), opts);

  it('holds Erin’s call and then Dave’s once each, at their Hold and Unhold', () => {
    const hold = events.filter((e) => e.type === 'call.held' || e.type === 'call.retrieved');
    expect(hold.map((e) => [e.type, 'callId' in e && e.callId, e.ts])).toEqual([
      ['call.held', '1796324043.77', at(1796324047.229142)],
      ['call.retrieved', '1796324043.77', at(1796324051.233911)],
      ['call.held', '1796324053.79', at(1796324057.333409)],
      ['call.retrieved', '1796324053.79', at(1796324061.33749)],
    ]);
  });
});

describe('pause-toggle.txt (asterisk-record.sh pause-toggle): Bob paused, unpaused, paused within 0.3 ms', () => {
  const { events } = replayTranscript(fixture('pause-toggle'), opts);

  it('sends all three and the unpause 2.5 s later, each with its own id', () => {
    const bob = events.filter((e) => e.type === 'agent.state' && e.agentId === 'bob').slice(1); // after the login's state
    expect(brief(bob)).toEqual([
      ['agent.state', 'ami:bob:aux:1796324074', at(1796324074.385273), 'aux'],
      ['agent.state', 'ami:bob:available:1796324074', at(1796324074.38544), 'available'],
      ['agent.state', 'ami:bob:aux:1796324074:1796324074.385579', at(1796324074.385579), 'aux'],
      ['agent.state', 'ami:bob:available:1796324074:1796324076.889770', at(1796324076.88977), 'available'],
    ]);
  });
});

describe('live-mix.txt: what the live test’s own AMI session saw (it polled QueueStatus 30 times)', () => {
  const frames = fixture('live-mix');
  const { events } = replayTranscript(frames, opts);
  const count = (type: string) => events.filter((e) => e.type === type).length;

  it('maps the whole mix: 10 offered (support 7, sales 3), 8 answered and wrapped up, 2 abandoned', () => {
    expect([
      count('call.offered'),
      count('call.answered'),
      count('call.ended'),
      count('call.wrapup'),
      count('call.abandoned'),
    ]).toEqual([10, 8, 8, 8, 2]);
  });

  it('holds the three sales calls once each, about 4 s (4009, 4009 and 4004 ms)', () => {
    const held = new Map(events.filter((e) => e.type === 'call.held').map((e) => [e.callId, e.ts]));
    const ms = events.filter((e) => e.type === 'call.retrieved').map((e) => e.ts - held.get(e.callId)!);
    expect(ms).toEqual([
      at(1796323862.590096) - at(1796323858.581082),
      at(1796323863.591158) - at(1796323859.581794),
      at(1796323876.585953) - at(1796323872.581878),
    ]);
    expect(ms).toEqual([4009, 4009, 4004]);
  });

  it('reports Carol’s ring-no-answer (RingTime 6000) and keeps all four of Bob’s toggles', () => {
    expect(events.filter((e) => e.type === 'agent.missed').map((e) => [e.agentId, e.callId, e.ringMs])).toEqual([
      ['carol', '1796323887.72', 6000],
    ]);
    const toggles = events.filter((e) => e.type === 'agent.state' && e.agentId === 'bob' && e.ts >= at(1796323898));
    expect(toggles.map((e) => e.type === 'agent.state' && e.state)).toEqual(['aux', 'available', 'aux', 'available']);
  });
});
