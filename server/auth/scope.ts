// What each role may see of the live picture. Admins and unscoped supervisors see everything; a supervisor
// scoped to teams sees only those teams' agents, one scoped to queues only those queues; an agent sees the
// centre and the queues, and of the agents and teams only itself and its own team; a wall (display) sees everything
// but alerts about one agent.
import type { Role } from '../../shared/config.ts';
import type { Alert } from '../../shared/alerts.ts';
import type { Bulletin } from '../../shared/bulletins.ts';
import { forEveryone } from '../../shared/bulletins.ts';
import type { Snapshot, Update } from '../../shared/snapshot.ts';
import type { Principal } from './principals.ts';

/** Roles that may read the live picture at all (a feed token only writes events). */
export const VIEWER_ROLES: readonly Role[] = ['admin', 'supervisor', 'display', 'agent'];

/** Which team an agent is on (null: none, or unknown). */
export type TeamOf = (agentId: string) => string | null;

export function canView(p: Principal): boolean {
  return VIEWER_ROLES.includes(p.role);
}

/** Admins and supervisors: acknowledging, bulletins, drill-down. */
export function canManage(p: Principal): boolean {
  return p.role === 'admin' || p.role === 'supervisor';
}

function seesEverything(p: Principal): boolean {
  return p.role === 'admin' || (p.role === 'supervisor' && !p.teams && !p.queues);
}

export function agentVisible(p: Principal, agentId: string, teamId: string | null): boolean {
  if (p.role === 'agent') return agentId === p.agentId;
  if (p.role === 'supervisor' && p.teams) return teamId !== null && p.teams.includes(teamId);
  return canView(p);
}

export function queueVisible(p: Principal, queueId: string): boolean {
  if (p.role === 'supervisor' && p.queues) return p.queues.includes(queueId);
  return canView(p);
}

/** Whether the caller sees a team's row (alerts about a team are for every agent: alertVisible). */
export function teamVisible(p: Principal, teamId: string, teamOf: TeamOf): boolean {
  if (p.role === 'agent') return p.agentId !== undefined && teamOf(p.agentId) === teamId;
  return teamAlertVisible(p, teamId);
}

function teamAlertVisible(p: Principal, teamId: string): boolean {
  if (p.role === 'supervisor' && p.teams) return p.teams.includes(teamId);
  return canView(p);
}

export function alertVisible(a: Alert, p: Principal, teamOf: TeamOf): boolean {
  switch (a.scopeKind) {
    case 'center':
      return canView(p);
    case 'queue':
      return queueVisible(p, a.entityId);
    case 'team':
      return teamAlertVisible(p, a.entityId);
    case 'agent':
      // An alert about one person is for who manages them, and that person; not for the wall.
      return p.role !== 'display' && agentVisible(p, a.entityId, teamOf(a.entityId));
  }
}

/** Bulletins addressed to the caller: agents get those for everyone or for their team; the rest get all. */
export function bulletinVisible(b: Bulletin, p: Principal, teamOf: TeamOf): boolean {
  if (p.role !== 'agent') return canView(p);
  if (forEveryone(b)) return true;
  const team = p.agentId ? teamOf(p.agentId) : null;
  return team !== null && (b.targets.teams ?? []).includes(team);
}

/** Interval series are the centre's (`id: 'center'`) or one queue's. */
const intervalVisible = (p: Principal, id: string) => id === 'center' || queueVisible(p, id);

export function scopeSnapshot(s: Snapshot, p: Principal): Snapshot {
  if (seesEverything(p)) return s;
  const teams = new Map(s.agents.map((a) => [a.id, a.teamId]));
  const teamOf: TeamOf = (id) => teams.get(id) ?? null;
  return {
    ...s,
    queues: s.queues.filter((q) => queueVisible(p, q.id)),
    agents: s.agents.filter((a) => agentVisible(p, a.id, a.teamId)),
    teams: s.teams.filter((t) => teamVisible(p, t.id, teamOf)),
    intervals: s.intervals.filter((i) => intervalVisible(p, i.id)),
    alerts: s.alerts.filter((a) => alertVisible(a, p, teamOf)),
    bulletins: s.bulletins.filter((b) => bulletinVisible(b, p, teamOf)),
  };
}

/** Lists that end up empty are left out, so a caller is not told that something it cannot see changed. */
export function scopeUpdate(u: Update, p: Principal, teamOf: TeamOf): Update {
  if (seesEverything(p)) return u;
  const out: Update = { ...u };
  const keep = <T>(list: T[] | undefined, visible: (x: T) => boolean): T[] | undefined => {
    const kept = list?.filter(visible);
    return kept?.length ? kept : undefined;
  };
  const queues = keep(u.queues, (q) => queueVisible(p, q.id));
  const agents = keep(u.agents, (a) => agentVisible(p, a.id, a.teamId));
  const teams = keep(u.teams, (t) => teamVisible(p, t.id, teamOf));
  const intervals = keep(u.intervals, (i) => intervalVisible(p, i.id));
  delete out.queues;
  delete out.agents;
  delete out.teams;
  delete out.intervals;
  if (queues) out.queues = queues;
  if (agents) out.agents = agents;
  if (teams) out.teams = teams;
  if (intervals) out.intervals = intervals;
  if (u.alerts) out.alerts = u.alerts.filter((a) => alertVisible(a, p, teamOf));
  if (u.bulletins) out.bulletins = u.bulletins.filter((b) => bulletinVisible(b, p, teamOf));
  return out;
}

/**
 * Agents' desktops get an update in two parts: what they all share (the centre and the queues, encoded once for
 * every desktop), and what is addressed to one agent (its row, its team's, the alerts and bulletins for it).
 * Scoping and encoding a whole update per agent cost a 2,000-desktop floor two seconds a tick. Alerts go to
 * desktops only when `alertsChanged`: the list is whole each time it comes, so it need not ride along every tick.
 */
export function splitForAgents(u: Update, teamOf: TeamOf, alertsChanged: boolean): { shared: Update; own: (p: Principal) => Update | null } {
  const { agents, teams, alerts, bulletins, ...shared } = u;
  const agentRows = new Map(agents?.map((a) => [a.id, a]));
  const teamRows = new Map(teams?.map((t) => [t.id, t]));
  const own = (p: Principal): Update | null => {
    if (p.role !== 'agent' || p.agentId === undefined) return null;
    const out: Update = { asOf: u.asOf, cursor: u.cursor };
    const row = agentRows.get(p.agentId);
    if (row) out.agents = [row];
    const teamId = teamOf(p.agentId);
    const team = teamId === null ? undefined : teamRows.get(teamId);
    if (team) out.teams = [team];
    // A changed list is whole: an empty one tells the desktop its last bulletin has gone.
    if (bulletins) out.bulletins = bulletins.filter((b) => bulletinVisible(b, p, teamOf));
    if (alertsChanged && alerts) out.alerts = alerts.filter((a) => alertVisible(a, p, teamOf));
    return out.agents || out.teams || out.bulletins || out.alerts ? out : null;
  };
  return { shared, own };
}

/**
 * socket.io rooms: one per distinct audience, so an update is scoped once per room rather than once per
 * socket. The room name carries everything scoping needs, so the principal can be rebuilt from it.
 */
/** Every agent's desktop is also in this room, for the part of updates they share. */
export const AGENTS_ROOM = 'agents';

export function roomOf(p: Principal): string {
  if (p.role === 'agent') return `agent:${p.agentId}`;
  if (p.role === 'supervisor' && (p.teams || p.queues)) {
    return `supervisor:${JSON.stringify({ teams: p.teams ?? null, queues: p.queues ?? null })}`;
  }
  return `role:${p.role}`;
}

export function roomPrincipal(room: string): Principal | null {
  if (room.startsWith('agent:')) {
    const agentId = room.slice('agent:'.length);
    return { role: 'agent', name: agentId, agentId };
  }
  if (room.startsWith('supervisor:')) {
    const { teams, queues } = JSON.parse(room.slice('supervisor:'.length)) as { teams: string[] | null; queues: string[] | null };
    return { role: 'supervisor', name: 'supervisor', ...(teams ? { teams } : {}), ...(queues ? { queues } : {}) };
  }
  const role = room.slice('role:'.length);
  return room.startsWith('role:') && (role === 'admin' || role === 'supervisor' || role === 'display') ? { role, name: role } : null;
}
