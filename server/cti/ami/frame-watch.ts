// Waits for AMI events that answer an action we sent (OriginateResponse, ChanSpyStart, Hangup). An event can be
// read in the same TCP chunk as the response it follows, before the code awaiting that response runs again, so
// recent events are kept for a while and each wait looks at them first.
import type { AmiMessage } from './protocol.ts';

const KEEP_MS = 60_000;
const KEEP_MAX = 2_000;

interface Waiter {
  match: (msg: AmiMessage) => boolean;
  resolve: (msg: AmiMessage | null) => void;
  timer: NodeJS.Timeout;
}

export class FrameWatch {
  private recent: Array<{ at: number; msg: AmiMessage }> = [];
  private readonly waiters = new Set<Waiter>();

  constructor(
    private readonly kinds: ReadonlySet<string>,
    private readonly now: () => number = Date.now,
  ) {}

  observe(msg: AmiMessage): void {
    if (!this.kinds.has(msg.event ?? '')) return;
    const at = this.now();
    this.recent.push({ at, msg });
    if (this.recent.length > KEEP_MAX || at - this.recent[0]!.at > KEEP_MS)
      this.recent = this.recent.filter((r) => at - r.at <= KEEP_MS).slice(-KEEP_MAX);
    for (const w of this.waiters) {
      if (!w.match(msg)) continue;
      this.waiters.delete(w);
      clearTimeout(w.timer);
      w.resolve(msg);
    }
  }

  /** The first kept or future event that matches, or null after timeoutMs. */
  next(match: (msg: AmiMessage) => boolean, timeoutMs: number): Promise<AmiMessage | null> {
    const seen = this.recent.find((r) => match(r.msg));
    if (seen) return Promise.resolve(seen.msg);
    return new Promise((resolve) => {
      const w: Waiter = { match, resolve, timer: setTimeout(() => (this.waiters.delete(w), resolve(null)), timeoutMs) };
      this.waiters.add(w);
    });
  }

  /** Ends every wait (with null): the adapter is stopping. */
  close(): void {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.resolve(null);
    }
    this.waiters.clear();
  }
}
