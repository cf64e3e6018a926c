// Which agents the supervisor's agent list shows, and the choices its filters offer.
import type { AgentState, AgentView } from '../../../shared/snapshot.ts';

export interface AgentFilter {
  team: string;
  state: AgentState | '';
  queue: string;
  reason: string;
  name: string;
  /** Only agents out of adherence to their schedule now. */
  outOfAdherence: boolean;
}

export const NO_FILTER: AgentFilter = { team: '', state: '', queue: '', reason: '', name: '', outOfAdherence: false };
/** The team filter's value for agents without a team. */
export const NO_TEAM = '\u0000none';

export function matches(a: AgentView, f: AgentFilter): boolean {
  if (f.team && (f.team === NO_TEAM ? a.teamId !== null : a.teamId !== f.team)) return false;
  if (f.state && a.state !== f.state) return false;
  if (f.queue && !a.queues.includes(f.queue)) return false;
  if (f.reason && a.reason !== f.reason) return false;
  if (f.outOfAdherence && a.adherence?.inAdherence !== false) return false;
  const name = f.name.trim().toLocaleLowerCase();
  if (name && !a.name.toLocaleLowerCase().includes(name) && !a.id.toLocaleLowerCase().includes(name)) return false;
  return true;
}

/** Offline agents last, then by name: the people on the floor come first. */
export function sortAgents(agents: readonly AgentView[]): AgentView[] {
  return [...agents].sort(
    (a, b) => Number(a.state === 'offline') - Number(b.state === 'offline') || a.name.localeCompare(b.name),
  );
}

/** The aux reasons agents are in now, for the reason filter. */
export function reasonsInUse(agents: readonly AgentView[]): string[] {
  return [...new Set(agents.flatMap((a) => (a.reason ? [a.reason] : [])))].sort();
}
