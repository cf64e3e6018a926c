// Interval rows against the live windows: folding a simulated day, each 15-minute row of every scope equals what
// the engine's rolling 15m window shows when it covers exactly that interval (at its end: [end − 15 min, end]),
// and the day's rows add up to `today`. Includes both DST days of America/New_York (92 and 100 intervals).
import { describe, expect, it } from 'vitest';
import { simulate } from '../../agent-sim/floor.ts';
import { defaultRate } from '../../agent-sim/options.ts';
import { parseConfig } from '../../shared/config.ts';
import { localDayStart, DayClock } from '../../shared/time.ts';
import { createState, fold, view, type EngineState, type View } from '../../server/engine/index.ts';
import { intervalOf, intervalRawRows, intervalStarts, type RawRow } from '../../server/engine/interval-rows.ts';
import { agentWindow, queueWindow } from '../../server/engine/windows.ts';
import { F, addInto, newTally } from '../../server/engine/tally.ts';
import { expectClose } from '../helpers/close.ts';

const NY = 'America/New_York';

describe('interval boundaries', () => {
  it('a New York day has 96 intervals, 92 on the spring-forward day and 100 on the fall-back day', () => {
    const clock = new DayClock(NY);
    const day = (y: number, m: number, d: number) => {
      const start = localDayStart(Date.UTC(y, m - 1, d, 12), NY);
      return intervalStarts(clock, start, clock.nextDayStart(start));
    };
    expect(day(2026, 3, 7)).toHaveLength(96);
    expect(day(2026, 3, 8)).toHaveLength(92);
    expect(day(2026, 11, 1)).toHaveLength(100);
    // 01:00–02:00 local happens twice on 1 November: intervals stay 15 minutes of real time, back to back.
    const fall = day(2026, 11, 1);
    for (let i = 1; i < fall.length; i++) expect(fall[i]! - fall[i - 1]!).toBe(15 * 60_000);
    expect(intervalOf(clock, fall[99]!).end).toBe(clock.nextDayStart(fall[0]!));
  });
});

const windowOf = (r: RawRow, state: EngineState) =>
  r.scope === 'queue'
    ? queueWindow(r.tally, state.queues.get(r.id)!.config.serviceLevelFormula)
    : r.scope === 'center'
      ? queueWindow(r.tally, 'answered+abandoned')
      : agentWindow(r.tally);

function liveWindow(v: View, r: RawRow) {
  switch (r.scope) {
    case 'center':
      return v.center.windows['15m'];
    case 'queue':
      return v.queues.find((q) => q.id === r.id)!.windows['15m'];
    case 'team':
      return v.teams!.find((t) => t.id === r.id)!.windows['15m'];
    case 'agent':
      return v.agents.find((a) => a.id === r.id)!.windows['15m'];
  }
}

/** Folds a simulated day; at each interval end checks the rows against the live 15m window. */
function foldDay(timezone: string, dayStart: number, seed: number) {
  const config = parseConfig({ timezone });
  const state = createState(config);
  const clock = new DayClock(timezone);
  const dayEnd = clock.nextDayStart(dayStart);
  const starts = intervalStarts(clock, dayStart, dayEnd);
  const rows = new Map<number, RawRow[]>();
  let next = 0;
  const closeUpTo = (ts: number) => {
    while (next < starts.length && intervalOf(clock, starts[next]!).end <= ts) {
      const s = starts[next++]!;
      const { end } = intervalOf(clock, s);
      // A closed interval is exactly what the 15m window covers at its end, [end − 15 min, end]: no event at `end`
      // has been folded yet (the next one is folded after this check).
      const closed = intervalRawRows(state, s, end);
      const v = view(state, end);
      for (const r of closed)
        expectClose(windowOf(r, state), liveWindow(v, r), `${new Date(s).toISOString()} ${r.scope}:${r.id}`);
      // Every agent that has a window with something in it has a row.
      for (const a of v.agents) {
        const w = a.windows['15m'];
        if (w.handled || w.utilization !== null || w.outbound.dialed)
          expect(closed.some((r) => r.scope === 'agent' && r.id === a.id)).toBe(true);
      }
      // The running interval at its last millisecond already holds every count the closed one does.
      const atLastMs = new Map(intervalRawRows(state, s, end - 1).map((r) => [`${r.scope}:${r.id}`, r]));
      for (const r of closed) {
        const before = atLastMs.get(`${r.scope}:${r.id}`);
        if (!before) continue;
        for (const f of [F.offered, F.answered, F.handled, F.handleTalk, F.dialed, F.abandoned])
          expect(r.tally[f]).toBe(before.tally[f]);
      }
      rows.set(s, closed);
    }
  };
  // The floor starts two hours before the day, so the day opens with agents logged in and calls in progress.
  const sim = simulate(
    {
      agents: 24,
      queues: 3,
      rate: defaultRate(24),
      seed,
      curve: 'intraday',
      timezone,
      durationSec: (dayEnd - dayStart) / 1000 + 7200,
    },
    dayStart - 7200_000,
  );
  for (const e of sim) {
    closeUpTo(e.ts);
    fold(state, e);
  }
  closeUpTo(dayEnd);
  return { state, starts, rows, dayEnd };
}

describe('a simulated day, interval by interval', () => {
  for (const [zone, y, m, d, n] of [
    ['Asia/Shanghai', 2026, 11, 27, 96],
    [NY, 2026, 3, 8, 92],
    [NY, 2026, 11, 1, 100],
  ] as const) {
    it(`${zone} ${y}-${m}-${d}: ${n} intervals, each equal to the live 15m window; the day's rows sum to today`, {
      timeout: 60_000,
    }, () => {
      const dayStart = localDayStart(Date.UTC(y, m - 1, d, 12), zone);
      const { state, starts, rows, dayEnd } = foldDay(zone, dayStart, 7);
      expect(starts).toHaveLength(n);
      expect(rows.size).toBe(n);
      // Sum of the day's centre rows vs the live today at the day's last millisecond (whose own last ms is not in it).
      const sum = newTally();
      for (const s of starts.slice(0, -1)) addInto(sum, rows.get(s)!.find((r) => r.scope === 'center')!.tally);
      addInto(sum, intervalRawRows(state, starts.at(-1)!, dayEnd - 1).find((r) => r.scope === 'center')!.tally);
      expect(sum[F.offered]).toBeGreaterThan(500);
      expectClose(queueWindow(sum, 'answered+abandoned'), view(state, dayEnd - 1).center.windows.today, 'today');
    });
  }
});
