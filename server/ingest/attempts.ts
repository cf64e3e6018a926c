// How often an entry whose processing throws is tried before it is given up on: a throw may be passing (the
// sink's resources), and each retry comes after a pause and a resynchronisation, but never forever — one entry
// must not freeze the floor.

export const MAX_ATTEMPTS = 3;

export class Attempts {
  /** Entries that threw, by id → attempts so far; an id leaves once it is folded or given up on. */
  private readonly failed = new Map<string, number>();

  succeeded(id: string): void {
    if (this.failed.size > 0) this.failed.delete(id);
  }

  /** Rethrows while attempts remain (the caller retries later); at the last one, the dead-letter reason. */
  failedOnce(id: string, err: unknown): string {
    const attempts = (this.failed.get(id) ?? 0) + 1;
    const message = err instanceof Error ? err.message : String(err);
    if (attempts < MAX_ATTEMPTS) {
      this.failed.set(id, attempts);
      throw new Error(`entry ${id} could not be folded (attempt ${attempts} of ${MAX_ATTEMPTS}): ${message}`);
    }
    this.failed.delete(id);
    return `fold failed after ${attempts} attempts: ${message}`;
  }
}
