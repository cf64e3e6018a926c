// The schedule a node judges adherence by: the activities around now (yesterday to tomorrow, so a night shift and
// the local day are whole), read from PostgreSQL every 30 s and at once after an import on this node. Other nodes
// see an import within those 30 s.
import type { Logger } from 'pino';
import type { ScheduledActivity } from '../../shared/schedules.ts';
import type { ScheduleStore } from './store.ts';

const RELOAD_MS = 30_000;
const AROUND_MS = 26 * 3_600_000;

export class ScheduleCache {
  /** Each agent's activities, by start. */
  private byAgent = new Map<string, ScheduledActivity[]>();
  /** Bumped on every reload that changed something, so a cached view can tell. */
  version = 0;
  private loadedJson = '';
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: ScheduleStore,
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  get agents(): ReadonlyMap<string, readonly ScheduledActivity[]> {
    return this.byAgent;
  }

  async reload(): Promise<void> {
    const now = this.clock();
    const activities = await this.store.overlapping(now - AROUND_MS, now + AROUND_MS);
    const json = JSON.stringify(activities);
    if (json === this.loadedJson) return;
    const byAgent = new Map<string, ScheduledActivity[]>();
    for (const a of activities) {
      const list = byAgent.get(a.agentId);
      if (list) list.push(a);
      else byAgent.set(a.agentId, [a]);
    }
    this.byAgent = byAgent;
    this.loadedJson = json;
    this.version++;
  }

  start(): void {
    const tick = () =>
      this.reload()
        .catch((err: Error) => this.log.warn({ err: err.message }, 'could not reload the schedule'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, RELOAD_MS);
        });
    this.timer = setTimeout(tick, 0);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
