// The simulation's clock and output: an agenda of timers in simulated time, seeded randomness, and the events
// emitted so far, stamped and numbered. The floor model (floor.ts) builds on it.
import type { EventOf, EventType, FloorEvent } from '../shared/events.ts';
import { Agenda } from './agenda.ts';
import { SEC } from './behaviour.ts';
import type { SimOptions } from './options.ts';
import { Random } from './random.ts';

export abstract class SimClock {
  /** Simulated ms since the start. */
  protected now = 0;
  protected readonly rng: Random;
  /** Ids carry the start time as well as the seed, so a rerun or a history rebuild into the same stream
   *  neither repeats event ids (which the server would drop) nor reuses call ids. */
  protected readonly tag: string;
  private readonly agenda = new Agenda();
  private readonly endMs: number;
  private out: FloorEvent[] = [];
  private eventSeq = 0;

  constructor(
    protected readonly opts: SimOptions,
    protected readonly startTs: number,
  ) {
    this.rng = new Random(opts.seed);
    this.endMs = opts.durationSec === undefined ? Number.POSITIVE_INFINITY : opts.durationSec * SEC;
    this.tag = startTs.toString(36);
  }

  *events(): Generator<FloorEvent> {
    for (;;) {
      if (this.out.length > 0) {
        const batch = this.out;
        this.out = [];
        yield* batch;
      }
      const next = this.agenda.peekTime();
      if (next === undefined || next >= this.endMs) return;
      const entry = this.agenda.pop()!;
      this.now = entry.at;
      entry.run();
    }
  }

  protected between([min, max]: readonly [number, number]): number {
    return this.rng.uniform(min, max);
  }

  protected lognormal({ mean, sd }: { mean: number; sd: number }): number {
    return this.rng.lognormal(mean, sd);
  }

  protected after(delayMs: number, run: () => void): void {
    this.agenda.schedule(this.now + Math.max(0, Math.round(delayMs)), run);
  }

  protected emit<K extends EventType>(type: K, fields: Omit<EventOf<K>, 'id' | 'type' | 'ts'>): void {
    const event = {
      id: `sim-${this.opts.seed}-${this.tag}-${++this.eventSeq}`,
      type,
      ts: this.startTs + this.now,
      ...fields,
    };
    this.out.push(event as unknown as FloorEvent);
  }
}
