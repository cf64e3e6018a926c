// The longest the event loop was blocked over an interval, from perf_hooks' loop-delay sampler: what /metrics
// reports per scrape and the fold bench per checkpoint.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** The sampler's period, ms: a block is measured to within this (under, by at most this much). */
const RESOLUTION_MS = 10;

export class LoopBlockMeter {
  private readonly delay: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });

  constructor() {
    this.delay.enable();
  }

  /**
   * The longest block since the last call (or since start), seconds; starts a new interval. The sampler times
   * from its first tick after the reset, so a block that begins within one resolution of this call goes unseen.
   */
  takeMaxSeconds(): number {
    // The sampler records the time between its ticks, one resolution apart when nothing blocks.
    const ms = Math.max(0, this.delay.max / 1e6 - RESOLUTION_MS);
    this.delay.reset();
    return ms / 1000;
  }

  stop(): void {
    this.delay.disable();
  }
}
