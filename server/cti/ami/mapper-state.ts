// The mapper's state and options: plain data, so the adapter can hold it and tests can build it.
import type { FloorEvent } from '../../../shared/events.ts';
import type { AmiMessage } from './protocol.ts';

export interface MapperOptions {
  /** Member interface → agentId; an interface not listed is its own agentId. */
  agents: Record<string, string>;
  /** Asterisk queue → queueId; a queue not listed keeps its name. */
  queues: Record<string, string>;
  /** Asterisk queue → its `wrapuptime` seconds, used when the member has none of its own (default 0). */
  wrapupSec: Record<string, number>;
}

/** A call is settled as ended this long after it left a queue or an agent unless it joins a queue meanwhile. */
export const LIMBO_SETTLE_MS = 10_000;
/** Closed calls are remembered this long, so a caller who re-enters a queue gets a fresh callId. */
export const CLOSED_MEMORY_MS = 6 * 3_600_000;
/** Waiting calls that vanished while AMI was down are given up after this long without news. */
export const UNSEEN_GIVE_UP_MS = 2 * 3_600_000;
/** Device states (QueueMemberStatus.Status) in which a member cannot be rung: 4 invalid, 5 unavailable. */
export const UNREACHABLE_DEVICE_STATES = new Set(['4', '5']);

interface Limbo {
  kind: 'transfer' | 'exit';
  ts: number;
}

export interface CallState {
  callId: string;
  queue: string;
  offerTs: number;
  phase: 'waiting' | 'talking' | 'limbo';
  /** The member interface talking to the caller. */
  member?: string;
  limbo?: Limbo;
  /** Waiting when AMI went down and not listed by QueueStatus since: outcome unknown until AgentComplete. */
  unseenSince?: number;
  /** The caller's Linkedid: the agent's channels carry it too, so their Hold/Unhold find the call by it. */
  linkedid?: string;
  /** Uniqueid of the agent's channel (AgentConnect's DestUniqueid). */
  agentUid?: string;
  /** On hold: set by the first of Hold (agent's channel) or MusicOnHoldStart (caller's), so both count once. */
  held?: boolean;
  /** agentIds of the talk legs, in order: an agent who answers the call again gets ids of its own for that leg. */
  legs?: string[];
  /** How many times the call was transferred. */
  transfers?: number;
}

export interface Membership {
  loginTime: number;
  paused: boolean;
  reason: string;
  lastPause: number;
  /** The member's own wrap-up seconds (0: the queue's). */
  wrapupSec: number;
}

export interface MemberState {
  name: string;
  memberships: Record<string, Membership>;
  unreachable: boolean;
  /** The state last sent for this agent. */
  announced: { state: 'available' | 'aux'; reason?: string };
  /** Uniqueid of the call the member is talking to. */
  callUid?: string;
  wrapup?: { callUid: string; callId: string; dueTs: number /** the leg's id part (Mapping.leg) */; leg: string };
}

interface StatusSnapshot {
  members: Record<
    string,
    { name: string; memberships: Record<string, Membership>; unreachable: boolean; inCall: boolean }
  >;
  entries: Array<{ uid: string; queue: string; waitSec: number; callerId?: string }>;
}

export interface MapperState {
  /** Active calls by the Uniqueid of the caller's channel in the queue. */
  calls: Record<string, CallState>;
  /** Closed calls by Uniqueid: how many queue visits they had and when the last one closed. */
  closed: Record<string, { visits: number; ts: number }>;
  /** Queue members by interface. */
  members: Record<string, MemberState>;
  /** A QueueStatus answer being collected until QueueStatusComplete. */
  status?: StatusSnapshot;
  /**
   * Per member interface, the last agent event ids built from whole seconds (LoginTime, LastPause) that may have
   * been sent: a repeat within the second gets the frame's Timestamp appended (see Mapping.agentEventId).
   */
  agentIds: Map<string, string[]>;
}

export interface MapResult {
  state: MapperState;
  events: FloorEvent[];
  /** Things worth a log line: unknown calls, ignored leftovers. */
  notes: string[];
}

export function createMapperState(): MapperState {
  return { calls: {}, closed: {}, members: {}, agentIds: new Map() };
}

/** The events the mapper reads; AMI sends many more (Newchannel, VarSet, …), which only advance the clock. */

const AUX_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/lunch/, 'lunch'],
  [/\bbreak|coffee|\brest\b/, 'break'],
  [/meeting/, 'meeting'],
  [/training/, 'training'],
  [/coach/, 'coaching'],
];

/** A pause reason as the contract's words where one fits (`Coffee Break` → break), otherwise lower-cased. */
export function normalizeReason(raw: string | undefined): string | undefined {
  const r = (raw ?? '').trim().toLowerCase();
  if (r === '') return undefined;
  for (const [re, word] of AUX_WORDS) if (re.test(r)) return word;
  return r.slice(0, 100);
}

export const int = (v: string | undefined): number => {
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
};

export function membership(msg: AmiMessage): Membership {
  return {
    loginTime: int(msg.get('LoginTime')),
    paused: msg.get('Paused') === '1',
    reason: msg.get('PausedReason') ?? '',
    lastPause: int(msg.get('LastPause')),
    wrapupSec: int(msg.get('Wrapuptime')),
  };
}
