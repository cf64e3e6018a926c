// Who sees what: roles and supervisor scopes applied to snapshots, updates, alerts, bulletins and socket rooms.
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/alerts.ts';
import type { Bulletin } from '../../shared/bulletins.ts';
import type { Snapshot, Update } from '../../shared/snapshot.ts';
import type { Principal } from '../../server/auth/principals.ts';
import { AGENTS_ROOM, bulletinVisible, roomOf, roomPrincipal, scopeSnapshot, scopeUpdate, splitForAgents } from '../../server/auth/scope.ts';

const agent = (id: string, teamId: string | null) => ({ id, teamId, name: id }) as Snapshot['agents'][number];
const queue = (id: string) => ({ id }) as Snapshot['queues'][number];
const team = (id: string) => ({ id }) as Snapshot['teams'][number];
const alert = (scopeKind: Alert['scopeKind'], entityId: string) => ({ id: `r:${entityId}`, scopeKind, entityId }) as Alert;

const snapshot = (): Snapshot =>
  ({
    asOf: 1,
    cursor: '1-0',
    agents: [agent('a1', 't1'), agent('a2', 't2'), agent('a3', null)],
    queues: [queue('sales'), queue('support')],
    teams: [team('t1'), team('t2')],
    intervals: [
      { id: 'center', rows: [] },
      { id: 'sales', rows: [] },
      { id: 'support', rows: [] },
    ],
    bulletins: [],
    alerts: [alert('center', 'center'), alert('queue', 'support'), alert('team', 't2'), alert('agent', 'a1'), alert('agent', 'a2')],
  }) as unknown as Snapshot;

const ids = (xs: { id: string }[] | undefined) => xs?.map((x) => x.id);
const alertIds = (xs: Alert[] | undefined) => xs?.map((a) => a.id);

const ADMIN: Principal = { role: 'admin', name: 'admin' };
const SUP: Principal = { role: 'supervisor', name: 's' };
const SUP_T1: Principal = { role: 'supervisor', name: 's1', teams: ['t1'] };
const SUP_SALES: Principal = { role: 'supervisor', name: 's2', queues: ['sales'] };
const DISPLAY: Principal = { role: 'display', name: 'wall' };
const AGENT_A1: Principal = { role: 'agent', name: 'a1', agentId: 'a1' };
const teamOf = (id: string) => ({ a1: 't1', a2: 't2' })[id] ?? null;

describe('scopeSnapshot', () => {
  it('admins and unscoped supervisors see it all', () => {
    const s = snapshot();
    expect(scopeSnapshot(s, ADMIN)).toBe(s);
    expect(scopeSnapshot(s, SUP)).toBe(s);
  });

  it("a team-scoped supervisor sees only its team's agents, team and alerts, but every queue", () => {
    const s = scopeSnapshot(snapshot(), SUP_T1);
    expect(ids(s.agents)).toEqual(['a1']);
    expect(ids(s.teams)).toEqual(['t1']);
    expect(ids(s.queues)).toEqual(['sales', 'support']);
    expect(ids(s.intervals)).toEqual(['center', 'sales', 'support']);
    expect(alertIds(s.alerts)).toEqual(['r:center', 'r:support', 'r:a1']);
  });

  it('a queue-scoped supervisor sees only its queues (and their intervals and alerts), and every agent', () => {
    const s = scopeSnapshot(snapshot(), SUP_SALES);
    expect(ids(s.queues)).toEqual(['sales']);
    expect(ids(s.intervals)).toEqual(['center', 'sales']);
    expect(ids(s.agents)).toEqual(['a1', 'a2', 'a3']);
    expect(alertIds(s.alerts)).toEqual(['r:center', 'r:t2', 'r:a1', 'r:a2']);
  });

  it('an agent sees itself, its own team, all queues, and no alert about another agent', () => {
    const s = scopeSnapshot(snapshot(), AGENT_A1);
    expect(ids(s.agents)).toEqual(['a1']);
    expect(ids(s.teams)).toEqual(['t1']);
    expect(ids(s.queues)).toEqual(['sales', 'support']);
    expect(alertIds(s.alerts)).toEqual(['r:center', 'r:support', 'r:t2', 'r:a1']);
  });

  it('a wall sees every agent but no alert about one', () => {
    const s = scopeSnapshot(snapshot(), DISPLAY);
    expect(ids(s.agents)).toEqual(['a1', 'a2', 'a3']);
    expect(alertIds(s.alerts)).toEqual(['r:center', 'r:support', 'r:t2']);
  });
});

describe('scopeUpdate', () => {
  const update = (agents: string[]): Update =>
    ({
      asOf: 2,
      cursor: '2-0',
      agents: agents.map((id) => agent(id, teamOf(id))),
      queues: [queue('support')],
      intervals: [{ id: 'support', rows: [] }],
      alerts: [alert('agent', 'a2'), alert('agent', 'a1')],
    }) as Update;

  it('leaves out lists with nothing the caller may see', () => {
    const u = scopeUpdate(update(['a2']), SUP_T1, teamOf);
    expect('agents' in u).toBe(false);
    expect(ids(u.queues)).toEqual(['support']);
    expect(alertIds(u.alerts)).toEqual(['r:a1']);
    const q = scopeUpdate(update(['a2']), SUP_SALES, teamOf);
    expect('queues' in q).toBe(false);
    expect('intervals' in q).toBe(false);
    expect(ids(q.agents)).toEqual(['a2']);
  });

  it("judges an agent alert by the agent's team even when the agent itself did not change", () => {
    expect(alertIds(scopeUpdate(update([]), SUP_T1, teamOf).alerts)).toEqual(['r:a1']);
    expect(alertIds(scopeUpdate(update([]), SUP_T1, () => null).alerts)).toEqual([]);
  });

  it('an agent gets only its own entry', () => {
    const u = scopeUpdate(update(['a1', 'a2']), AGENT_A1, teamOf);
    expect(ids(u.agents)).toEqual(['a1']);
    expect(alertIds(u.alerts)).toEqual(['r:a1']);
  });
});

describe("agents' updates in two parts", () => {
  const full = (): Update =>
    ({
      asOf: 3,
      cursor: '3-0',
      stale: null,
      center: { waiting: 4 },
      queues: [queue('sales')],
      intervals: [{ id: 'center', rows: [] }],
      agents: [agent('a1', 't1'), agent('a2', 't2')],
      teams: [team('t1'), team('t2')],
      alerts: [alert('center', 'center'), alert('agent', 'a2')],
      bulletins: [{ id: 'b1', targets: { teams: ['t2'] } }, { id: 'b2', targets: {} }],
    }) as unknown as Update;

  it('the shared part holds the centre, queues and intervals, and nothing about any agent or team', () => {
    const { shared } = splitForAgents(full(), teamOf, true);
    expect(Object.keys(shared).sort()).toEqual(['asOf', 'center', 'cursor', 'intervals', 'queues', 'stale']);
  });

  it("an agent's own part holds its row, its team's, its bulletins, and the alerts only when they changed", () => {
    const own = splitForAgents(full(), teamOf, true).own(AGENT_A1)!;
    expect(ids(own.agents)).toEqual(['a1']);
    expect(ids(own.teams)).toEqual(['t1']);
    expect(ids(own.bulletins)).toEqual(['b2']);
    expect(alertIds(own.alerts)).toEqual(['r:center']);
    expect('alerts' in splitForAgents(full(), teamOf, false).own(AGENT_A1)!).toBe(false);
  });

  it('nothing addressed to the agent: no message', () => {
    const u = { asOf: 3, cursor: '3-0', agents: [agent('a2', 't2')], teams: [team('t2')], alerts: [] } as unknown as Update;
    expect(splitForAgents(u, teamOf, false).own(AGENT_A1)).toBeNull();
    // So is a changed bulletin list, even when nothing in it is for this agent any more.
    expect(splitForAgents({ ...u, bulletins: [] }, teamOf, false).own(AGENT_A1)).toEqual({ asOf: 3, cursor: '3-0', bulletins: [] });
    // A changed alert list is addressed to everyone, even when it became empty.
    expect(splitForAgents(u, teamOf, true).own(AGENT_A1)).toEqual({ asOf: 3, cursor: '3-0', alerts: [] });
  });
});

describe('bulletinVisible', () => {
  const b = (targets: Bulletin['targets']) => ({ id: 'b', targets }) as Bulletin;
  it('agents get bulletins for everyone or for their team; walls and supervisors get all', () => {
    expect(bulletinVisible(b({}), AGENT_A1, teamOf)).toBe(true);
    expect(bulletinVisible(b({ teams: ['t1', 't9'] }), AGENT_A1, teamOf)).toBe(true);
    expect(bulletinVisible(b({ teams: ['t2'] }), AGENT_A1, teamOf)).toBe(false);
    expect(bulletinVisible(b({ boards: ['lobby'] }), AGENT_A1, teamOf)).toBe(false);
    expect(bulletinVisible(b({ teams: ['t2'] }), DISPLAY, teamOf)).toBe(true);
    expect(bulletinVisible(b({ teams: ['t2'] }), SUP_T1, teamOf)).toBe(true);
    expect(bulletinVisible(b({}), { role: 'feed', name: 'f' }, teamOf)).toBe(false);
  });
});

describe('socket rooms', () => {
  it('one room per audience, from which the same scope is rebuilt', () => {
    for (const p of [ADMIN, SUP, DISPLAY, AGENT_A1, SUP_T1, SUP_SALES, { role: 'supervisor', name: 'x', teams: ['t1'], queues: ['sales'] } as Principal]) {
      const back = roomPrincipal(roomOf(p))!;
      expect({ role: back.role, agentId: back.agentId, teams: back.teams, queues: back.queues }).toEqual({
        role: p.role,
        agentId: p.agentId,
        teams: p.teams,
        queues: p.queues,
      });
    }
    expect(roomOf(SUP_T1)).not.toBe(roomOf(SUP));
    expect(roomPrincipal('Xk3s9-socket-id')).toBeNull();
    expect(roomPrincipal(AGENTS_ROOM)).toBeNull();
  });
});
