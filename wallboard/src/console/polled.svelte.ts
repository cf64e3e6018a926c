// A REST resource kept fresh while a panel is open: fetched at once, then every `everyMs`, one request at a time.
export class Polled<T> {
  data = $state.raw<T | null>(null);
  error = $state<string | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly everyMs: number,
  ) {}

  /** Starts polling; returns the function that stops it (for $effect cleanup). */
  start(): () => void {
    this.#stopped = false;
    void this.#run();
    return () => {
      this.#stopped = true;
      clearTimeout(this.#timer);
    };
  }

  /** Fetches now (after a change the panel made itself) instead of waiting for the next turn. */
  refresh(): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    void this.#run();
  }

  async #run(): Promise<void> {
    try {
      const data = await this.load();
      if (this.#stopped) return;
      this.data = data;
      this.error = null;
    } catch (err) {
      if (this.#stopped) return;
      this.error = (err as Error).message;
    }
    // Waiting for the answer before the next request keeps a slow server from piling requests up.
    if (!this.#stopped && this.everyMs > 0) this.#timer = setTimeout(() => void this.#run(), this.everyMs);
  }
}
