// A node's seeks into the archive (CONTRACT §9), keeping the last positions they reached: the replay bar asks for
// moment after moment in the same quarter (scrubbing forward, pausing, playing on), and folding on from the last
// position costs the events in between, where a seek from the checkpoint decodes it (most of a cold seek's time)
// and folds up to a quarter. The results are the same: a kept position is used only where it is the fold of the
// stream up to its moment, as the archive holds it now.
import type { Config } from '../../shared/config.ts';
import type { ArchiveStore } from '../archive/store.ts';
import { foldForward, fromCheckpoint, type Sought } from './seek.ts';

/**
 * Positions kept: the replay bar's, and another caller's. Each is a whole engine state (tens of MB on a large
 * floor), so few.
 */
const KEEP = 2;

export class Seeker {
  /** Most recently kept first; each owned by this seeker alone (a fold on it changes it). */
  private kept: Sought[] = [];

  constructor(
    private readonly store: ArchiveStore,
    private readonly config: Config,
  ) {}

  /** The engine state at `at`, equal to seek()'s; the caller owns it, and may hand it back with keep(). */
  async seek(at: number): Promise<Sought> {
    const checkpoint = await this.store.checkpointAtOrBefore(at);
    const from = this.take(checkpoint, at);
    if (from && (await this.foldOn(from, at))) return from;
    return fromCheckpoint(this.store, this.config, checkpoint, at);
  }

  /** Hands a position back for later seeks; only one folded by seek() or in order since (foldForward's inOrder). */
  keep(position: Sought): void {
    this.kept = [position, ...this.kept.filter((k) => k !== position)].slice(0, KEEP);
  }

  /**
   * The latest kept position from the same checkpoint and not past `at`, taken out. From the same checkpoint only:
   * a newer one means the older was not the nearest any more, and one dropped (an event arrived late across it) may
   * have left kept positions without that event.
   */
  private take(checkpoint: number | null, at: number): Sought | undefined {
    let best: Sought | undefined;
    for (const k of this.kept) if (k.checkpoint === checkpoint && k.at <= at && (!best || k.at > best.at)) best = k;
    this.kept = this.kept.filter((k) => k !== best);
    return best;
  }

  /** Folds a kept position on to `at`; false where the result would not be the stream's fold (then discarded). */
  private async foldOn(from: Sought, at: number): Promise<boolean> {
    // Archived since it was folded, stamped within it: the position lacks it.
    if (await this.store.hasEntryAfter(from.checkpoint, from.at, from.state.cursor)) return false;
    return (await foldForward(this.store, this.config, from, at)).inOrder;
  }
}
