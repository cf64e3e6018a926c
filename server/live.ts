// The node's live model: the engine state the stream is folded into, and its view, cached briefly so that a burst
// of connecting screens costs one view, not one each.
import { TS_OUT_OF_RANGE, type FloorEvent } from '../shared/events.ts';
import type { Alert } from '../shared/alerts.ts';
import type { Bulletin } from '../shared/bulletins.ts';
import type { Snapshot, StaleInfo } from '../shared/snapshot.ts';
import { fold, view, type EngineState, type FoldContext, type FoldLimits, type View } from './engine/index.ts';
import { idTimeMs } from './redis/ids.ts';
import { roundForWire } from './realtime/wire.ts';

const VIEW_CACHE_MS = 200;

export class LiveModel {
  private cached: { view: View; version: number; schedule: number } | null = null;
  private rounded: { view: View; wire: View } | null = null;
  /** Wall-clock time the last stream entry arrived (the feed-silence alert watches it). */
  lastEntryAt = Date.now();
  /** The alerts a snapshot carries; the node plugs the alert service in. */
  alerts: () => Alert[] = () => [];
  /** The bulletins in force; the node plugs the bulletin service in. */
  bulletins: (now: number) => Bulletin[] = () => [];
  /** What is cutting the feed off right now (e.g. Redis unreachable), or null; the node plugs it in. */
  feedProblem: () => string | null = () => null;
  /** Told once after each batch of stream entries is folded; the hub plugs in, to send an update without waiting. */
  onFolded: () => void = () => undefined;
  /** Adds schedule adherence to a fresh view, `version` telling when the schedule changed; the node plugs it in. */
  adherence: { version: () => number; add: (view: View, now: number) => void } | null = null;
  private foldedNoticePending = false;
  private staleSince: number | null = null;

  /** One context, its arrival time set per entry: the fold runs for every event, and is synchronous. */
  private readonly context: FoldContext;

  constructor(
    public state: EngineState,
    limits: FoldLimits,
  ) {
    this.context = { ...limits, arrivalMs: 0 };
  }

  /**
   * Folds the entry's event, judged by the time the entry reached the stream; returns why it must be
   * dead-lettered instead (then nothing changed), or null.
   */
  fold(entryId: string, event: FloorEvent): string | null {
    this.context.arrivalMs = idTimeMs(entryId);
    const outcome = fold(this.state, event, this.context);
    if (outcome === TS_OUT_OF_RANGE) return outcome;
    this.state.cursor = entryId;
    this.lastEntryAt = Date.now();
    this.tellFolded();
    return null;
  }

  /** A dead-lettered entry was processed too: the cursor moves past it. */
  skip(entryId: string): void {
    this.state.cursor = entryId;
    this.state.version++;
    this.lastEntryAt = Date.now();
    this.tellFolded();
  }

  /** The consumer folds one read's entries microtasks apart, so the next macrotask comes after the whole batch. */
  private tellFolded(): void {
    if (this.foldedNoticePending) return;
    this.foldedNoticePending = true;
    setImmediate(() => {
      this.foldedNoticePending = false;
      this.onFolded();
    });
  }

  view(now: number): View {
    const c = this.cached;
    const schedule = this.adherence?.version() ?? 0;
    if (
      c &&
      c.version === this.state.version &&
      c.schedule === schedule &&
      now >= c.view.asOf &&
      now - c.view.asOf < VIEW_CACHE_MS
    )
      return c.view;
    const v = view(this.state, now);
    this.adherence?.add(v, now);
    this.cached = { view: v, version: this.state.version, schedule };
    return v;
  }

  /** The snapshot as it goes on the wire (figures rounded); one rounding per view, however many screens connect. */
  snapshot(now: number): Snapshot {
    const v = this.view(now);
    if (this.rounded?.view !== v) this.rounded = { view: v, wire: roundForWire(v) };
    return { ...this.rounded.wire, stale: this.stale(now), bulletins: this.bulletins(now), alerts: this.alerts() };
  }

  /** The numbers keep being served while the feed is cut off, marked with since when and why. */
  stale(now: number): StaleInfo | null {
    const problem = this.feedProblem();
    if (!problem) {
      this.staleSince = null;
      return null;
    }
    this.staleSince ??= now;
    return { since: this.staleSince, reason: problem };
  }
}
