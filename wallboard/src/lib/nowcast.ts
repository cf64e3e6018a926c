// The now-cast between updates: the countdown to the next breach ticks on the page's clock towards the instant the
// server named, and the projected service level points up or down from the one shown beside it.
import type { Nowcast } from '../../../shared/snapshot.ts';
import { percentPoints } from './format.ts';

/** Seconds to the next breach at server time `now`; null when no call waits within T. Never below 0. */
export function nextBreachSec(nowcast: Nowcast, now: number): number | null {
  return nowcast.nextBreachTs === null ? null : Math.max(0, (nowcast.nextBreachTs - now) / 1000);
}

export type Trend = 'up' | 'down' | 'flat';

/** Whether the projection is above or below the figure shown, in the whole points both are printed with. */
export function trendOf(projected: number | null, current: number | null): Trend | null {
  if (projected === null) return null;
  if (current === null) return 'flat';
  const d = percentPoints(projected) - percentPoints(current);
  return d > 0 ? 'up' : d < 0 ? 'down' : 'flat';
}

export const TREND_ARROW: Record<Trend, string> = { up: '↗', down: '↘', flat: '→' };
