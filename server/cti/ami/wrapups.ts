// Wrap-ups the mapper infers: Asterisk reports when a call ends, not when its wrap-up does (see mapper.ts), so a
// member's wrap-up is held from the hang-up and sent when due, or earlier when the member is offered a new call.
import type { CallState } from './mapper-state.ts';
import type { MappingStep } from './mapping-step.ts';

export function startWrapup(m: MappingStep, iface: string, uid: string, call: CallState, ts: number): void {
  const member = m.member(iface);
  if (member.wrapup) flushWrapup(m, iface, ts);
  const own = member.memberships[call.queue]?.wrapupSec ?? 0;
  const sec = own > 0 ? own : (m.opts.wrapupSec[call.queue] ?? 0);
  member.wrapup = {
    callUid: uid,
    callId: call.callId,
    dueTs: ts + sec * 1000,
    leg: m.leg(call, m.agentId(iface)),
  };
}

/** Ends a pending wrap-up at `ts` or its due time, whichever is first, unless its call's fate is still open. */
export function flushWrapup(m: MappingStep, iface: string, ts: number): void {
  const member = m.state.members[iface];
  const w = member?.wrapup;
  if (!member || !w) return;
  // The transfer/ended event must reach the stream before the wrap-up that follows it.
  if (m.state.calls[w.callUid]?.phase === 'limbo') return;
  delete member.wrapup;
  const agentId = m.agentId(iface);
  m.emit({
    type: 'call.wrapup',
    id: `ami:${w.callId}:wrapup:${w.leg}`,
    ts: Math.min(ts, w.dueTs),
    callId: w.callId,
    agentId,
  });
}

export function releaseHeldWrapups(m: MappingStep, uid: string, ts: number): void {
  for (const [iface, member] of Object.entries(m.state.members)) {
    if (member.wrapup?.callUid === uid && member.wrapup.dueTs <= ts) flushWrapup(m, iface, ts);
  }
}
