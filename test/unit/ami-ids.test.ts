// Every PBX event its own id, also when one agent talks to the same caller twice (Redirected back to the queue).
import { describe, expect, it } from 'vitest';
import type { FloorEvent } from '../../shared/events.ts';
import { createMapperState, mapFrame, type MapperOptions, tick } from '../../server/cti/ami/mapper.ts';
import { AmiMessage } from '../../server/cti/ami/protocol.ts';

const opts: MapperOptions = {
  agents: { 'Local/agent1@agents/n': 'alice', 'Local/agent2@agents/n': 'bob' },
  queues: {},
  wrapupSec: { support: 3 },
};
const T = 1795970000;
const caller = { Channel: 'Local/support@callers-00000001;2', Uniqueid: 'u1', Linkedid: 'l1', Queue: 'support' };
const alice = { Interface: 'Local/agent1@agents/n', MemberName: 'Alice' };
const bob = { Interface: 'Local/agent2@agents/n', MemberName: 'Bob' };
const at = (sec: number, event: string, fields: Record<string, string>) => ({
  Event: event,
  Timestamp: `${T + sec}.000001`,
  ...caller,
  ...fields,
});

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

describe('a caller Redirected back to support twice, Alice answering it both times, then Bob', () => {
  const events = feed([
    at(0, 'QueueCallerJoin', {}),
    at(2, 'AgentConnect', { ...alice, HoldTime: '2' }),
    at(10, 'QueueCallerJoin', {}), // Redirect while talking: Alice's first leg ends
    at(15, 'AgentConnect', { ...alice, HoldTime: '5' }),
    at(25, 'QueueCallerJoin', {}), // and again, from her second leg
    at(30, 'AgentConnect', { ...bob, HoldTime: '5' }),
    at(40, 'AgentComplete', { ...bob, HoldTime: '5', TalkTime: '10', Reason: 'caller' }),
  ]);

  it('numbers Alice’s second leg and the second transfer, so the server drops none of them', () => {
    expect(events.map((e) => [e.type, e.id, e.ts / 1000 - T])).toEqual([
      ['call.offered', 'ami:u1:offered', 0],
      ['call.answered', 'ami:u1:answered:alice', 2],
      ['call.transferred', 'ami:u1:transferred:support:alice', 10],
      // Alice's wrap-up (3 s) was over before she answered again
      ['call.wrapup', 'ami:u1:wrapup:alice', 13],
      ['call.answered', 'ami:u1:answered:alice:2', 15],
      ['call.transferred', 'ami:u1:transferred:support:alice:2:2', 25],
      ['call.wrapup', 'ami:u1:wrapup:alice:2', 28],
      ['call.answered', 'ami:u1:answered:bob', 30],
      ['call.ended', 'ami:u1:ended:bob', 40],
      ['call.wrapup', 'ami:u1:wrapup:bob', 43],
    ]);
  });
});
