// The page's one ticking clock. Every ticking number reads `now` from here, so they all change on the same tick.

/** Ticks land this long after each server-second boundary, so a few ms of jitter in the offset estimate
 *  cannot make a tick show the previous second again. */
const TICK_MARGIN_MS = 20;

export class ServerClock {
  /** Browser time (ms) of the latest tick. */
  browserNow = $state(Date.now());
  readonly #offsetMs: () => number;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** offsetMs: server time minus browser time, read on every use so a new estimate applies at once. */
  constructor(offsetMs: () => number) {
    this.#offsetMs = offsetMs;
  }

  /** Server time (ms) as of the latest tick. */
  get now(): number {
    return this.browserNow + this.#offsetMs();
  }

  /** Starts ticking once a second on the server's second boundaries; returns the function that stops it. */
  start(): () => void {
    const tick = () => {
      this.browserNow = Date.now();
      const serverMs = this.browserNow + this.#offsetMs();
      const untilNextSecond = 1000 - (((serverMs % 1000) + 1000) % 1000);
      this.#timer = setTimeout(tick, untilNextSecond + TICK_MARGIN_MS);
    };
    tick();
    return () => clearTimeout(this.#timer);
  }
}
