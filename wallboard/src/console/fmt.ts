// The console's number formats: the wall's formatters bound to the page's language and the centre's time zone.
import { formatAge, formatDuration, formatElapsed, formatNumber, formatPercent, NONE } from '../lib/format.ts';
import type { Lang } from './messages.ts';

type TimeShape = 'hm' | 'hms' | 'dayHm';

export class Fmt {
  constructor(
    readonly lang: Lang,
    /** The centre's IANA zone for times of day; the browser's when unknown. */
    readonly timeZone: string | undefined,
  ) {}

  num = (v: number | null, decimals = 0) => formatNumber(v, this.lang, decimals);
  pct = (v: number | null, decimals = 0) => formatPercent(v, this.lang, decimals);
  dur = (sec: number | null) => formatDuration(sec, this.lang);
  /** A stopwatch reading: 59.9 s is 0:59. */
  elapsed = (sec: number | null) => formatElapsed(sec, this.lang);
  age = (sec: number) => formatAge(sec, this.lang);

  /** Hours and minutes, 24-hour, in the centre's zone. */
  hm = (ts: number | null) => (ts === null ? NONE : this.#format(ts, 'hm'));
  /** Hours, minutes and seconds, 24-hour, in the centre's zone. */
  hms = (ts: number | null) => (ts === null ? NONE : this.#format(ts, 'hms'));
  /** Month, day, hours and minutes, 24-hour, in the centre's zone (a time in a report's week or month). */
  dayHm = (ts: number | null) => (ts === null ? NONE : this.#format(ts, 'dayHm'));

  #formats = new Map<TimeShape, Intl.DateTimeFormat>();
  #format(ts: number, shape: TimeShape): string {
    let f = this.#formats.get(shape);
    if (!f) {
      const o: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
      if (shape === 'hms') o.second = '2-digit';
      if (shape === 'dayHm') Object.assign(o, { month: '2-digit', day: '2-digit' });
      if (this.timeZone) o.timeZone = this.timeZone;
      f = new Intl.DateTimeFormat(this.lang, o);
      this.#formats.set(shape, f);
    }
    return f.format(ts);
  }
}
