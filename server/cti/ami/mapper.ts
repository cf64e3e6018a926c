// PURE: Asterisk queue events (app_queue's AMI events) → Floorboard contract events. No I/O and no clock: the
// caller passes `now` for frames without a Timestamp (QueueStatus answers) and calls tick() for timed work.
//
// Event ids are derived from what Asterisk itself reports (Uniqueid, LoginTime, LastPause), so an adapter that
// restarts and learns the picture again from QueueStatus emits the same ids for what it already sent; the server
// drops those repeats. LoginTime and LastPause are whole seconds, so a second change within one second (pause →
// unpause → pause) gets the frame's Timestamp (microseconds) appended: every PBX event has its own id.
//
// Wrap-up: Asterisk tells when a call ends but not when its wrap-up does (QueueParams carries no Wrapuptime), so
// `call.wrapup` comes after the member's own Wrapuptime or the configured seconds of the queue, or earlier when the
// member is offered a new call (AgentCalled/AgentConnect) or leaves the queue, whichever comes first.
// A pause is not such a change: agents pause to extend after-call work, and the contract defers it anyway.
import type { FloorEvent } from '../../../shared/events.ts';
import {
  type CallState,
  CLOSED_MEMORY_MS,
  int,
  LIMBO_SETTLE_MS,
  type MapperOptions,
  type MapperState,
  type MapResult,
  type MemberState,
  UNSEEN_GIVE_UP_MS,
} from './mapper-state.ts';
import { hold, noteChannels, ringNoAnswer } from './channels.ts';
import {
  memberAdded,
  memberPause,
  memberRemoved,
  memberStatus,
  statusComplete,
  statusEntry,
  statusMember,
} from './members.ts';
import type { MappingStep } from './mapping-step.ts';
import { flushWrapup, releaseHeldWrapups, startWrapup } from './wrapups.ts';
import type { AmiMessage } from './protocol.ts';

/** How many recent whole-second agent ids are remembered per member (see agentEventId). */
const AGENT_IDS_KEPT = 16;

export { createMapperState, normalizeReason } from './mapper-state.ts';
export type { MapperOptions, MapperState, MapResult } from './mapper-state.ts';

/** Maps one AMI frame. `now` stands in for the event time of frames without a Timestamp. */
export function mapFrame(state: MapperState, msg: AmiMessage, opts: MapperOptions, now: number): MapResult {
  const ts = msg.timestampMs ?? now;
  const handler = HANDLERS.get(msg.event ?? '');
  if (!handler) return tick(state, opts, ts);
  const m = new Mapping(structuredClone(state), opts);
  m.advance(ts);
  handler(m, msg, ts);
  // What the frame made due at once (a zero wrap-up) follows it rather than waiting for the next frame.
  m.advance(ts);
  return m.result();
}

/** Emits what has come due by `now` (wrap-ups, settled transfers): call it every second or so. */
export function tick(state: MapperState, opts: MapperOptions, now: number): MapResult {
  // Copying the state is the cost of purity; most ticks have nothing to do and skip it.
  if (!hasDueWork(state, now)) return { state, events: [], notes: [] };
  const m = new Mapping(structuredClone(state), opts);
  m.advance(now);
  return m.result();
}

function hasDueWork(state: MapperState, ts: number): boolean {
  for (const call of Object.values(state.calls)) {
    if (call.limbo && ts - call.limbo.ts >= LIMBO_SETTLE_MS) return true;
    if (call.unseenSince !== undefined && ts - call.unseenSince >= UNSEEN_GIVE_UP_MS) return true;
  }
  for (const member of Object.values(state.members)) if (member.wrapup && member.wrapup.dueTs <= ts) return true;
  for (const c of Object.values(state.closed)) if (ts - c.ts > CLOSED_MEMORY_MS) return true;
  return false;
}

/** One step of the mapper over its own copy of the state; members.ts and channels.ts map their events with it. */
class Mapping implements MappingStep {
  readonly events: FloorEvent[] = [];
  readonly notes: string[] = [];

  constructor(
    readonly state: MapperState,
    readonly opts: MapperOptions,
  ) {}

  result(): MapResult {
    return { state: this.state, events: this.events, notes: this.notes };
  }

  /**
   * The id part of the agent's current leg of a call: the agentId, then `:2`, `:3` when the same agent answers the
   * call again (after a transfer back), so each leg's answered/ended/wrapup ids are its own. A restarted adapter
   * knows only the leg it rebuilds, which it numbers as the first.
   */
  leg(call: CallState, agentId: string): string {
    const n = (call.legs ?? []).filter((a) => a === agentId).length;
    return n > 1 ? `${agentId}:${n}` : agentId;
  }

  agentId(iface: string): string {
    return this.opts.agents[iface] ?? iface;
  }

  queueId(queue: string): string {
    return this.opts.queues[queue] ?? queue;
  }

  /**
   * `base` unless this member may already have sent it (a second change within LoginTime's or LastPause's whole
   * second), then `base:<stamp>` with the frame's Timestamp. A restarted adapter starts with no memory, so its
   * first id for what QueueStatus re-reports is the base one, as sent the first time.
   */
  agentEventId(iface: string, base: string, stamp: string): string {
    const sent = this.state.agentIds.get(iface) ?? [];
    const id = sent.includes(base) ? `${base}:${stamp}` : base;
    this.reserveAgentId(iface, base);
    return id;
  }

  /** Marks `base` as possibly sent, so its next use gets a Timestamp. */
  reserveAgentId(iface: string, base: string): void {
    const sent = this.state.agentIds.get(iface) ?? [];
    if (!sent.includes(base)) sent.push(base);
    // Ids hold the second they are built from, so only the latest few can repeat.
    this.state.agentIds.set(iface, sent.slice(-AGENT_IDS_KEPT));
  }

  emit(ev: FloorEvent): void {
    // AMI times carry microseconds; the contract wants whole milliseconds.
    this.events.push({ ...ev, ts: Math.max(0, Math.round(ev.ts)) });
  }

  /** Timed work up to `ts`: due wrap-ups, settled limbos, forgotten closed calls. */
  advance(ts: number): void {
    for (const [uid, call] of Object.entries(this.state.calls)) {
      if (call.phase === 'limbo' && call.limbo && ts - call.limbo.ts >= LIMBO_SETTLE_MS) this.settleLimbo(uid, call);
      else if (call.unseenSince !== undefined && ts - call.unseenSince >= UNSEEN_GIVE_UP_MS) {
        this.notes.push(`giving up on call ${call.callId}: it left queue ${call.queue} while AMI was down`);
        this.emit({ type: 'call.ended', id: `ami:${call.callId}:ended`, ts: call.unseenSince, callId: call.callId });
        this.close(uid, call.unseenSince);
      }
    }
    for (const iface of Object.keys(this.state.members)) {
      const w = this.state.members[iface]!.wrapup;
      if (w && w.dueTs <= ts) this.flushWrapup(iface, w.dueTs);
    }
    for (const [uid, c] of Object.entries(this.state.closed))
      if (ts - c.ts > CLOSED_MEMORY_MS) delete this.state.closed[uid];
  }

  // ---- calls ----

  join(msg: AmiMessage, ts: number): void {
    const uid = msg.get('Uniqueid');
    const queue = msg.get('Queue');
    if (!uid || !queue) return;
    const call = this.state.calls[uid];
    if (!call) {
      this.offer(uid, queue, ts, msg.get('CallerIDNum')).linkedid = msg.get('Linkedid');
      return;
    }
    if (call.phase === 'waiting' && call.queue === queue) return;
    // Joining another queue while talking (a Redirect), after a transfer, or after leaving one: a transfer.
    const from = call.phase === 'limbo' ? call.limbo!.ts : ts;
    if (call.phase === 'talking' && call.member) this.startWrapup(call.member, uid, call, ts);
    call.transfers = (call.transfers ?? 0) + 1;
    const by = call.member ? this.leg(call, this.agentId(call.member)) : call.queue;
    this.emit({
      type: 'call.transferred',
      id: `ami:${call.callId}:transferred:${this.queueId(queue)}:${by}${call.transfers > 1 ? `:${call.transfers}` : ''}`,
      ts: from,
      callId: call.callId,
      toQueueId: this.queueId(queue),
    });
    this.detachMember(call, uid);
    Object.assign(call, { queue, offerTs: from, phase: 'waiting' });
    delete call.limbo;
    delete call.member;
    delete call.unseenSince;
    releaseHeldWrapups(this, uid, ts);
  }

  offer(uid: string, queue: string, ts: number, callerNum?: string): CallState {
    const visits = (this.state.closed[uid]?.visits ?? 0) + 1;
    const callId = visits === 1 ? uid : `${uid}/${visits}`;
    const call: CallState = { callId, queue, offerTs: ts, phase: 'waiting' };
    this.state.calls[uid] = call;
    const callerId = callerNum && /^[\w+*#-]{1,100}$/.test(callerNum) ? callerNum : undefined;
    this.emit({
      type: 'call.offered',
      id: `ami:${callId}:offered`,
      ts,
      callId,
      queueId: this.queueId(queue),
      direction: 'inbound',
      ...(callerId ? { callerId } : {}),
    });
    return call;
  }

  leave(msg: AmiMessage, ts: number): void {
    const call = this.state.calls[msg.get('Uniqueid') ?? ''];
    // On an answer AgentConnect follows at once and clears this; otherwise the caller left unanswered
    // (queue timeout, leavewhenempty, an exit key) and may be on its way to another queue.
    if (call?.phase === 'waiting' && call.queue === msg.get('Queue')) {
      call.phase = 'limbo';
      call.limbo = { kind: 'exit', ts };
    }
  }

  abandon(msg: AmiMessage, ts: number): void {
    const uid = msg.get('Uniqueid') ?? '';
    const call = this.state.calls[uid];
    if (!call) return void this.notes.push(`abandon of unknown call ${uid}`);
    this.emit({ type: 'call.abandoned', id: `ami:${call.callId}:abandoned`, ts, callId: call.callId });
    this.close(uid, ts);
  }

  connect(msg: AmiMessage, ts: number): void {
    const uid = msg.get('Uniqueid');
    const iface = msg.get('Interface');
    const queue = msg.get('Queue');
    if (!uid || !iface || !queue) return;
    let call = this.state.calls[uid];
    // Started between the caller's join and the answer: rebuild the offer from the reported hold time.
    call ??= this.offer(uid, queue, ts - int(msg.get('HoldTime')) * 1000);
    this.flushWrapup(iface, ts);
    this.claimMember(iface, uid, ts, msg.get('MemberName'));
    const agentId = this.agentId(iface);
    call.legs = [...(call.legs ?? []), agentId];
    this.emit({
      type: 'call.answered',
      id: `ami:${call.callId}:answered:${this.leg(call, agentId)}`,
      ts,
      callId: call.callId,
      agentId,
    });
    Object.assign(call, { phase: 'talking', member: iface, queue });
    noteChannels(call, msg);
    delete call.limbo;
    delete call.unseenSince;
  }

  /** Makes `uid` the member's call; a talk the member was still on by our account ended unseen, at the latest now. */
  private claimMember(iface: string, uid: string, ts: number, name?: string): void {
    const member = this.member(iface, name);
    const staleUid = member.callUid;
    const stale = staleUid === undefined ? undefined : this.state.calls[staleUid];
    if (staleUid !== undefined && staleUid !== uid && stale?.phase === 'talking' && stale.member === iface) {
      this.notes.push(`call ${stale.callId} of ${iface} ended unseen`);
      this.emit({
        type: 'call.ended',
        id: `ami:${stale.callId}:ended:${this.leg(stale, this.agentId(iface))}`,
        ts,
        callId: stale.callId,
      });
      this.close(staleUid, ts);
      this.startWrapup(iface, staleUid, stale, ts);
      this.flushWrapup(iface, ts);
    }
    member.callUid = uid;
  }

  complete(msg: AmiMessage, ts: number): void {
    const iface = msg.get('Interface') ?? '';
    // AgentComplete can come without the caller's channel snapshot: find the call through the member.
    const uid = msg.get('Uniqueid') ?? this.state.members[iface]?.callUid;
    if (!uid) return void this.notes.push(`AgentComplete of ${iface} for no known call`);
    let call = this.state.calls[uid];
    // A Redirect moved the caller on; its first agent's AgentComplete only arrives when the caller hangs up.
    if (!call && this.state.closed[uid])
      return void this.notes.push(`late AgentComplete of ${iface} for closed call ${uid}`);
    if (!call || call.unseenSince !== undefined) {
      // The call was answered while we were not listening: rebuild it from HoldTime and TalkTime.
      const talkMs = int(msg.get('TalkTime')) * 1000;
      const answerTs = ts - talkMs;
      call ??= this.offer(uid, msg.get('Queue') ?? '', answerTs - int(msg.get('HoldTime')) * 1000);
      this.claimMember(iface, uid, answerTs);
      const agentId = this.agentId(iface);
      call.legs = [...(call.legs ?? []), agentId];
      const id = `ami:${call.callId}:answered:${this.leg(call, agentId)}`;
      this.emit({ type: 'call.answered', id, ts: answerTs, callId: call.callId, agentId });
      Object.assign(call, { phase: 'talking', member: iface });
      noteChannels(call, msg);
      delete call.unseenSince;
    }
    if (call.member !== iface || call.phase !== 'talking') {
      if (call.phase === 'limbo' && call.limbo?.kind === 'transfer') return;
      return void this.notes.push(`late AgentComplete of ${iface} for call ${call.callId}, now in ${call.queue}`);
    }
    this.startWrapup(iface, uid, call, ts);
    this.detachMember(call, uid);
    if (msg.get('Reason') === 'transfer') {
      call.phase = 'limbo';
      call.limbo = { kind: 'transfer', ts };
      return;
    }
    this.emit({
      type: 'call.ended',
      id: `ami:${call.callId}:ended:${this.leg(call, this.agentId(iface))}`,
      ts,
      callId: call.callId,
    });
    this.close(uid, ts);
  }

  /** BlindTransfer / AttendedTransfer name the caller as transferee; AgentComplete (Reason: transfer) follows. */
  transferStarted(msg: AmiMessage, ts: number): void {
    if (msg.get('Result') && msg.get('Result') !== 'Success') return;
    const uid = msg.get('TransfereeUniqueid') ?? '';
    const call = this.state.calls[uid];
    if (call?.phase !== 'talking' || !call.member) return;
    this.startWrapup(call.member, uid, call, ts);
    this.detachMember(call, uid);
    call.phase = 'limbo';
    call.limbo = { kind: 'transfer', ts };
  }

  hangup(msg: AmiMessage): void {
    const uid = msg.get('Uniqueid') ?? '';
    const call = this.state.calls[uid];
    if (call?.phase === 'limbo') this.settleLimbo(uid, call);
  }

  /** A call that left its queue or agent and joined no other queue: it ended when it left. */
  private settleLimbo(uid: string, call: CallState): void {
    const limbo = call.limbo!;
    this.emit({ type: 'call.ended', id: `ami:${call.callId}:ended:${limbo.kind}`, ts: limbo.ts, callId: call.callId });
    this.close(uid, limbo.ts);
    releaseHeldWrapups(this, uid, limbo.ts);
  }

  close(uid: string, ts: number): void {
    const call = this.state.calls[uid];
    if (!call) return;
    delete this.state.calls[uid];
    this.state.closed[uid] = { visits: (this.state.closed[uid]?.visits ?? 0) + 1, ts };
  }

  detachMember(call: CallState, uid: string): void {
    const member = call.member ? this.state.members[call.member] : undefined;
    if (member?.callUid === uid) delete member.callUid;
  }

  // ---- wrap-up and members ----

  startWrapup(iface: string, uid: string, call: CallState, ts: number): void {
    startWrapup(this, iface, uid, call, ts);
  }

  flushWrapup(iface: string, ts: number): void {
    flushWrapup(this, iface, ts);
  }

  member(iface: string, name?: string): MemberState {
    let member = this.state.members[iface];
    if (!member) {
      member = { name: name ?? iface, memberships: {}, unreachable: false, announced: { state: 'available' } };
      this.state.members[iface] = member;
    } else if (name) member.name = name;
    return member;
  }
}

type FrameHandler = (m: Mapping, msg: AmiMessage, ts: number) => void;

/** Every AMI event the mapper maps, and how (a Map: an event name is never looked up on a prototype). Any other
 *  frame only advances time. */
const HANDLERS = new Map<string, FrameHandler>([
  ['QueueCallerJoin', (m, msg, ts) => m.join(msg, ts)],
  ['QueueCallerLeave', (m, msg, ts) => m.leave(msg, ts)],
  ['QueueCallerAbandon', (m, msg, ts) => m.abandon(msg, ts)],
  ['AgentCalled', (m, msg, ts) => m.flushWrapup(msg.get('Interface') ?? '', ts)],
  ['AgentConnect', (m, msg, ts) => m.connect(msg, ts)],
  ['AgentComplete', (m, msg, ts) => m.complete(msg, ts)],
  ['AgentRingNoAnswer', ringNoAnswer],
  ['Hold', (m, msg, ts) => hold(m, msg, ts, true)],
  ['MusicOnHoldStart', (m, msg, ts) => hold(m, msg, ts, true)],
  ['Unhold', (m, msg, ts) => hold(m, msg, ts, false)],
  ['MusicOnHoldStop', (m, msg, ts) => hold(m, msg, ts, false)],
  ['BlindTransfer', (m, msg, ts) => m.transferStarted(msg, ts)],
  ['AttendedTransfer', (m, msg, ts) => m.transferStarted(msg, ts)],
  ['Hangup', (m, msg) => m.hangup(msg)],
  ['QueueMemberAdded', memberAdded],
  ['QueueMemberRemoved', memberRemoved],
  ['QueueMemberPause', memberPause],
  ['QueueMemberStatus', memberStatus],
  ['QueueParams', (m) => void (m.state.status ??= { members: {}, entries: [] })],
  ['QueueMember', (m, msg) => statusMember(m, msg)],
  ['QueueEntry', (m, msg) => statusEntry(m, msg)],
  ['QueueStatusComplete', (m, _msg, ts) => statusComplete(m, ts)],
]);
