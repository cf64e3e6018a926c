// What each role may see of the live picture.
import type { Role } from '../../shared/config.ts';
import type { Alert } from '../../shared/alerts.ts';
import type { Snapshot, Update } from '../../shared/snapshot.ts';
import type { Principal } from './principals.ts';

/** Roles that may read the live picture at all (a feed token only writes events). */
export const VIEWER_ROLES: readonly Role[] = ['admin', 'supervisor', 'display', 'agent'];

export function canView(p: Principal): boolean {
  return VIEWER_ROLES.includes(p.role);
}

/**
 * Alerts about one agent name a person: supervisors and admins see them all, an agent only its own, and the
 * wall (a display) none.
 */
function alertVisible(a: Alert, p: Principal): boolean {
  if (a.scopeKind !== 'agent' || p.role === 'admin' || p.role === 'supervisor') return true;
  return p.role === 'agent' && a.entityId === p.agentId;
}

/** Agents see the centre, queues and teams, and of the agents only themselves. */
export function scopeSnapshot(s: Snapshot, p: Principal): Snapshot {
  if (p.role === 'admin' || p.role === 'supervisor') return s;
  const alerts = s.alerts.filter((a) => alertVisible(a, p));
  return p.role === 'agent' ? { ...s, alerts, agents: s.agents.filter((a) => a.id === p.agentId) } : { ...s, alerts };
}

export function scopeUpdate(u: Update, p: Principal): Update {
  if (p.role === 'admin' || p.role === 'supervisor') return u;
  const out: Update = { ...u };
  if (u.alerts) out.alerts = u.alerts.filter((a) => alertVisible(a, p));
  if (p.role === 'agent' && u.agents) {
    const own = u.agents.filter((a) => a.id === p.agentId);
    if (own.length) out.agents = own;
    else delete out.agents;
  }
  return out;
}
