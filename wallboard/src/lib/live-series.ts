// A fixed window of one number over time (calls waiting), fed by every update but holding at most one point per
// second, so a chart of it costs the same however busy the floor is.

export class LiveSeries {
  readonly x: number[] = [];
  readonly y: number[] = [];

  /** windowSec: how much history to keep, in seconds. */
  constructor(readonly windowSec: number) {}

  /** Adds a reading at ts (ms); a reading in the same second as the last replaces it. Returns true if it changed. */
  push(ts: number, value: number): boolean {
    const sec = Math.floor(ts / 1000);
    const last = this.x.length - 1;
    if (last >= 0 && this.x[last] === sec) {
      if (this.y[last] === value) return false;
      this.y[last] = value;
      return true;
    }
    if (last >= 0 && sec < this.x[last]!) return false;
    this.x.push(sec);
    this.y.push(value);
    let drop = 0;
    while (drop < this.x.length && this.x[drop]! <= sec - this.windowSec) drop++;
    if (drop) {
      this.x.splice(0, drop);
      this.y.splice(0, drop);
    }
    return true;
  }
}
