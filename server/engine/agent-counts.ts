// Agents by state, as the centre, teams, queues and queue groups count them.
import type { AgentCounts } from '../../shared/snapshot.ts';
import type { AgentRec } from './state.ts';

export function noAgents(): AgentCounts {
  return { loggedIn: 0, available: 0, dialing: 0, talking: 0, hold: 0, acw: 0, aux: 0 };
}

export function countAgent(c: AgentCounts, a: AgentRec): void {
  if (a.state === 'offline') return;
  c.loggedIn++;
  c[a.state]++;
}
