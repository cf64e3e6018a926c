// Work done in rounds by whichever node holds the cluster's lease (the event archiver, the history writer): a
// timer asks for a round every tick, a round never overlaps the last one, a failed round is reported and the next
// tick tries again, and stop() waits for the round in progress.

export interface LeaderRoundsOptions {
  /** Named in the error of a second start(). */
  name: string;
  leader: () => boolean;
  tickMs: number;
  round: () => Promise<void>;
  /** A round threw: the owner counts it, logs it and forgets what it can no longer trust. */
  failed: (err: Error) => void;
}

export class LeaderRounds {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private busy = false;

  constructor(private readonly o: LeaderRoundsOptions) {}

  start(): void {
    if (this.timer) throw new Error(`${this.o.name}.start() called twice`);
    this.timer = setInterval(() => void this.tick(), this.o.tickMs);
    this.timer.unref();
    void this.tick();
  }

  /** Runs one round now unless one is running or this node does not lead; resolves when it is done. */
  tick(): Promise<void> {
    if (this.busy || !this.o.leader()) return this.running;
    this.busy = true;
    this.running = this.o
      .round()
      .catch((err: Error) => this.o.failed(err))
      .finally(() => (this.busy = false));
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
