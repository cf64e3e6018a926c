// Who may act on an agent through the PBX (CONTRACT §7): admins on anyone; supervisors on the agents inside their
// scope, and for queue actions only in queues inside it. Everyone else (displays, agents, feeds) never.
import { ACTIONS, type ActionName } from '../../shared/actions.ts';
import type { Principal } from '../auth/principals.ts';
import { agentVisible, queueVisible, type AgentPlace } from '../auth/scope.ts';

export function mayAct(p: Principal): boolean {
  return p.role === 'admin' || p.role === 'supervisor';
}

export function mayActOn(p: Principal, agentId: string, place: AgentPlace): boolean {
  return mayAct(p) && agentVisible(p, agentId, place);
}

/** A queue-scoped supervisor adds and removes members (and pauses in one queue) only in its own queues. */
export function mayActInQueue(p: Principal, queueId: string): boolean {
  return mayAct(p) && queueVisible(p, queueId);
}

/** The actions the console offers this caller on this agent. */
export function actionsFor(p: Principal, agentId: string, place: AgentPlace): ActionName[] {
  return mayActOn(p, agentId, place) ? [...ACTIONS] : [];
}
