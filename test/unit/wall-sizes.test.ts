// The wall's sizing and freshness rules, by hand-computed cases: the figure floor from viewing distance and panel,
// the agent grid's tile size and paging, time-in-state limits, the grid's own counts, outbound cards, data age.
import { describe, expect, test } from 'vitest';
import { DEFAULT_STATE_LIMITS, boardSchema } from '../../shared/boards.ts';
import type { AgentView, AgentWindow, QueueView } from '../../shared/snapshot.ts';
import { layoutTiles } from '../../wallboard/src/lib/agent-tiles.ts';
import { columnsFor, rowsFor } from '../../wallboard/src/lib/fit.ts';
import { dataAgeSec, dataTime, streamIdMs } from '../../wallboard/src/lib/freshness.ts';
import { countStates, groupByTeam } from '../../wallboard/src/lib/grid.ts';
import { capHeightMm, mmPerPx, textFloor } from '../../wallboard/src/lib/legibility.ts';
import { isOutbound } from '../../wallboard/src/lib/queue-kind.ts';
import { limitFor, timeStatus } from '../../wallboard/src/lib/state-limits.ts';

describe('the figure floor', () => {
  test('16 arcminutes at 8 m on a 55-inch panel: ≈ 81 px at 1080p, ≈ 162 px at 4K, labels half', () => {
    // h = 2 · 8000 mm · tan(8′) = 37.23 mm.
    expect(capHeightMm(8)).toBeCloseTo(37.23, 2);
    // 55″ = 1397 mm across a 2202.9-px diagonal: 0.6342 mm per px.
    expect(mmPerPx(55, 1920, 1080)).toBeCloseTo(0.6342, 4);
    // 37.23 / (0.72 × 0.6342) = 81.5 px; at 4K the pixels are half the size, so 163.1 px.
    const hd = textFloor({ viewingDistanceM: 8, panelInches: 55 }, 1920, 1080);
    expect(hd.figurePx).toBeCloseTo(81.5, 1);
    expect(hd.labelPx).toBeCloseTo(40.8, 1);
    expect(textFloor({ viewingDistanceM: 8, panelInches: 55 }, 3840, 2160).figurePx).toBeCloseTo(163.1, 1);
    // A portrait 1080×1920 panel has the same diagonal as 1080p: the same floor.
    expect(textFloor({ viewingDistanceM: 8, panelInches: 55 }, 1080, 1920).figurePx).toBeCloseTo(81.5, 1);
    // 10 m on a 65-inch panel: 46.54 mm / (0.72 × 1651/2202.9 = 0.5396) = 86.25 px.
    expect(textFloor({ viewingDistanceM: 10, panelInches: 65 }, 1920, 1080).figurePx).toBeCloseTo(86.25, 1);
  });
  test('a board without the keys gets 8 m and 55 inches; out-of-range values are refused by name', () => {
    const b = boardSchema.parse({ id: 'x', pages: [{ kind: 'queues' }] });
    expect([b.viewingDistanceM, b.panelInches, b.staleAfterSec]).toEqual([8, 55, 15]);
    expect(b.stateLimits).toEqual(DEFAULT_STATE_LIMITS);
    expect(b.leaders).toEqual({ minCsatSurveys: 5, minQaScores: 3 });
    expect(() => boardSchema.parse({ id: 'x', pages: [{ kind: 'queues' }], viewingDistanceM: 0 })).toThrow(
      /viewingDistanceM/,
    );
  });
  test('boxes that fit: at least one, at most the board’s columns', () => {
    // (1000 + 10) / (300 + 10) = 3.26 → 3; capped at 2; a box wider than the space still shows one.
    expect(columnsFor(1000, 300, 10)).toBe(3);
    expect(columnsFor(1000, 300, 10, 2)).toBe(2);
    expect(columnsFor(100, 300, 10)).toBe(1);
    // (700 + 10) / (230 + 10) = 2.96 → 2.
    expect(rowsFor(700, 230, 10)).toBe(2);
    expect(rowsFor(100, 230, 10)).toBe(1);
  });
});

// Only what the grid reads; the windows' other figures do not matter here.
const aw = {
  handled: 0,
  talkSec: 0,
  ahtSec: null,
  occupancy: null,
  utilization: null,
  csat: null,
  qa: null,
  csatSurveys: 0,
  qaScores: 0,
  outbound: { dialed: 0, connected: 0, callsPerAgentHour: null },
} as AgentWindow;
function agent(
  i: number,
  teamId: string | null,
  state: AgentView['state'] = 'available',
  reason: string | null = null,
): AgentView {
  return {
    id: `a${i}`,
    name: `Agent ${i}`,
    teamId,
    state,
    reason,
    sinceTs: 0,
    callId: null,
    queueId: null,
    queues: [],
    windows: { today: aw, '60m': aw, '15m': aw },
  };
}
const teams = [
  {
    id: 't1',
    name: 'One',
    agents: { loggedIn: 0, available: 0, dialing: 0, talking: 0, hold: 0, acw: 0, aux: 0 },
    windows: { today: aw, '60m': aw, '15m': aw },
  },
];

describe('the agent grid', () => {
  const space = { width: 1880, height: 800, minPx: 40, maxPx: 100, nameEm: 5 };
  test('few agents get big two-line tiles, all on one page', () => {
    const l = layoutTiles(
      groupByTeam(
        Array.from({ length: 6 }, (_, i) => agent(i, 't1')),
        teams,
      ),
      space,
    );
    expect(l.lines).toBe(2);
    expect(l.pages).toHaveLength(1);
    // The largest size tried first: 100 px. Two lines: width max(1.3 + 5, 6 + 0.4 + 4) + 0.9 = 11.3 em = 1130 px,
    // so 1 column; height 100 × (2 × 1.22 + 0.35) = 279 px → 2 rows (a header and one tile): too few. Sizes step
    // down by 6 % until a header and 6 tiles fit.
    expect(l.fontPx).toBeLessThan(100);
    expect(l.fontPx).toBeGreaterThan(40);
    expect(l.cols * (l.rows - 1)).toBeGreaterThanOrEqual(6);
  });
  test('many agents get one-line tiles at the floor, paged, never below it', () => {
    const l = layoutTiles(
      groupByTeam(
        Array.from({ length: 1000 }, (_, i) => agent(i, 't1')),
        teams,
      ),
      space,
    );
    expect(l.lines).toBe(1);
    expect(l.fontPx).toBe(40);
    // One line at 40 px: (1.3 + 5 + 0.4 + 4 + 0.9) × 40 = 464 px → (1880 + 8) / (464 + 8) = 4 columns;
    // 40 × (1.22 + 0.35) = 62.8 px → (800 + 8) / 70.8 = 11 rows: a header and 10 rows of 4 = 40 a page → 25 pages.
    expect([l.cols, l.rows]).toEqual([4, 11]);
    expect(l.pages).toHaveLength(25);
  });
  test('the counts above a team-filtered grid are that grid’s agents', () => {
    const floor = [
      agent(1, 't1', 'talking'),
      agent(2, 't1', 'aux', 'break'),
      agent(3, 't2', 'available'),
      agent(4, 't2', 'offline'),
      agent(5, null, 'acw'),
    ];
    expect(countStates(groupByTeam(floor, teams, ['t1']))).toEqual({
      loggedIn: 2,
      available: 0,
      dialing: 0,
      talking: 1,
      hold: 0,
      acw: 0,
      aux: 1,
    });
    expect(countStates(groupByTeam(floor, teams)).loggedIn).toBe(4);
  });
  test('time-in-state limits per state, a reason’s own replacing its state’s', () => {
    const limits = DEFAULT_STATE_LIMITS;
    // A break: amber after 15 min, red after 20; a bound itself is within.
    expect(limitFor(limits, 'aux', 'break')).toEqual({ amberSec: 900, redSec: 1200 });
    expect([
      timeStatus(limitFor(limits, 'aux', 'break'), 900),
      timeStatus(limitFor(limits, 'aux', 'break'), 901),
      timeStatus(limitFor(limits, 'aux', 'break'), 1201),
    ]).toEqual(['none', 'warn', 'bad']);
    // An unknown reason takes aux's (15/30 min); available has no limit; a reason named like a prototype key is no rule.
    expect(limitFor(limits, 'aux', 'dentist')).toEqual({ amberSec: 900, redSec: 1800 });
    expect(limitFor(limits, 'available', null)).toBeNull();
    expect(limitFor(limits, 'aux', 'constructor')).toEqual(limits.states.aux);
  });
});

describe('outbound cards and data age', () => {
  const q = (offered: number, dialed: number, waiting = 0) =>
    ({ waiting, windows: { today: { offered, outbound: { dialed } } } }) as unknown as QueueView;
  test('a queue that dialled and took no inbound call today is a campaign', () => {
    expect(isOutbound(q(0, 120))).toBe(true);
    expect(isOutbound(q(3, 120))).toBe(false);
    expect(isOutbound(q(0, 0))).toBe(false);
    expect(isOutbound(q(0, 120, 1))).toBe(false);
  });
  test('age from the data’s own time: the update’s asOf, or the last event’s while the feed is cut off', () => {
    expect(streamIdMs('1700000000123-4')).toBe(1700000000123);
    expect(streamIdMs('0-0')).toBeNull();
    expect(() => streamIdMs('nonsense')).toThrow(/stream id/);
    const live = { asOf: 1_000_000, cursor: '990000-0', stale: null };
    expect(dataAgeSec(live, 1_004_000)).toBe(4);
    // The server noticed at 999 000 (9 s after the last event at 990 000) and keeps sending updates: the numbers are
    // as old as the last event, 14 s at 1 004 000 — not the 5 s since it noticed, nor 0 s since the last update.
    const cut = { asOf: 1_003_000, cursor: '990000-0', stale: { since: 999_000, reason: 'redis down' } };
    expect(dataTime(cut)).toBe(990_000);
    expect(dataAgeSec(cut, 1_004_000)).toBe(14);
  });
});
