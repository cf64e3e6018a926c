// The wall's pure logic: thresholds, rotation, the agent grid's pages, leaderboards, intervals, the live series.
import { describe, expect, test } from 'vitest';
import { boardsSchema, DEFAULT_BOARD, boardById, type Thresholds } from '../../shared/boards.ts';
import type { AgentView, AgentWindow, IntervalRow, TeamView } from '../../shared/snapshot.ts';
import { groupByTeam, layoutGrid } from '../../wallboard/src/lib/grid.ts';
import { mergeIntervals } from '../../shared/intervals.ts';
import { outstandingAgents, stars, topAgents } from '../../wallboard/src/lib/leaders.ts';
import { LiveSeries } from '../../wallboard/src/lib/live-series.ts';
import { pageIndexAt, pinnedPage, subPageIndexAt } from '../../wallboard/src/lib/rotation.ts';
import { judge, ruleFor } from '../../wallboard/src/lib/thresholds.ts';

const none: Thresholds = { default: {}, queues: {} };

describe('thresholds', () => {
  test('service level defaults to the queue target: green at or above, amber within 5 points, red below', () => {
    const rule = ruleFor(none, 'serviceLevel', 'sales', 0.8);
    expect(judge('serviceLevel', 0.8, rule)).toBe('good');
    expect(judge('serviceLevel', 0.7951, rule)).toBe('good'); // shown as 80%
    expect(judge('serviceLevel', 0.75, rule)).toBe('warn');
    expect(judge('serviceLevel', 0.7449, rule)).toBe('bad'); // shown as 74%
    expect(judge('serviceLevel', null, rule)).toBe('none');
  });

  test('lower-is-better bounds are on the better side when equal', () => {
    const rule = ruleFor(none, 'asaSec', null); // built-in 30 / 60
    expect(judge('asaSec', 30.4, rule)).toBe('good'); // shown 0:30
    expect(judge('asaSec', 31, rule)).toBe('warn');
    expect(judge('asaSec', 60, rule)).toBe('warn');
    expect(judge('asaSec', 61, rule)).toBe('bad');
  });

  test('a queue override beats the board default, which beats the built-in', () => {
    const t: Thresholds = {
      default: { abandonRate: { amber: 0.1, red: 0.2, higherIsBetter: false } },
      queues: { vip: { abandonRate: { amber: 0.01, red: 0.03, higherIsBetter: false } } },
    };
    expect(judge('abandonRate', 0.06, ruleFor(t, 'abandonRate', 'sales'))).toBe('good');
    expect(judge('abandonRate', 0.06, ruleFor(t, 'abandonRate', 'vip'))).toBe('bad');
    expect(judge('abandonRate', 0.06, ruleFor(none, 'abandonRate', 'sales'))).toBe('warn'); // built-in 5% / 10%
    expect(ruleFor(none, 'waiting', 'sales')).toBeNull();
  });

  test('the schema rejects red on the better side of amber and duplicate board ids', () => {
    const page = [{ kind: 'queues' }];
    expect(() =>
      boardsSchema.parse([
        { id: 'a', pages: page, thresholds: { default: { qa: { amber: 80, red: 90, higherIsBetter: true } } } },
      ]),
    ).toThrow(/worse side/);
    expect(() =>
      boardsSchema.parse([
        { id: 'a', pages: page },
        { id: 'a', pages: page },
      ]),
    ).toThrow(/share an id/);
    expect(boardById([], 'default')).toBe(DEFAULT_BOARD);
    expect(boardById([], 'lobby')).toBeUndefined();
  });
});

describe('rotation', () => {
  test('pages turn every rotateSec on the clock, the same on every screen', () => {
    expect(pageIndexAt(0, 20, 4)).toBe(0);
    expect(pageIndexAt(19_999, 20, 4)).toBe(0);
    expect(pageIndexAt(20_000, 20, 4)).toBe(1);
    expect(pageIndexAt(80_000, 20, 4)).toBe(0);
    expect(pinnedPage('agents', DEFAULT_BOARD.pages)).toBe(1);
    expect(pinnedPage('3', DEFAULT_BOARD.pages)).toBe(2);
    expect(pinnedPage('9', DEFAULT_BOARD.pages)).toBeNull();
  });

  test('sub-pages carry on from one visit of the board page to the next', () => {
    // Board: 4 pages of 20 s (80 s a turn); the grid turns every 8 s, so 3 grid pages fit one visit.
    const dwell = { dwellSec: 20, cycleSec: 80 };
    const at = (sec: number) => subPageIndexAt(sec * 1000, 8, 10, dwell);
    expect([at(0), at(8), at(16), at(19)]).toEqual([0, 1, 2, 2]);
    expect([at(80), at(88), at(96)]).toEqual([3, 4, 5]);
    expect(at(240)).toBe(9);
    expect(at(320)).toBe(2); // (4 visits × 3) mod 10
  });
});

function agentWindow(over: Partial<AgentWindow> = {}): AgentWindow {
  return {
    handled: 0,
    missed: 0,
    talkSec: 0,
    ahtSec: null,
    occupancy: null,
    utilization: null,
    csat: null,
    qa: null,
    csatSurveys: 0,
    qaScores: 0,
    outbound: { dialed: 0, connected: 0, callsPerAgentHour: null },
    ...over,
  };
}
function agent(
  id: string,
  name: string,
  teamId: string | null,
  today: Partial<AgentWindow> = {},
  state: AgentView['state'] = 'available',
): AgentView {
  const w = agentWindow(today);
  return {
    id,
    name,
    teamId,
    state,
    reason: null,
    sinceTs: 0,
    callId: null,
    queueId: null,
    queues: [],
    windows: { today: w, '60m': w, '15m': w },
  };
}
const team = (id: string, name: string) => ({ id, name }) as TeamView;

describe('agent grid', () => {
  test('groups by team in team order, by name within, offline left out, no team last', () => {
    const groups = groupByTeam(
      [
        agent('a1', 'Zoe', 't2'),
        agent('a2', 'Amy', 't2'),
        agent('a3', 'Bob', null),
        agent('a4', 'Cy', 't1'),
        agent('a5', 'Off', 't1', {}, 'offline'),
      ],
      [team('t1', 'One'), team('t2', 'Two')],
    );
    expect(groups.map((g) => [g.teamName, g.agents.map((a) => a.name)])).toEqual([
      ['One', ['Cy']],
      ['Two', ['Amy', 'Zoe']],
      [null, ['Bob']],
    ]);
  });

  test('packs teams into pages of rows, a header a row, carrying a big team over', () => {
    const many = (t: string, n: number) =>
      Array.from({ length: n }, (_, i) =>
        agent(`${t}-${String(i).padStart(2, '0')}`, `${t}${String(i).padStart(2, '0')}`, t),
      );
    const groups = groupByTeam([...many('t1', 7), ...many('t2', 10)], [team('t1', 'One'), team('t2', 'Two')]);
    // 4 columns, 5 rows a page: One = header + 2 rows (7 agents); Two has 2 rows left on page 1 → header + 4 agents,
    // then page 2: header + 6 agents in 2 rows.
    const pages = layoutGrid(groups, 4, 5);
    expect(pages.map((p) => p.sections.map((s) => [s.teamName, s.continued, s.agents.length]))).toEqual([
      [
        ['One', false, 7],
        ['Two', false, 4],
      ],
      [['Two', true, 6]],
    ]);
  });
});

describe('leaders', () => {
  const mins = { minCsatSurveys: 5, minQaScores: 3 };
  const floor = [
    agent('a1', 'Ann', 't1', { handled: 12, csat: 4.8, csatSurveys: 10, qa: 91, qaScores: 4 }),
    agent('a2', 'Bo', 't1', { handled: 15, csat: 4.2, csatSurveys: 6, qa: null }),
    agent('a3', 'Cy', 't1', { handled: 12, csat: null, qa: 95, qaScores: 3 }),
    agent('a4', 'Di', 't1', { handled: 0, csat: 3.1, csatSurveys: 5, qa: 60, qaScores: 9 }),
    // One survey of 5.00 and one scored call: too few to rank, however good.
    agent('a5', 'Ed', 't1', { handled: 1, csat: 5, csatSurveys: 1, qa: 100, qaScores: 1 }),
  ];
  test('best first; equal values share a rank and the next skips (1, 1, 3); names order ties', () => {
    expect(topAgents(floor, 'handled', mins).map((l) => [l.agent.id, l.value, l.rank])).toEqual([
      ['a2', 15, 1],
      ['a1', 12, 2],
      ['a3', 12, 2],
      ['a5', 1, 4],
    ]);
    const tied = [
      agent('x', 'Xu', 't1', { handled: 9 }),
      agent('y', 'Yi', 't1', { handled: 9 }),
      agent('z', 'Zo', 't1', { handled: 7 }),
    ];
    expect(topAgents(tied, 'handled', mins).map((l) => l.rank)).toEqual([1, 1, 3]);
  });
  test('CSAT and QA rank only agents with the minimum sample, and carry their n', () => {
    expect(topAgents(floor, 'csat', mins).map((l) => [l.agent.id, l.sample])).toEqual([
      ['a1', 10],
      ['a2', 6],
      ['a4', 5],
    ]);
    expect(topAgents(floor, 'qa', mins).map((l) => l.agent.id)).toEqual(['a3', 'a1', 'a4']);
    expect(topAgents(floor, 'csat', { ...mins, minCsatSurveys: 1 })[0]!.agent.id).toBe('a5');
  });
  test('ties are judged as shown (CSAT to 2 decimals) and a tie is never cut off the end of the list', () => {
    const close = [
      agent('p', 'Pat', 't1', { csat: 4.504, csatSurveys: 9 }),
      agent('q', 'Quinn', 't1', { csat: 4.499, csatSurveys: 9 }),
      agent('r', 'Ray', 't1', { csat: 4.4, csatSurveys: 9 }),
    ];
    // 4.504 and 4.499 both show as 4.50: rank 1 and 1, then 4.40 third.
    expect(topAgents(close, 'csat', mins).map((l) => [l.value, l.rank])).toEqual([
      [4.5, 1],
      [4.5, 1],
      [4.4, 3],
    ]);
    expect(topAgents(close, 'csat', mins, 1).map((l) => l.agent.id)).toEqual(['p', 'q']);
  });
  test('stars in halves; the award for a rank in the top three of at least two lists', () => {
    expect([stars(4.8), stars(4.2), stars(4.25), stars(null)]).toEqual([5, 4, 4.5, null]);
    const lists = (['handled', 'csat', 'qa'] as const).map((m) => topAgents(floor, m, mins));
    // a1: 2nd, 1st, 2nd; a2: 1st, 2nd; a3: 2nd, —, 1st; a4: CSAT 3rd and QA 3rd; a5: handled 4th only.
    expect([...outstandingAgents(lists)].sort()).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect([...outstandingAgents([lists[0]!, lists[1]!])].sort()).toEqual(['a1', 'a2']);
  });
});

describe('intervals and the live series', () => {
  const row = (start: number, offered: number): IntervalRow => ({
    start,
    offered,
    answered: 0,
    answeredWithinSl: 0,
    abandoned: 0,
    abandonedShort: 0,
    serviceLevel: null,
    asaSec: null,
    abandonRate: null,
    peakWaiting: 0,
  });
  test('rows replace by series id and start; new rows and series are added in order', () => {
    const merged = mergeIntervals(
      [{ id: 'center', rows: [row(0, 1), row(900_000, 2)] }],
      [
        { id: 'center', rows: [row(1_800_000, 5), row(900_000, 3)] },
        { id: 'sales', rows: [row(0, 7)] },
      ],
    );
    expect(merged.map((s) => [s.id, s.rows.map((r) => [r.start, r.offered])])).toEqual([
      [
        'center',
        [
          [0, 1],
          [900_000, 3],
          [1_800_000, 5],
        ],
      ],
      ['sales', [[0, 7]]],
    ]);
  });
  test('one point a second at most, and only the window kept', () => {
    const s = new LiveSeries(3);
    expect(s.push(10_100, 1)).toBe(true);
    expect(s.push(10_900, 1)).toBe(false); // same second, same value
    expect(s.push(10_950, 2)).toBe(true); // same second, replaced
    s.push(11_000, 3);
    s.push(13_500, 4);
    expect([s.x, s.y]).toEqual([
      [11, 13],
      [3, 4],
    ]); // second 10 is 3 s before 13
  });
});

describe('ticker', () => {
  const b = (
    id: string,
    updatedAt: number,
    targets: { boards?: string[]; teams?: string[] },
    severity = 'info',
    expiresAt: number | null = null,
  ) => ({ id, text: id, severity, targets, createdBy: 'x', createdAt: 0, updatedAt, expiresAt }) as never;
  test('bulletins for this board or everyone, newest first, then the board’s own messages; urgent ones apart', async () => {
    const { tickerFor, urgentBulletin } = await import('../../wallboard/src/lib/ticker.ts');
    const board = { ...DEFAULT_BOARD, placeholderTicker: false, ticker: ['static'] };
    const all = [
      b('all', 1, {}),
      b('here', 2, { boards: ['default'] }, 'warning'),
      b('lobby', 3, { boards: ['lobby'] }),
      b('team', 4, { teams: ['t1'] }),
      b('fire', 5, {}, 'urgent'),
      b('gone', 6, {}, 'urgent', 50),
    ];
    expect(tickerFor(all, board, 100, [])).toEqual([
      { text: 'here', severity: 'warning' },
      { text: 'all', severity: 'info' },
      { text: 'static', severity: 'info' },
    ]);
    // 'gone' expired at 50: the newest urgent one in force is 'fire'.
    expect(urgentBulletin(all, board, 100)?.id).toBe('fire');
    expect(urgentBulletin(all, board, 40)?.id).toBe('gone');
  });
  test('the built-in board’s placeholder lines follow the queues’ own target, or leave it out when they differ', async () => {
    const { placeholderLines, tickerFor } = await import('../../wallboard/src/lib/ticker.ts');
    const { MESSAGES } = await import('../../wallboard/src/lib/messages.ts');
    const q = (slTarget: number, slThresholdSec: number) => ({ slTarget, slThresholdSec }) as never;
    const zh = MESSAGES['zh-CN'];
    expect(placeholderLines([q(0.9, 15), q(0.9, 15)], zh, 'zh-CN')).toEqual([
      '服务水平目标：15 秒内接通 90% 的来电。',
      zh.builtIn.welcome,
    ]);
    expect(placeholderLines([q(0.9, 15), q(0.8, 20)], MESSAGES.en, 'en')).toEqual([MESSAGES.en.builtIn.welcome]);
    expect(tickerFor([], DEFAULT_BOARD, 0, ['line'])).toEqual([{ text: 'line', severity: 'info' }]);
  });
});
