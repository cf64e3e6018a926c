// A past snapshot as the floor showed it then: the figures (seek.ts's pastSnapshot), the alerts the rules would
// have raised on that view, and the bulletins that were up; alerts and bulletins marked `replay`, so nothing of
// the past can be taken for live (or acknowledged).
import type { Alert, Rule } from '../../shared/alerts.ts';
import type { Bulletin } from '../../shared/bulletins.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import { activeAlerts, evaluate, type AlertBook } from '../alerts/evaluate.ts';
import type { AlertExtra } from '../alerts/metrics.ts';
import { view, type EngineState, type View } from '../engine/index.ts';
import { pastSnapshot } from './seek.ts';

/** A past alert's id: never one the live book has, so acknowledging it cannot touch a live alert. */
export const REPLAY_ALERT_PREFIX = 'replay:';

/**
 * Feed silence is about when entries arrived, which the archive does not replay (a stream written fast would look
 * silent or busy regardless of the floor): the rule is not evaluated in the past.
 */
const NO_ARRIVALS: AlertExtra = { lastEventTs: null };

/**
 * The rules on the view at `at`, carrying `prior` (the book of the previous picture of the same replay). Without
 * one (a seek) there is no earlier evaluation to time a rule's `sustainSec` from: a condition holding at `at` is
 * shown as raised then; from there a playing replay runs sustain and escalation as the live node did.
 */
export function pastAlerts(
  rules: readonly Rule[],
  prior: AlertBook | null,
  v: View,
  at: number,
): { book: AlertBook; alerts: Alert[] } {
  const first = prior === null;
  const applied = first ? rules.map((r) => ({ ...r, sustainSec: 0 })) : rules;
  const { book } = evaluate(applied, prior ?? {}, v, at, NO_ARRIVALS);
  return {
    book,
    alerts: activeAlerts(book).map((a) => ({ ...a, id: `${REPLAY_ALERT_PREFIX}${a.id}`, replay: true })),
  };
}

export interface PastSources {
  /** The rules in force now (the rules of the past are not kept). */
  rules: () => readonly Rule[];
  /** The bulletins in force at a past moment (past-bulletins.ts). */
  bulletins: (at: number) => Promise<Bulletin[]>;
}

/** What a picture of the past shows besides the figures, gathered on the node and handed to the seek thread. */
export interface PastExtras {
  rules: readonly Rule[];
  bulletins: Bulletin[];
}

export async function extrasAt(sources: PastSources, at: number): Promise<PastExtras> {
  return { rules: sources.rules(), bulletins: await sources.bulletins(at) };
}

/** One replay's pictures, in order of their moments: each carries the alert book of the one before. */
export class PastFloor {
  private book: AlertBook | null = null;

  picture(state: EngineState, at: number, extras: PastExtras): Snapshot {
    // The rules judge the unrounded view, as live (the snapshot's figures are rounded for the wire).
    const v = view(state, at);
    const { book, alerts } = pastAlerts(extras.rules, this.book, v, at);
    this.book = book;
    return { ...pastSnapshot(state, at, v), alerts, bulletins: extras.bulletins };
  }
}
