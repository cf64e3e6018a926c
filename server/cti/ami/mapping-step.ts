// What the per-family handlers (members.ts, channels.ts) may use of one mapper step, so they depend on this
// vocabulary and not on mapper.ts, which dispatches to them (no import cycle). mapper.ts's Mapping implements it.
import type { FloorEvent } from '../../../shared/events.ts';
import type { CallState, MapperOptions, MapperState, MemberState } from './mapper-state.ts';
import type { AmiMessage } from './protocol.ts';

/** The frame's Timestamp as sent (seconds with microseconds): unique per event; `ts` for frames without one. */
export const stamp = (msg: AmiMessage, ts: number): string => msg.get('Timestamp') ?? `${ts}`;

export interface MappingStep {
  readonly state: MapperState;
  readonly opts: MapperOptions;
  readonly notes: string[];
  emit(ev: FloorEvent): void;
  leg(call: CallState, agentId: string): string;
  agentId(iface: string): string;
  queueId(queue: string): string;
  agentEventId(iface: string, base: string, stamp: string): string;
  reserveAgentId(iface: string, base: string): void;
  offer(uid: string, queue: string, ts: number, callerNum?: string): CallState;
  close(uid: string, ts: number): void;
  detachMember(call: CallState, uid: string): void;
  startWrapup(iface: string, uid: string, call: CallState, ts: number): void;
  flushWrapup(iface: string, ts: number): void;
  member(iface: string, name?: string): MemberState;
}
