// Who sees what: roles and supervisor scopes applied to snapshots, updates, alerts, bulletins and socket rooms.
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/alerts.ts';
import type { Bulletin } from '../../shared/bulletins.ts';
import type { Snapshot, Update } from '../../shared/snapshot.ts';
import type { Principal } from '../../server/auth/principals.ts';
import {
  alertActionable,
  bulletinRefusal,
  bulletinVisible,
  scopeSnapshot,
  scopeUpdate,
  splitForAgents,
  type AgentOf,
} from '../../server/auth/scope.ts';
import { AGENTS_ROOM, roomOf, roomPrincipal } from '../../server/realtime/rooms.ts';

// a1: team t1, queue sales; a2: team t2, queue support; a3: no team, no queue.
const PLACES = new Map([
  ['a1', { teamId: 't1', queues: ['sales'] }],
  ['a2', { teamId: 't2', queues: ['support'] }],
  ['a3', { teamId: null, queues: [] }],
]);
const agentOf: AgentOf = (id) => PLACES.get(id);
const agent = (id: string) => ({ id, name: id, ...PLACES.get(id)! }) as Snapshot['agents'][number];
const queue = (id: string) => ({ id }) as Snapshot['queues'][number];
const team = (id: string) => ({ id }) as Snapshot['teams'][number];
const alert = (scopeKind: Alert['scopeKind'], entityId: string) =>
  ({ id: `r:${entityId}`, scopeKind, entityId }) as Alert;

const snapshot = (): Snapshot =>
  ({
    asOf: 1,
    cursor: '1-0',
    agents: [agent('a1'), agent('a2'), agent('a3')],
    queues: [queue('sales'), queue('support')],
    teams: [team('t1'), team('t2')],
    groups: [
      { id: 'g-sales', queues: ['sales'] },
      { id: 'g-both', queues: ['sales', 'support'] },
    ],
    intervals: [
      { id: 'center', rows: [] },
      { id: 'sales', rows: [] },
      { id: 'support', rows: [] },
    ],
    bulletins: [],
    alerts: [
      alert('center', 'center'),
      alert('queue', 'support'),
      alert('team', 't2'),
      alert('agent', 'a1'),
      alert('agent', 'a2'),
    ],
  }) as unknown as Snapshot;

const ids = (xs: { id: string }[] | undefined) => xs?.map((x) => x.id);
const alertIds = (xs: Alert[] | undefined) => xs?.map((a) => a.id);

const ADMIN: Principal = { role: 'admin', name: 'admin' };
const SUP: Principal = { role: 'supervisor', name: 's' };
const SUP_T1: Principal = { role: 'supervisor', name: 's1', teams: ['t1'] };
const SUP_SALES: Principal = { role: 'supervisor', name: 's2', queues: ['sales'] };
const DISPLAY: Principal = { role: 'display', name: 'wall' };
const AGENT_A1: Principal = { role: 'agent', name: 'a1', agentId: 'a1' };

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

  it('a queue-scoped supervisor sees only its queues (and their intervals and alerts), and the agents logged in to them', () => {
    const s = scopeSnapshot(snapshot(), SUP_SALES);
    expect(ids(s.queues)).toEqual(['sales']);
    expect(ids(s.intervals)).toEqual(['center', 'sales']);
    // A group's totals include all its queues: only a group of its own queues.
    expect(ids(s.groups)).toEqual(['g-sales']);
    expect(ids(s.agents)).toEqual(['a1']);
    // Team rows and the centre are aggregates, there to read (docs/contract.md).
    expect(ids(s.teams)).toEqual(['t1', 't2']);
    expect(alertIds(s.alerts)).toEqual(['r:center', 'r:t2', 'r:a1']);
  });

  it('a supervisor scoped to teams and queues sees the agents in both', () => {
    const both: Principal = { role: 'supervisor', name: 'b', teams: ['t2'], queues: ['sales'] };
    expect(ids(scopeSnapshot(snapshot(), both).agents)).toEqual([]);
    expect(ids(scopeSnapshot(snapshot(), { ...both, teams: ['t1'] }).agents)).toEqual(['a1']);
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
      agents: agents.map((id) => agent(id)),
      queues: [queue('support')],
      intervals: [{ id: 'support', rows: [] }],
      alerts: [alert('agent', 'a2'), alert('agent', 'a1')],
    }) as Update;

  it('leaves out lists with nothing the caller may see', () => {
    const u = scopeUpdate(update(['a2']), SUP_T1, agentOf);
    expect('agents' in u).toBe(false);
    expect(ids(u.queues)).toEqual(['support']);
    expect(alertIds(u.alerts)).toEqual(['r:a1']);
    const q = scopeUpdate(update(['a1', 'a2']), SUP_SALES, agentOf);
    expect('queues' in q).toBe(false);
    expect('intervals' in q).toBe(false);
    expect(ids(q.agents)).toEqual(['a1']);
    expect(alertIds(q.alerts)).toEqual(['r:a1']);
  });

  it("judges an agent alert by the agent's team and queues even when the agent itself did not change", () => {
    expect(alertIds(scopeUpdate(update([]), SUP_T1, agentOf).alerts)).toEqual(['r:a1']);
    expect(alertIds(scopeUpdate(update([]), SUP_SALES, agentOf).alerts)).toEqual(['r:a1']);
    expect(alertIds(scopeUpdate(update([]), SUP_T1, () => undefined).alerts)).toEqual([]);
  });

  it('an agent gets only its own entry', () => {
    const u = scopeUpdate(update(['a1', 'a2']), AGENT_A1, agentOf);
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
      agents: [agent('a1'), agent('a2')],
      teams: [team('t1'), team('t2')],
      alerts: [alert('center', 'center'), alert('agent', 'a2')],
      bulletins: [
        { id: 'b1', targets: { teams: ['t2'] } },
        { id: 'b2', targets: {} },
      ],
    }) as unknown as Update;

  it('the shared part holds the centre, queues and intervals, and nothing about any agent or team', () => {
    const { shared } = splitForAgents(full(), agentOf, true);
    expect(Object.keys(shared).sort()).toEqual(['asOf', 'center', 'cursor', 'intervals', 'queues', 'stale']);
  });

  it("an agent's own part holds its row, its team's, its bulletins, and the alerts only when they changed", () => {
    const own = splitForAgents(full(), agentOf, true).own(AGENT_A1)!;
    expect(ids(own.agents)).toEqual(['a1']);
    expect(ids(own.teams)).toEqual(['t1']);
    expect(ids(own.bulletins)).toEqual(['b2']);
    expect(alertIds(own.alerts)).toEqual(['r:center']);
    expect('alerts' in splitForAgents(full(), agentOf, false).own(AGENT_A1)!).toBe(false);
  });

  it('nothing addressed to the agent: no message', () => {
    const u = { asOf: 3, cursor: '3-0', agents: [agent('a2')], teams: [team('t2')], alerts: [] } as unknown as Update;
    expect(splitForAgents(u, agentOf, false).own(AGENT_A1)).toBeNull();
    // So is a changed bulletin list, even when nothing in it is for this agent any more.
    expect(splitForAgents({ ...u, bulletins: [] }, agentOf, false).own(AGENT_A1)).toEqual({
      asOf: 3,
      cursor: '3-0',
      bulletins: [],
    });
    // A changed alert list is addressed to everyone, even when it became empty.
    expect(splitForAgents(u, agentOf, true).own(AGENT_A1)).toEqual({ asOf: 3, cursor: '3-0', alerts: [] });
  });
});

describe('bulletinVisible', () => {
  const b = (targets: Bulletin['targets']) => ({ id: 'b', targets }) as Bulletin;
  it('agents get bulletins for everyone or for their team; team-scoped supervisors all but those for other teams only; walls and the rest get all', () => {
    expect(bulletinVisible(b({}), AGENT_A1, agentOf)).toBe(true);
    expect(bulletinVisible(b({ teams: ['t1', 't9'] }), AGENT_A1, agentOf)).toBe(true);
    expect(bulletinVisible(b({ teams: ['t2'] }), AGENT_A1, agentOf)).toBe(false);
    expect(bulletinVisible(b({ boards: ['lobby'] }), AGENT_A1, agentOf)).toBe(false);
    expect(bulletinVisible(b({ teams: ['t2'] }), DISPLAY, agentOf)).toBe(true);
    expect(bulletinVisible(b({ teams: ['t2'] }), SUP_T1, agentOf)).toBe(false);
    expect(bulletinVisible(b({ teams: ['t2', 't1'] }), SUP_T1, agentOf)).toBe(true);
    expect(bulletinVisible(b({}), SUP_T1, agentOf)).toBe(true);
    expect(bulletinVisible(b({ boards: ['lobby'] }), SUP_T1, agentOf)).toBe(true);
    expect(bulletinVisible(b({ teams: ['t2'] }), SUP_SALES, agentOf)).toBe(true);
    expect(bulletinVisible(b({ teams: ['t2'] }), SUP, agentOf)).toBe(true);
    expect(bulletinVisible(b({}), { role: 'feed', name: 'f' }, agentOf)).toBe(false);
  });
});

describe('what a supervisor may act on', () => {
  it('alerts: a scoped supervisor acknowledges only those about its own queues, teams and agents', () => {
    const acts = (p: Principal) =>
      snapshot()
        .alerts.filter((a) => alertActionable(a, p, agentOf))
        .map((a) => a.id);
    const all = ['r:center', 'r:support', 'r:t2', 'r:a1', 'r:a2'];
    expect(acts(ADMIN)).toEqual(all);
    expect(acts(SUP)).toEqual(all);
    expect(acts(SUP_T1)).toEqual(['r:a1']);
    expect(acts(SUP_SALES)).toEqual(['r:a1']);
    expect(acts({ role: 'supervisor', name: 'x', teams: ['t2'], queues: ['support'] })).toEqual([
      'r:support',
      'r:t2',
      'r:a2',
    ]);
    expect(acts(DISPLAY)).toEqual([]);
    expect(acts(AGENT_A1)).toEqual([]);
  });

  it('bulletins: a team-scoped supervisor addresses only its own teams; a queue-scoped one none', () => {
    expect(bulletinRefusal({}, SUP)).toBeNull();
    expect(bulletinRefusal({ boards: ['lobby'] }, ADMIN)).toBeNull();
    expect(bulletinRefusal({ teams: ['t1'] }, SUP_T1)).toBeNull();
    for (const targets of [
      {},
      { teams: [] },
      { teams: ['t2'] },
      { teams: ['t1', 't2'] },
      { teams: ['t1'], boards: ['lobby'] },
      { boards: ['lobby'] },
    ]) {
      expect(bulletinRefusal(targets, SUP_T1), JSON.stringify(targets)).toMatch(
        /^forbidden: a team-scoped supervisor's bulletins go to its own teams only/,
      );
    }
    expect(bulletinRefusal({ teams: ['t1'] }, SUP_SALES)).toMatch(
      /^forbidden: a supervisor scoped to queues does not post bulletins/,
    );
    expect(bulletinRefusal({}, DISPLAY)).toBe('forbidden');
  });
});

describe('socket rooms', () => {
  it('one room per audience, from which the same scope is rebuilt', () => {
    for (const p of [
      ADMIN,
      SUP,
      DISPLAY,
      AGENT_A1,
      SUP_T1,
      SUP_SALES,
      { role: 'supervisor', name: 'x', teams: ['t1'], queues: ['sales'] } as Principal,
    ]) {
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
