// Decides when an update is due and what it carries. The centre and the queue groups come every time. A queue, team or agent comes when
// an event touched it, or when its copy is 4 s old (its windows move with the clock). Updates that only refresh
// copies go out at most once a second, so between them the 250-ms limit does not hold new entries back; each copy
// still goes out before it is 5 s old. The refreshes are spread over those seconds, so a floor of thousands of
// agents does not resend them all in one burst.
import type { IntervalSeries, QueueView, Update } from '../../shared/snapshot.ts';
import type { EngineState, View } from '../engine/index.ts';

export const MIN_INTERVAL_MS = 250;
const MAX_INTERVAL_MS = 5_000;
/** Updates that only refresh copies go out at most this often. */
const REFRESH_EVERY_MS = 1_000;
/** Old enough to be resent: the next refresh, at most a second away, still carries it within 5 s. */
const REFRESH_AFTER_MS = MAX_INTERVAL_MS - REFRESH_EVERY_MS;

export class UpdatePlanner {
  private emittedAt = Number.NEGATIVE_INFINITY;
  private lastStateVersion = -1;
  private lastFaults = '';
  /** `<kind>:<id>` → version and time of the copy last sent */
  private readonly sent = new Map<string, { version: number | string; at: number }>();
  /** `<series id>@<start>` → the row as last sent */
  private readonly sentRows = new Map<string, string>();

  /** When the last update was planned (it goes out at once). */
  get lastEmitAt(): number {
    return this.emittedAt;
  }

  /** True when an update is due at `now`: something changed, the heartbeat is due, or a refresh is. */
  isDue(state: EngineState, now: number): boolean {
    const since = now - this.emittedAt;
    if (since < MIN_INTERVAL_MS) return false;
    if (state.version !== this.lastStateVersion || since >= MAX_INTERVAL_MS) return true;
    if (since < REFRESH_EVERY_MS) return false;
    for (const copy of this.sent.values()) if (now - copy.at >= REFRESH_AFTER_MS) return true;
    return false;
  }

  /** The next update, from a full view of the state at `now`. */
  plan(state: EngineState, view: View, now: number): Update {
    // A queue's now-cast counts move with the clock alone (a wait crossing T − warnSec or T): a change resends it.
    const queues = this.due(view.queues, 'q', (q) => `${state.queues.get(q.id)!.version}:${nowcastKey(q)}`, now);
    const teams = this.due(view.teams, 't', (t) => state.teams.get(t.id)!.version, now);
    const agents = this.due(view.agents, 'a', (a) => state.agents.get(a.id)!.version, now);
    const update: Update = { asOf: view.asOf, cursor: view.cursor, center: view.center };
    if (view.groups.length) update.groups = view.groups;
    if (queues.length) update.queues = queues;
    if (teams.length) update.teams = teams;
    if (agents.length) update.agents = agents;
    const intervals = this.changedRows(view);
    if (intervals.length) update.intervals = intervals;
    const faults = JSON.stringify(view.faults);
    if (faults !== this.lastFaults) {
      update.faults = view.faults;
      this.lastFaults = faults;
    }
    this.emittedAt = now;
    this.lastStateVersion = state.version;
    return update;
  }

  /** Entries an event changed since their last copy, or whose copy is old enough to refresh. */
  private due<T extends { id: string }>(
    items: T[],
    kind: string,
    versionOf: (item: T) => number | string,
    now: number,
  ): T[] {
    return items.filter((item, i) => {
      const key = `${kind}:${item.id}`;
      const version = versionOf(item);
      const last = this.sent.get(key);
      if (last && last.version === version && now - last.at < REFRESH_AFTER_MS) return false;
      // A first copy is back-dated by a share of the refresh age, which staggers the refreshes from then on.
      const phase = last ? 0 : ((i % 20) * REFRESH_AFTER_MS) / 20;
      this.sent.set(key, { version, at: now - phase });
      return true;
    });
  }

  /** Only the last two rows of a series change in practice (the running interval, and the one just closed). */
  private changedRows(view: View): IntervalSeries[] {
    const out: IntervalSeries[] = [];
    for (const series of view.intervals) {
      const rows = series.rows.slice(-2).filter((row) => {
        const key = `${series.id}@${row.start}`;
        const json = JSON.stringify(row);
        if (this.sentRows.get(key) === json) return false;
        this.sentRows.set(key, json);
        return true;
      });
      if (rows.length) out.push({ id: series.id, rows });
    }
    if (this.sentRows.size > 4 * 96 * view.intervals.length) this.sentRows.clear();
    return out;
  }
}

const nowcastKey = (q: QueueView) => `${q.nowcast.breached}:${q.nowcast.breachingSoon}`;
