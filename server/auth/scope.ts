// What each role may see of the live picture.
import type { Role } from '../../shared/config.ts';
import type { Snapshot, Update } from '../../shared/snapshot.ts';
import type { Principal } from './principals.ts';

/** Roles that may read the live picture at all (a feed token only writes events). */
export const VIEWER_ROLES: readonly Role[] = ['admin', 'supervisor', 'display', 'agent'];

export function canView(p: Principal): boolean {
  return VIEWER_ROLES.includes(p.role);
}

/** Agents see the centre, queues and teams, and of the agents only themselves. */
export function scopeSnapshot(s: Snapshot, p: Principal): Snapshot {
  if (p.role !== 'agent') return s;
  return { ...s, agents: s.agents.filter((a) => a.id === p.agentId) };
}

export function scopeUpdate(u: Update, p: Principal): Update {
  if (p.role !== 'agent' || !u.agents) return u;
  const agents = u.agents.filter((a) => a.id === p.agentId);
  const { agents: _omit, ...rest } = u;
  return agents.length ? { ...rest, agents } : rest;
}
