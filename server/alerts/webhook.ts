// Posts alert changes to an incoming webhook (Slack and Teams accept `{ text }`), one at a time and in order,
// retrying with exponential back-off. post() only enqueues: the evaluator never waits for the network.
import type { Logger } from 'pino';
import type { AlertChange } from '../../shared/alerts.ts';
import { rateLimitedWarn } from '../redis/connection.ts';

export interface WebhookOptions {
  url: string;
  log: Logger;
  /** Changes waiting past this many: the oldest is dropped. @defaultValue 1000 */
  maxQueue?: number;
  /** Tries per change, the first included. @defaultValue 5 */
  maxAttempts?: number;
  /** Wait before the first retry, ms; each further retry waits twice as long. @defaultValue 1000 */
  baseDelayMs?: number;
  /** How long one post may take, ms. @defaultValue 5000 */
  timeoutMs?: number;
}

const DEFAULTS = { maxQueue: 1_000, maxAttempts: 5, baseDelayMs: 1_000, timeoutMs: 5_000 };

export interface WebhookBody {
  text: string;
  kind: AlertChange['kind'];
  alert: AlertChange['alert'];
}

export function webhookText(c: AlertChange): string {
  const a = c.alert;
  switch (c.kind) {
    case 'fired':
      return `[${a.severity.toUpperCase()}] ${a.message}`;
    case 'escalated':
      return `[ESCALATED to ${a.severity.toUpperCase()}] ${a.message}`;
    case 'acknowledged': {
      const ack = a.acknowledged;
      return `[ACKNOWLEDGED by ${ack?.by ?? 'unknown'}] ${a.message}${ack?.comment ? ` (${ack.comment})` : ''}`;
    }
    case 'resolved':
      return `[RESOLVED] ${a.message}`;
  }
}

function webhookBody(c: AlertChange): WebhookBody {
  return { text: webhookText(c), kind: c.kind, alert: c.alert };
}

type Outcome = { ok: true } | { ok: false; retry: boolean; why: string };

export class WebhookPoster {
  readonly stats = { sent: 0, failed: 0, dropped: 0 };
  private readonly queue: AlertChange[] = [];
  private readonly url: string;
  private readonly host: string;
  private readonly maxQueue: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly timeoutMs: number;
  private readonly warnDropped: (obj: object, msg: string) => void;
  private readonly stop = new AbortController();
  private draining: Promise<void> | null = null;
  private inFlight = false;

  constructor(private readonly o: WebhookOptions) {
    let parsed: URL;
    try {
      parsed = new URL(o.url);
    } catch {
      throw new Error('alert webhook URL cannot be parsed');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new Error(`alert webhook URL must be http or https, not ${parsed.protocol}`);
    }
    this.url = o.url;
    // Webhook URLs carry their secret in the path: logs name the host only.
    this.host = parsed.host;
    this.maxQueue = o.maxQueue ?? DEFAULTS.maxQueue;
    this.maxAttempts = o.maxAttempts ?? DEFAULTS.maxAttempts;
    this.baseDelayMs = o.baseDelayMs ?? DEFAULTS.baseDelayMs;
    this.timeoutMs = o.timeoutMs ?? DEFAULTS.timeoutMs;
    this.warnDropped = rateLimitedWarn(o.log);
  }

  /** Queues a change for delivery and returns at once. */
  post(change: AlertChange): void {
    if (this.stop.signal.aborted) return;
    if (this.queue.length >= this.maxQueue) {
      this.queue.shift();
      this.stats.dropped++;
      this.warnDropped(
        { host: this.host, dropped: this.stats.dropped },
        'alert webhook queue full: dropped the oldest change',
      );
    }
    this.queue.push(change);
    this.kick();
  }

  /** Changes not yet delivered (the one being tried included). */
  get backlog(): number {
    return this.queue.length + (this.inFlight ? 1 : 0);
  }

  /** Stops delivering: the post in flight is aborted and queued changes are dropped. */
  async close(): Promise<void> {
    this.stop.abort();
    this.queue.length = 0;
    await this.draining;
  }

  private kick(): void {
    if (this.draining || this.stop.signal.aborted) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      // A change posted after the loop saw an empty queue but before this ran would otherwise wait for the next post.
      if (this.queue.length) this.kick();
    });
  }

  private async drain(): Promise<void> {
    for (let c = this.queue.shift(); c && !this.stop.signal.aborted; c = this.queue.shift()) {
      this.inFlight = true;
      await this.deliver(c);
      this.inFlight = false;
    }
  }

  private async deliver(change: AlertChange): Promise<void> {
    const body = JSON.stringify(webhookBody(change));
    for (let attempt = 1; !this.stop.signal.aborted; attempt++) {
      const outcome = await this.send(body);
      if (this.stop.signal.aborted) return;
      if (outcome.ok) {
        this.stats.sent++;
        return;
      }
      if (!outcome.retry || attempt >= this.maxAttempts) {
        this.stats.failed++;
        this.o.log.error(
          { host: this.host, alert: change.alert.id, kind: change.kind, attempts: attempt, why: outcome.why },
          'alert webhook gave up',
        );
        return;
      }
      await this.sleep(this.baseDelayMs * 2 ** (attempt - 1));
    }
  }

  private async send(body: string): Promise<Outcome> {
    // One controller per try, aborted by the timeout or by close(); listeners are removed after each try so a
    // long outage does not pile them up on the long-lived stop signal.
    const request = new AbortController();
    const abort = () => request.abort(new Error('closed'));
    const timer = setTimeout(() => request.abort(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    this.stop.signal.addEventListener('abort', abort, { once: true });
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: request.signal,
      });
      // Read the body so the connection can be reused.
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true };
      // Client errors other than timeouts and rate limits will not get better by repeating the same request.
      const retry = res.status >= 500 || res.status === 408 || res.status === 429;
      return { ok: false, retry, why: `HTTP ${res.status}` };
    } catch (err) {
      const reason = request.signal.aborted ? (request.signal.reason as Error) : (err as Error);
      return { ok: false, retry: true, why: reason.message };
    } finally {
      clearTimeout(timer);
      this.stop.signal.removeEventListener('abort', abort);
    }
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.stop.signal;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
