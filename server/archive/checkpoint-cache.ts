// The checkpoints a seek thread read lately, kept as their uncompressed bytes within a memory budget, least
// recently used dropped first: a seek into a quarter sought before (scrubbing back, a second supervisor, a replay
// restarted) skips reading the row and gunzipping it. Bytes, not decoded states: a fold changes the state it folds
// onto, and copying a decoded state costs more than decoding it again. Keyed by the checkpoint's instant, which is
// safe because a checkpoint is never rewritten with other content: one dropped (an event arrived late across it)
// is never written again, and the seek asks PostgreSQL which checkpoint is the nearest before using one.
export class CheckpointCache {
  /** In use order, least recent first (a Map iterates in insertion order). */
  private readonly entries = new Map<number, Buffer>();
  private bytes = 0;

  constructor(private readonly budgetBytes: number) {}

  get(at: number): Buffer | undefined {
    const b = this.entries.get(at);
    if (b) {
      this.entries.delete(at);
      this.entries.set(at, b);
    }
    return b;
  }

  set(at: number, bytes: Buffer): void {
    if (bytes.length > this.budgetBytes) return;
    const old = this.entries.get(at);
    if (old) this.bytes -= old.length;
    this.entries.delete(at);
    this.entries.set(at, bytes);
    this.bytes += bytes.length;
    for (const [k, b] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.entries.delete(k);
      this.bytes -= b.length;
    }
  }
}
