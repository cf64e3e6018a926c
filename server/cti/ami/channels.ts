// Channel events beside the queue's own: hold (Hold/Unhold, MusicOnHoldStart/Stop) and ring-no-answer.
import { int, type CallState } from './mapper-state.ts';
import { type MappingStep, stamp } from './mapping-step.ts';
import type { AmiMessage } from './protocol.ts';

/** Remembers the channels of a new talk leg, for its hold events; a new leg starts off hold. */
export function noteChannels(call: CallState, msg: AmiMessage): void {
  call.linkedid ??= msg.get('Linkedid');
  call.agentUid = msg.get('DestUniqueid');
  delete call.held;
}

/**
 * Hold seen from either side: Hold/Unhold on the agent's channel, MusicOnHoldStart/Stop on the caller's. The first
 * of the two starts (or ends) the hold; the other is the same hold and is ignored.
 */
export function hold(m: MappingStep, msg: AmiMessage, ts: number, on: boolean): void {
  const call = talkingCallOf(m, msg);
  if (!call || (call.held ?? false) === on) return;
  if (on) call.held = true;
  else delete call.held;
  const type = on ? 'call.held' : 'call.retrieved';
  m.emit({ type, id: `ami:${call.callId}:${on ? 'held' : 'retrieved'}:${stamp(msg, ts)}`, ts, callId: call.callId });
}

/** The talking call a channel event belongs to: its caller's or agent's channel, else the call of its Linkedid. */
function talkingCallOf(m: MappingStep, msg: AmiMessage): CallState | undefined {
  const uid = msg.get('Uniqueid');
  const linkedid = msg.get('Linkedid');
  const talking = Object.entries(m.state.calls).filter(([, c]) => c.phase === 'talking');
  const own = talking.find(([u, c]) => uid !== undefined && (u === uid || c.agentUid === uid));
  if (own) return own[1];
  // A Local member's phone is a channel the queue never names; it carries the caller's Linkedid.
  const linked = talking.filter(([, c]) => linkedid !== undefined && c.linkedid === linkedid);
  if (linked.length > 1)
    m.notes.push(`${msg.event} of ${msg.get('Channel')}: ${linked.length} calls share Linkedid ${linkedid}; ignored`);
  return linked.length === 1 ? linked[0]![1] : undefined;
}

/** AgentRingNoAnswer: the member was rung and did not answer. Its RingTime is in ms, unlike HoldTime and TalkTime. */
export function ringNoAnswer(m: MappingStep, msg: AmiMessage, ts: number): void {
  const iface = msg.get('Interface');
  const uid = msg.get('Uniqueid');
  if (!iface || !uid) return void m.notes.push(`AgentRingNoAnswer without Interface or Uniqueid at ${ts}`);
  // Rung before we knew the call (the adapter started mid-ring): its first visit, whose callId is its Uniqueid.
  const known = Object.hasOwn(m.state.calls, uid) ? m.state.calls[uid] : undefined;
  const callId = known?.callId ?? uid;
  const agentId = m.agentId(iface);
  const queue = msg.get('Queue');
  m.emit({
    type: 'agent.missed',
    id: `ami:${callId}:missed:${agentId}:${stamp(msg, ts)}`,
    ts,
    agentId,
    callId,
    ...(queue ? { queueId: m.queueId(queue) } : {}),
    ringMs: Math.max(0, Math.round(int(msg.get('RingTime')))),
  });
}
