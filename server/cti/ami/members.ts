// Queue members → agent.login / agent.logout / agent.state, and the QueueStatus picture after a (re)connect.
import type { AmiMessage } from './protocol.ts';
import { type MappingStep, stamp } from './mapping-step.ts';
import {
  int,
  type MemberState,
  type Membership,
  membership,
  normalizeReason,
  UNREACHABLE_DEVICE_STATES,
} from './mapper-state.ts';

export function memberAdded(m: MappingStep, msg: AmiMessage, ts: number): void {
  const iface = msg.get('Interface');
  const queue = msg.get('Queue');
  if (!iface || !queue) return;
  const member = m.member(iface, msg.get('MemberName'));
  member.memberships[queue] = membership(msg);
  member.unreachable = UNREACHABLE_DEVICE_STATES.has(msg.get('Status') ?? '');
  login(m, iface, member, ts, '', stamp(msg, ts));
}

export function memberRemoved(m: MappingStep, msg: AmiMessage, ts: number): void {
  const iface = msg.get('Interface');
  const queue = msg.get('Queue');
  const member = iface ? m.state.members[iface] : undefined;
  if (!iface || !queue || !member?.memberships[queue]) return;
  const loginTime = member.memberships[queue].loginTime;
  delete member.memberships[queue];
  logoutOrShrink(m, iface, member, ts, `:minus:${queue}@${loginTime}`, stamp(msg, ts));
}

function logoutOrShrink(
  m: MappingStep,
  iface: string,
  member: MemberState,
  ts: number,
  idSuffix: string,
  idStamp: string,
): void {
  m.flushWrapup(iface, ts);
  if (Object.keys(member.memberships).length > 0) return login(m, iface, member, ts, idSuffix, idStamp);
  const id = m.agentEventId(iface, `ami:${m.agentId(iface)}:logout${idSuffix}`, idStamp);
  m.emit({ type: 'agent.logout', id, ts, agentId: m.agentId(iface) });
  delete m.state.members[iface];
}

/** Sends agent.login with every queue the member is in, and its pause state when that was ever set. */
function login(
  m: MappingStep,
  iface: string,
  member: MemberState,
  ts: number,
  idSuffix: string,
  idStamp: string,
): void {
  const agentId = m.agentId(iface);
  const queues = Object.keys(member.memberships).sort();
  const loginTime = Math.max(...queues.map((q) => member.memberships[q]!.loginTime));
  const eff = effectiveState(member);
  m.emit({
    type: 'agent.login',
    id: m.agentEventId(iface, `ami:${agentId}:login:${queues.join(',')}:${loginTime}${idSuffix}`, idStamp),
    ts,
    agentId,
    name: member.name,
    queues: queues.map((q) => m.queueId(q)),
    state: eff.state,
    ...(eff.reason ? { reason: eff.reason } : {}),
  });
  const lastPause = Math.max(...queues.map((q) => member.memberships[q]!.lastPause));
  // After a restart the login above is a repeat the server drops; this repeats the last pause change with the
  // id it had when it happened, so a change missed while AMI was down still arrives.
  if (lastPause > 0 && !member.unreachable) sendState(m, iface, member, eff, ts, `${lastPause}`, idStamp, true);
  else member.announced = eff;
}

/**
 * A member this mapper never saw before (the first picture after a start): QueueStatus tells its state and the
 * second of its last pause, not what an adapter before us sent within that second. The ids of both states for it
 * may have been used, so a later change under that LastPause (an unpause keeps it) gets a Timestamp.
 */
function pauseSecondUnknown(m: MappingStep, iface: string, member: MemberState): void {
  const lastPause = Math.max(...Object.values(member.memberships).map((x) => x.lastPause));
  if (lastPause <= 0) return;
  for (const state of ['aux', 'available']) m.reserveAgentId(iface, `ami:${m.agentId(iface)}:${state}:${lastPause}`);
}

export function memberPause(m: MappingStep, msg: AmiMessage, ts: number): void {
  const iface = msg.get('Interface');
  const queue = msg.get('Queue');
  if (!iface || !queue) return;
  const member = m.member(iface, msg.get('MemberName'));
  member.memberships[queue] = membership(msg);
  sendState(
    m,
    iface,
    member,
    effectiveState(member),
    ts,
    msg.get('LastPause') ?? `${Math.round(ts / 1000)}`,
    stamp(msg, ts),
  );
}

export function memberStatus(m: MappingStep, msg: AmiMessage, ts: number): void {
  const iface = msg.get('Interface');
  const member = iface ? m.state.members[iface] : undefined;
  if (!iface || !member) return;
  const unreachable = UNREACHABLE_DEVICE_STATES.has(msg.get('Status') ?? '');
  if (unreachable === member.unreachable) return;
  member.unreachable = unreachable;
  sendState(m, iface, member, effectiveState(member), ts, `device:${ts}`, stamp(msg, ts));
}

/** Aux when the device cannot be rung or the member is paused in all its queues; available otherwise. */
function effectiveState(member: MemberState): { state: 'available' | 'aux'; reason?: string } {
  const ms = Object.values(member.memberships);
  if (ms.length > 0 && ms.every((x) => x.paused)) {
    const latest = ms.reduce((a, b) => (b.lastPause > a.lastPause ? b : a));
    const reason = normalizeReason(latest.reason);
    return reason ? { state: 'aux', reason } : { state: 'aux' };
  }
  if (member.unreachable) return { state: 'aux', reason: 'unavailable' };
  return { state: 'available' };
}

function sendState(
  m: MappingStep,
  iface: string,
  member: MemberState,
  eff: { state: 'available' | 'aux'; reason?: string },
  ts: number,
  idKey: string,
  idStamp: string,
  force = false,
): void {
  const same = member.announced.state === eff.state && member.announced.reason === eff.reason;
  member.announced = eff;
  if (same && !force) return;
  const agentId = m.agentId(iface);
  m.emit({
    type: 'agent.state',
    id: m.agentEventId(iface, `ami:${agentId}:${eff.state}:${idKey}`, idStamp),
    ts,
    agentId,
    state: eff.state,
    ...(eff.reason ? { reason: eff.reason } : {}),
  });
}

// ---- QueueStatus: the picture after (re)connecting ----

export function statusMember(m: MappingStep, msg: AmiMessage): void {
  const status = (m.state.status ??= { members: {}, entries: [] });
  // QueueStatus names the fields Name/Location where the live events say MemberName/Interface.
  const iface = msg.get('Location') ?? msg.get('Interface');
  const queue = msg.get('Queue');
  if (!iface || !queue) return;
  const entry = (status.members[iface] ??= {
    name: msg.get('Name') ?? iface,
    memberships: {},
    unreachable: false,
    inCall: false,
  });
  entry.memberships[queue] = membership(msg);
  entry.unreachable ||= UNREACHABLE_DEVICE_STATES.has(msg.get('Status') ?? '');
  entry.inCall ||= msg.get('InCall') === '1';
}

export function statusEntry(m: MappingStep, msg: AmiMessage): void {
  const status = (m.state.status ??= { members: {}, entries: [] });
  const uid = msg.get('Uniqueid');
  const queue = msg.get('Queue');
  if (!uid || !queue) return;
  status.entries.push({ uid, queue, waitSec: int(msg.get('Wait')), callerId: msg.get('CallerIDNum') });
}

export function statusComplete(m: MappingStep, now: number): void {
  const status = m.state.status;
  delete m.state.status;
  if (!status) return;
  // Talks that ended while AMI was down: their AgentComplete was missed, so they end now.
  for (const [uid, call] of Object.entries(m.state.calls)) {
    if (call.phase !== 'talking' || !call.member || status.members[call.member]?.inCall) continue;
    m.notes.push(`call ${call.callId} ended while AMI was down`);
    m.startWrapup(call.member, uid, call, now);
    m.detachMember(call, uid);
    m.emit({
      type: 'call.ended',
      id: `ami:${call.callId}:ended:${m.leg(call, m.agentId(call.member))}`,
      ts: now,
      callId: call.callId,
    });
    m.close(uid, now);
  }
  for (const [iface, seen] of Object.entries(status.members)) {
    const known = m.state.members[iface];
    const queuesOf = (x: { memberships: Record<string, Membership> }) => Object.keys(x.memberships).sort().join(',');
    const sameQueues = known !== undefined && queuesOf(known) === queuesOf(seen);
    const member = m.member(iface, seen.name);
    member.memberships = seen.memberships;
    const deviceChanged = member.unreachable !== seen.unreachable;
    member.unreachable = seen.unreachable;
    if (!sameQueues) login(m, iface, member, now, '', `${now}`);
    else {
      const lastPause = Math.max(...Object.values(member.memberships).map((x) => x.lastPause));
      sendState(
        m,
        iface,
        member,
        effectiveState(member),
        now,
        deviceChanged ? `device:${now}` : `${lastPause}`,
        `${now}`,
      );
    }
    if (!known) pauseSecondUnknown(m, iface, member);
  }
  for (const [iface, member] of Object.entries(m.state.members)) {
    if (status.members[iface]) continue;
    const loginTimes = Object.values(member.memberships).map((x) => x.loginTime);
    if (loginTimes.length === 0) {
      delete m.state.members[iface];
      continue;
    }
    member.memberships = {};
    logoutOrShrink(m, iface, member, now, `:${Math.max(...loginTimes)}`, `${now}`);
  }
  const listed = new Set(status.entries.map((e) => e.uid));
  for (const e of status.entries) {
    if (!m.state.calls[e.uid]) m.offer(e.uid, e.queue, now - e.waitSec * 1000, e.callerId);
  }
  for (const [uid, call] of Object.entries(m.state.calls)) {
    if (call.phase === 'waiting' && !listed.has(uid)) call.unseenSince ??= now;
  }
}
