// The page's one ticking clock. Every ticking number reads `now` from here, so they all change on the same tick.
import { settledOffset } from './tick-offset.ts';

/** Ticks land this long after each server-second boundary, so a few ms of jitter in the offset estimate
 *  cannot make a tick show the previous second again. */
const TICK_MARGIN_MS = 20;

export class ServerClock {
  /** Browser time (ms) of the latest tick. */
  browserNow = $state(Date.now());
  /** The offset estimate as of the latest tick. */
  #tickOffsetMs = $state(0);
  readonly #offsetMs: () => number;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** offsetMs: server time minus browser time; every update moves it by a few ms (see settledOffset). */
  constructor(offsetMs: () => number) {
    this.#offsetMs = offsetMs;
    this.#tickOffsetMs = offsetMs();
  }

  /** Server time (ms) as of the latest tick. A derived, so that an update whose new estimate does not move the
   *  clock wakes nothing that reads it. */
  readonly #now = $derived.by(() => this.browserNow + settledOffset(this.#tickOffsetMs, this.#offsetMs()));
  get now(): number {
    return this.#now;
  }

  /** Starts ticking once a second on the server's second boundaries; returns the function that stops it. */
  start(): () => void {
    const tick = () => {
      this.#tickOffsetMs = this.#offsetMs();
      this.browserNow = Date.now();
      const serverMs = this.browserNow + this.#tickOffsetMs;
      const untilNextSecond = 1000 - (((serverMs % 1000) + 1000) % 1000);
      this.#timer = setTimeout(tick, untilNextSecond + TICK_MARGIN_MS);
    };
    tick();
    return () => clearTimeout(this.#timer);
  }
}
