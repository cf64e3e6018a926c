// The interval report (CONTRACT §6): stored 15-minute rows summed per period by the database, the interval running
// now added from the live engine (complete: false), and every ratio recomputed from the sums by the live windows'
// own definitions (engine/view/figures.ts), never averaged.
import type { Config } from '../../shared/config.ts';
import type {
  AgentReportRow,
  IntervalReport,
  QueueReportRow,
  ReportRow,
  ReportScope,
  ReportStep,
} from '../../shared/history.ts';
import * as m from '../../shared/metrics.ts';
import { intervalOf, intervalRawRows } from '../engine/interval-rows.ts';
import type { EngineState } from '../engine/index.ts';
import { F, addInto, newTally, read, type Tally } from '../engine/tally.ts';
import { agentWindow, queueWindow } from '../engine/view/figures.ts';
import { localDays, periodBounds } from './periods.ts';
import type { HistoryStore, StoredSum } from './store.ts';

export interface ReportQuery {
  scope: ReportScope;
  ids: string[] | null;
  from: number;
  to: number;
  step: ReportStep;
}

/** A report larger than this is refused: ask for a longer step or fewer ids. */
const MAX_REPORT_ROWS = 200_000;

export class ReportTooLarge extends Error {}

export async function intervalReport(
  store: HistoryStore,
  state: EngineState,
  config: Config,
  q: ReportQuery,
  now: number,
  visible: (id: string) => boolean,
): Promise<IntervalReport> {
  const clock = state.clock;
  const bounds = periodBounds(clock, q.step, q.from, q.to);
  const sums = (await store.sums(q.scope, q.ids, bounds)).filter((s) => visible(s.id));
  const byKey = new Map(sums.map((s) => [`${s.bucket}\u0000${s.id}`, s]));
  const incomplete = new Set<number>();

  // The interval running now is not in the database yet: the live engine answers for it.
  const running = intervalOf(clock, now);
  if (running.start >= bounds[0]! && running.start < bounds[bounds.length - 1]!) {
    let b = 0;
    while (bounds[b + 1]! <= running.start) b++;
    const bucket = bounds[b]!;
    incomplete.add(bucket);
    for (const r of intervalRawRows(state, running.start, now)) {
      if (r.scope !== q.scope || (q.ids && !q.ids.includes(r.id)) || !visible(r.id)) continue;
      const key = `${bucket}\u0000${r.id}`;
      let s = byKey.get(key);
      if (!s) {
        s = {
          scope: r.scope,
          id: r.id,
          name: r.name,
          bucket,
          rows: 0,
          tally: new Float64Array(r.tally.length),
          auxByReason: new Map(),
        };
        byKey.set(key, s);
      }
      addInto(s.tally, r.tally);
      s.name = r.name;
      for (const [reason, ms] of r.auxByReason) s.auxByReason.set(reason, (s.auxByReason.get(reason) ?? 0) + ms);
    }
  }
  if (byKey.size > MAX_REPORT_ROWS)
    throw new ReportTooLarge(
      `the report would have ${byKey.size} rows (at most ${MAX_REPORT_ROWS}): use a longer step or fewer ids`,
    );

  const ends = new Map(bounds.slice(0, -1).map((b, i) => [b, bounds[i + 1]!]));
  const rows = [...byKey.values()]
    .sort((a, b) => a.bucket - b.bucket || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((s) =>
      reportRow(
        s,
        ends.get(s.bucket)!,
        !incomplete.has(s.bucket),
        state,
        config,
        localDays(clock, q.step, s.bucket, ends.get(s.bucket)!),
      ),
    );
  return { timezone: state.timezone, from: bounds[0]!, to: bounds[bounds.length - 1]!, step: q.step, rows };
}

/**
 * The row of an agent with no history in [start, end): every count and time zero (an agent scheduled that period
 * who never logged in, listed for its attendance).
 */
export function blankAgentRow(
  id: string,
  name: string,
  start: number,
  end: number,
  now: number,
  state: EngineState,
  config: Config,
  step: ReportStep,
): AgentReportRow {
  const sum: StoredSum = {
    scope: 'agent',
    id,
    name,
    bucket: start,
    rows: 0,
    tally: newTally(),
    auxByReason: new Map(),
  };
  const complete = !(start <= now && now < end);
  return reportRow(sum, end, complete, state, config, localDays(state.clock, step, start, end)) as AgentReportRow;
}

/**
 * Rows are built with Object.assign, not object spread: a month of agent days is 31,000 rows, and spreading was
 * ten times the cost (1.5 s of CPU for them on the shared machine; docs/performance.md, "History").
 */
function reportRow(
  s: StoredSum,
  end: number,
  complete: boolean,
  state: EngineState,
  config: Config,
  days: number | null,
): ReportRow {
  const key = { scope: s.scope, id: s.id, name: s.name, start: s.bucket, end, complete };
  const t: Tally = s.tally;
  const r = read(t);
  const derived = {
    productivity: m.productivity(r.handled, r),
    dailyTalkSec: m.dailyTalkSec(r.talkingMs / 1000, days),
    seatUtilization: s.scope === 'center' ? m.seatUtilization(r, config.center.seats, end - s.bucket) : null,
    costPerCall: m.costPerCall(config.center.costPerAgentHour, r, r.handled),
  };
  if (s.scope === 'center' || s.scope === 'queue') {
    const formula =
      s.scope === 'queue'
        ? (state.queues.get(s.id)?.config.serviceLevelFormula ?? 'answered+abandoned')
        : 'answered+abandoned';
    return Object.assign(
      key,
      queueWindow(t, formula),
      { peakWaiting: t[F.peakWaiting]! },
      derived,
    ) satisfies QueueReportRow;
  }
  const sec = (ms: number) => ms / 1000;
  return Object.assign(
    key,
    agentWindow(t),
    {
      loginSec: sec(m.loggedInMs(r)),
      availableSec: sec(r.availableMs),
      talkingSec: sec(r.talkingMs),
      holdSec: sec(r.holdMs),
      acwSec: sec(r.acwMs),
      dialingSec: sec(r.dialingMs),
      auxSec: sec(r.auxMs),
      auxByReason: Object.fromEntries(
        [...s.auxByReason].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, v / 1000]),
      ),
    },
    derived,
  ) satisfies AgentReportRow;
}
