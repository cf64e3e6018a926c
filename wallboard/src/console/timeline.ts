// Geometry of an agent's state timeline: a d3 time scale over today's spans, one bar per span.
import { scaleTime } from 'd3-scale';
import type { AgentState } from '../../../shared/snapshot.ts';
import type { TimelineSpan } from './types.ts';

interface TimelineBar {
  state: AgentState;
  reason: string | null;
  from: number;
  to: number;
  x: number;
  width: number;
}

export interface TimelineLayout {
  bars: TimelineBar[];
  ticks: { ts: number; x: number }[];
  start: number;
  end: number;
}

const QUARTER_MS = 15 * 60_000;
/** Shorter days are stretched to this, so a few minutes of states do not fill the width with two bars. */
const MIN_RANGE_MS = 30 * 60_000;

/** Lays spans out from the first span's start (rounded down to the quarter hour) to now, in `width` pixels. */
export function layoutTimeline(spans: readonly TimelineSpan[], now: number, width: number): TimelineLayout {
  const first = spans.reduce((min, s) => Math.min(min, s.from), now);
  const start = Math.floor(Math.min(first, now - MIN_RANGE_MS) / QUARTER_MS) * QUARTER_MS;
  const x = scaleTime().domain([start, now]).range([0, width]).clamp(true);
  const bars = spans
    .map((s) => {
      const to = s.to ?? now;
      const x0 = x(s.from);
      return { state: s.state, reason: s.reason, from: s.from, to, x: x0, width: Math.max(0, x(to) - x0) };
    })
    .filter((b) => b.width > 0);
  // About one labelled tick per 80 px: hours over a day, quarter hours over a short shift.
  const ticks = x.ticks(Math.max(2, Math.min(12, Math.floor(width / 80)))).map((d) => ({ ts: +d, x: x(d) }));
  return { bars, ticks, start, end: now };
}
