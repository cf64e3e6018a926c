// How the inbound arrival rate varies over the local day: quiet at night, a mid-morning and a mid-afternoon
// peak with a lunchtime dip between them. Normalised so the day's mean multiplier is 1,
// which keeps `rate` meaning "calls per minute on an average minute of the day".
import { zoneOffsetMs } from '../shared/time.ts';

export type CurveKind = 'intraday' | 'flat';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function bump(hour: number, centre: number, width: number): number {
  const z = (hour - centre) / width;
  return Math.exp(-0.5 * z * z);
}

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

// A business-day plateau (about 08:00–21:00) over a night floor, with two peaks and a dip between them.
// The swing is kept moderate (night ≈ 0.45, peaks ≈ 1.5) because the simulated staffing does not follow it.
function shape(hour: number): number {
  const plateau = logistic((hour - 7.5) / 0.8) * logistic((21 - hour) / 1.0);
  const peaks = 1 + 0.18 * bump(hour, 10.5, 1.3) + 0.14 * bump(hour, 15, 1.4) - 0.1 * bump(hour, 12.75, 0.8);
  return 0.45 + plateau * peaks;
}

// The mean of shape() over the day, by the midpoint rule on minutes (exact enough for a smooth curve).
const SHAPE_MEAN = (() => {
  let sum = 0;
  for (let m = 0; m < 1440; m++) sum += shape((m + 0.5) / 60);
  return sum / 1440;
})();

/** The intraday multiplier at a fractional local hour in [0, 24). */
export function intradayMultiplier(hour: number): number {
  return shape(hour) / SHAPE_MEAN;
}

/** The largest multiplier the intraday curve reaches, for thinning a Poisson process. */
export const INTRADAY_PEAK = (() => {
  let peak = 0;
  for (let m = 0; m < 1440; m++) peak = Math.max(peak, intradayMultiplier(m / 60));
  // Sampled on minutes the true maximum may sit between two samples; a hair of headroom covers it.
  return peak * 1.001;
})();

/** Maps an instant to its local hour in a zone; caches offsets per quarter hour because Intl is slow. */
export class LocalHour {
  private cache = new Map<number, number>();
  constructor(private readonly timezone: string) {}

  at(ts: number): number {
    const bucket = Math.floor(ts / (HOUR_MS / 4));
    let offset = this.cache.get(bucket);
    if (offset === undefined) {
      if (this.cache.size > 1000) this.cache.clear();
      offset = zoneOffsetMs(bucket * (HOUR_MS / 4), this.timezone);
      this.cache.set(bucket, offset);
    }
    const wall = ts + offset;
    return (((wall % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
  }
}
