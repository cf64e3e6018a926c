// Decides what each update carries. Centre, queues and teams are small and change with the clock, so every update
// carries them; an agent is carried when an event touched it, or when its windows are 5 s old.
import type { IntervalSeries, Update } from '../../shared/snapshot.ts';
import type { EngineState, View } from '../engine/index.ts';

export const MIN_INTERVAL_MS = 250;
export const MAX_INTERVAL_MS = 5_000;

export class UpdatePlanner {
  private lastEmitAt = Number.NEGATIVE_INFINITY;
  private lastStateVersion = -1;
  private lastFaults = '';
  private readonly sent = new Map<string, { version: number; at: number }>();
  /** `<series id>@<start>` → the row as last sent */
  private readonly sentRows = new Map<string, string>();

  /** True when an update is due at `now`: something changed, or the heartbeat interval has passed. */
  due(state: EngineState, now: number): boolean {
    if (now - this.lastEmitAt < MIN_INTERVAL_MS) return false;
    return state.version !== this.lastStateVersion || now - this.lastEmitAt >= MAX_INTERVAL_MS;
  }

  /** The next update, from a full view of the state at `now`. */
  plan(state: EngineState, view: View, now: number): Update {
    const agents = view.agents.filter((a) => {
      const version = state.agents.get(a.id)!.version;
      const last = this.sent.get(a.id);
      if (last && last.version === version && now - last.at < MAX_INTERVAL_MS) return false;
      this.sent.set(a.id, { version, at: now });
      return true;
    });
    const update: Update = { asOf: view.asOf, cursor: view.cursor, center: view.center, queues: view.queues, teams: view.teams };
    if (agents.length) update.agents = agents;
    const intervals = this.changedRows(view);
    if (intervals.length) update.intervals = intervals;
    const faults = JSON.stringify(view.faults);
    if (faults !== this.lastFaults) {
      update.faults = view.faults;
      this.lastFaults = faults;
    }
    this.lastEmitAt = now;
    this.lastStateVersion = state.version;
    return update;
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
