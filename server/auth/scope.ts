// What each role may see of the live picture, and what a supervisor may act on. Admins and unscoped supervisors
// see and act on everything. A supervisor scoped to teams and/or queues sees only the agents of those teams and
// logged in to those queues, and only those queues; it acts (acknowledges alerts, writes bulletins) only on what
// its scope names. The centre's figures, and a dimension the scope does not limit (the queues of a team-scoped
// supervisor, the team rows of a queue-scoped one), are there to read: see docs/contract.md. An agent sees the
// centre and the queues, and of the agents and teams only itself and its own team; a wall (display) sees everything
// but alerts about one agent.
import type { Role } from '../../shared/config.ts';
import type { Alert } from '../../shared/alerts.ts';
import type { Bulletin, BulletinTargets } from '../../shared/bulletins.ts';
import { forEveryone } from '../../shared/bulletins.ts';
import type { Patch } from '../../shared/patch.ts';
import type { GroupView, Snapshot, Update } from '../../shared/snapshot.ts';
import type { Principal } from './principals.ts';

/** Roles that may read the live picture at all (a feed token only writes events). */
const VIEWER_ROLES: readonly Role[] = ['admin', 'supervisor', 'display', 'agent'];

/** Where an agent belongs, as far as scoping is concerned. */
export interface AgentPlace {
  teamId: string | null;
  /** The queues it is logged in to (kept after logout). */
  queues: readonly string[];
}

/** An agent's place (undefined: not known). The engine's agents and the snapshot's rows both fit. */
export type AgentOf = (agentId: string) => AgentPlace | undefined;

export function canView(p: Principal): boolean {
  return VIEWER_ROLES.includes(p.role);
}

/** Admins and supervisors: acknowledging, bulletins, drill-down. */
function canManage(p: Principal): boolean {
  return p.role === 'admin' || p.role === 'supervisor';
}

function seesEverything(p: Principal): boolean {
  return p.role === 'admin' || (p.role === 'supervisor' && !p.teams && !p.queues);
}

export function agentVisible(p: Principal, agentId: string, place: AgentPlace | undefined): boolean {
  if (p.role === 'agent') return agentId === p.agentId;
  if (p.role === 'supervisor' && (p.teams || p.queues)) {
    if (!place) return false;
    const inTeams = !p.teams || (place.teamId !== null && p.teams.includes(place.teamId));
    const inQueues = !p.queues || place.queues.some((q) => p.queues!.includes(q));
    return inTeams && inQueues;
  }
  return canView(p);
}

export function queueVisible(p: Principal, queueId: string): boolean {
  if (p.role === 'supervisor' && p.queues) return p.queues.includes(queueId);
  return canView(p);
}

/** Whether the caller sees a team's row (alerts about a team are for every agent: alertVisible). */
export function teamVisible(p: Principal, teamId: string, agentOf: AgentOf): boolean {
  if (p.role === 'agent') return p.agentId !== undefined && agentOf(p.agentId)?.teamId === teamId;
  return teamAlertVisible(p, teamId);
}

function teamAlertVisible(p: Principal, teamId: string): boolean {
  if (p.role === 'supervisor' && p.teams) return p.teams.includes(teamId);
  return canView(p);
}

export function alertVisible(a: Alert, p: Principal, agentOf: AgentOf): boolean {
  switch (a.scopeKind) {
    case 'center':
      return canView(p);
    case 'queue':
      return queueVisible(p, a.entityId);
    case 'team':
      return teamAlertVisible(p, a.entityId);
    case 'agent':
      // An alert about one person is for who manages them, and that person; not for the wall.
      return p.role !== 'display' && agentVisible(p, a.entityId, agentOf(a.entityId));
  }
}

/**
 * Whether a manager may acknowledge an alert: a scoped supervisor only those about its own queues, teams and
 * agents (the centre's, another team's or a queue outside its scope it may read, not act on).
 */
export function alertActionable(a: Alert, p: Principal, agentOf: AgentOf): boolean {
  if (!canManage(p)) return false;
  if (seesEverything(p)) return true;
  switch (a.scopeKind) {
    case 'center':
      return false;
    case 'queue':
      return p.queues?.includes(a.entityId) ?? false;
    case 'team':
      return p.teams?.includes(a.entityId) ?? false;
    case 'agent':
      return agentVisible(p, a.entityId, agentOf(a.entityId));
  }
}

/**
 * Bulletins addressed to the caller: agents get those for everyone or for their team; a team-scoped supervisor
 * those for everyone, for boards, or naming one of its teams; the rest get all.
 */
export function bulletinVisible(b: Bulletin, p: Principal, agentOf: AgentOf): boolean {
  if (p.role === 'agent') {
    if (forEveryone(b)) return true;
    const team = p.agentId ? agentOf(p.agentId)?.teamId : undefined;
    return team !== undefined && team !== null && (b.targets.teams ?? []).includes(team);
  }
  if (p.role === 'supervisor' && p.teams && b.targets.teams?.length)
    return b.targets.teams.some((t) => p.teams!.includes(t));
  return canView(p);
}

/**
 * Whether a manager may post a bulletin to these targets (or edit or expire one addressed so): a scoped supervisor
 * only to some of its own teams, never to everyone or to boards (walls the whole floor sees). Null when it may,
 * else why not.
 */
export function bulletinRefusal(targets: BulletinTargets, p: Principal): string | null {
  if (!canManage(p)) return 'forbidden';
  if (seesEverything(p)) return null;
  if (!p.teams)
    return 'forbidden: a supervisor scoped to queues does not post bulletins (they address teams, boards or everyone)';
  const teams = targets.teams ?? [];
  if (teams.length === 0 || targets.boards?.length || teams.some((t) => !p.teams!.includes(t))) {
    return `forbidden: a team-scoped supervisor's bulletins go to its own teams only (targets.teams within ${JSON.stringify(p.teams)}, no boards)`;
  }
  return null;
}

/** Interval series are the centre's (`id: 'center'`) or one queue's. */
const intervalVisible = (p: Principal, id: string) => id === 'center' || queueVisible(p, id);

/** A group's totals include every one of its queues: only a principal who sees them all sees the group. */
const groupVisible = (p: Principal, g: GroupView) => g.queues.every((q) => queueVisible(p, q));

export function scopeSnapshot(s: Snapshot, p: Principal): Snapshot {
  if (seesEverything(p)) return s;
  const rows = new Map(s.agents.map((a) => [a.id, a]));
  const agentOf: AgentOf = (id) => rows.get(id);
  return {
    ...s,
    queues: s.queues.filter((q) => queueVisible(p, q.id)),
    groups: s.groups.filter((g) => groupVisible(p, g)),
    agents: s.agents.filter((a) => agentVisible(p, a.id, a)),
    teams: s.teams.filter((t) => teamVisible(p, t.id, agentOf)),
    intervals: s.intervals.filter((i) => intervalVisible(p, i.id)),
    alerts: s.alerts.filter((a) => alertVisible(a, p, agentOf)),
    bulletins: s.bulletins.filter((b) => bulletinVisible(b, p, agentOf)),
  };
}

/** Lists that end up empty are left out, so a caller is not told that something it cannot see changed. */
export function scopeUpdate(u: Update, p: Principal, agentOf: AgentOf): Update {
  if (seesEverything(p)) return u;
  const out: Update = { ...u };
  const keep = <T>(list: T[] | undefined, visible: (x: T) => boolean): T[] | undefined => {
    const kept = list?.filter(visible);
    return kept?.length ? kept : undefined;
  };
  const queues = keep(u.queues, (q) => queueVisible(p, q.id));
  const agents = keep(u.agents, (a) => agentVisible(p, a.id, a));
  const teams = keep(u.teams, (t) => teamVisible(p, t.id, agentOf));
  const intervals = keep(u.intervals, (i) => intervalVisible(p, i.id));
  const groups = keep(u.groups, (g) => groupVisible(p, g));
  delete out.queues;
  delete out.groups;
  delete out.agents;
  delete out.teams;
  delete out.intervals;
  if (queues) out.queues = queues;
  if (agents) out.agents = agents;
  if (teams) out.teams = teams;
  if (intervals) out.intervals = intervals;
  if (groups) out.groups = groups;
  if (u.alerts) out.alerts = u.alerts.filter((a) => alertVisible(a, p, agentOf));
  if (u.bulletins) out.bulletins = u.bulletins.filter((b) => bulletinVisible(b, p, agentOf));
  return out;
}

/**
 * Agents' desktops get an update in two parts: what they all share (the centre and the queues, encoded once for
 * every desktop), and what is addressed to one agent (its row, its team's, the alerts and bulletins for it).
 * Scoping and encoding a whole update per agent cost a 2,000-desktop floor two seconds a tick. Alerts go to
 * desktops only when `alertsChanged`: the list is whole each time it comes, so it need not ride along every tick.
 */
export function splitForAgents(
  u: Update,
  agentOf: AgentOf,
  alertsChanged: boolean,
): { shared: Update; own: (p: Principal) => Update | null } {
  const { agents, teams, alerts, bulletins, ...shared } = u;
  const agentRows = new Map(agents?.map((a) => [a.id, a]));
  const teamRows = new Map(teams?.map((t) => [t.id, t]));
  const own = (p: Principal): Update | null => {
    if (p.role !== 'agent' || p.agentId === undefined) return null;
    const out: Update = { asOf: u.asOf, cursor: u.cursor };
    const row = agentRows.get(p.agentId);
    if (row) out.agents = [row];
    const teamId = agentOf(p.agentId)?.teamId ?? null;
    const team = teamId === null ? undefined : teamRows.get(teamId);
    if (team) out.teams = [team];
    // A changed list is whole: an empty one tells the desktop its last bulletin has gone.
    if (bulletins) out.bulletins = bulletins.filter((b) => bulletinVisible(b, p, agentOf));
    if (alertsChanged && alerts) out.alerts = alerts.filter((a) => alertVisible(a, p, agentOf));
    return out.agents || out.teams || out.bulletins || out.alerts ? out : null;
  };
  return { shared, own };
}

/**
 * A two-lane patch (shared/patch.ts) cut to what `p` may see. Its rows name only the fields that changed, so
 * agents are placed by `agentOf` (the engine's), never by the row; a group's row always names its queues.
 */
export function scopePatch(patch: Patch, p: Principal, agentOf: AgentOf): Patch {
  if (seesEverything(p)) return patch;
  const { queues, agents, teams, groups, intervals, alerts, bulletins, ...out } = patch;
  const keep = <T>(list: T[] | undefined, visible: (x: T) => boolean): T[] | undefined => {
    const kept = list?.filter(visible);
    return kept?.length ? kept : undefined;
  };
  const scoped: Patch = { ...out };
  const q = keep(queues, (x) => queueVisible(p, x.id));
  const a = keep(agents, (x) => agentVisible(p, x.id, agentOf(x.id)));
  const t = keep(teams, (x) => teamVisible(p, x.id, agentOf));
  const g = keep(groups, (x) => (x.queues ?? []).every((id) => queueVisible(p, id)));
  const i = keep(intervals, (x) => intervalVisible(p, x.id));
  if (q) scoped.queues = q;
  if (a) scoped.agents = a;
  if (t) scoped.teams = t;
  if (g) scoped.groups = g;
  if (i) scoped.intervals = i;
  // A changed list is whole: it comes even when nothing in it is for `p` (its last alert may have gone).
  if (alerts) scoped.alerts = alerts.filter((x) => alertVisible(x, p, agentOf));
  if (bulletins) scoped.bulletins = bulletins.filter((x) => bulletinVisible(x, p, agentOf));
  return scoped;
}

/** A patch for agents' desktops, split as splitForAgents splits an update: a shared part, and each one's own. */
export function splitPatchForAgents(
  patch: Patch,
  agentOf: AgentOf,
): { shared: Patch; own: (p: Principal) => Patch | null } {
  const { agents, teams, alerts, bulletins, ...shared } = patch;
  const agentRows = new Map(agents?.map((a) => [a.id, a]));
  const teamRows = new Map(teams?.map((t) => [t.id, t]));
  const own = (p: Principal): Patch | null => {
    if (p.role !== 'agent' || p.agentId === undefined) return null;
    const out: Patch = { lane: patch.lane, seq: patch.seq, asOf: patch.asOf, cursor: patch.cursor };
    const row = agentRows.get(p.agentId);
    if (row) out.agents = [row];
    const teamId = agentOf(p.agentId)?.teamId ?? null;
    const team = teamId === null ? undefined : teamRows.get(teamId);
    if (team) out.teams = [team];
    if (bulletins) out.bulletins = bulletins.filter((b) => bulletinVisible(b, p, agentOf));
    if (alerts) out.alerts = alerts.filter((a) => alertVisible(a, p, agentOf));
    return out.agents || out.teams || out.bulletins || out.alerts ? out : null;
  };
  return { shared, own };
}
