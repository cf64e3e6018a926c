// The alert module's face: evaluates on the hub's tick, keeps the book, persists and posts changes without
// making the tick wait, and serves acknowledgements, rule edits and history.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { parseRules, type Alert, type AlertChange, type Rule } from '../../shared/alerts.ts';
import type { View } from '../engine/index.ts';
import { rateLimitedWarn } from '../redis/connection.ts';
import { DEFAULT_RULES } from './defaults.ts';
import { acknowledge, activeAlerts, evaluate, type AckResult, type AlertBook } from './evaluate.ts';
import type { AlertExtra } from './metrics.ts';
import { AlertStore, type AuditEntry } from './store.ts';
import { WebhookPoster, type WebhookOptions } from './webhook.ts';

export interface AlertServiceOptions {
  /** A commands connection (createRedis), owned by the caller. */
  redis: Redis;
  /** The configured rules; absent: DEFAULT_RULES. Rules an admin saved replace both (see load()). */
  rules?: readonly Rule[];
  webhookUrl?: string;
  log: Logger;
  /** Delivery tuning (tests shorten the back-off). */
  webhook?: Omit<WebhookOptions, 'url' | 'log'>;
  clock?: () => number;
}

export type AckOutcome = { ok: true; alert: Alert } | Extract<AckResult, { ok: false }>;

const HISTORY_LIMIT_MAX = 1_000;

export class AlertService {
  private book: AlertBook = {};
  private configured: readonly Rule[];
  private current: readonly Rule[];
  private loaded = false;
  private readonly store: AlertStore;
  private readonly webhook: WebhookPoster | null;
  private readonly clock: () => number;
  private readonly warnSave: (obj: object, msg: string) => void;
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: AlertServiceOptions) {
    this.configured = o.rules ?? DEFAULT_RULES;
    this.current = this.configured;
    this.store = new AlertStore(o.redis, o.log);
    this.webhook = o.webhookUrl ? new WebhookPoster({ ...o.webhook, url: o.webhookUrl, log: o.log }) : null;
    this.clock = o.clock ?? Date.now;
    this.warnSave = rateLimitedWarn(o.log);
  }

  /** Reads the saved book (acknowledgements survive restarts) and any rules an admin saved. Call before tick(). */
  async load(): Promise<void> {
    this.book = await this.store.loadBook();
    const saved = await this.store.loadRules();
    if (saved) this.current = saved;
    this.loaded = true;
    this.o.log.info({ alerts: Object.keys(this.book).length, rules: this.current.length, edited: saved !== null }, 'alerts loaded');
  }

  /** Evaluates the rules against the view. Returns at once: saving and webhook posts happen in the background. */
  tick(view: View, now: number, extra: AlertExtra): AlertChange[] {
    if (!this.loaded) throw new Error('AlertService.tick() called before load() finished');
    const prior = this.book;
    const { book, changes } = evaluate(this.current, prior, view, now, extra);
    this.book = book;
    // Values move every tick; the saved book only needs the lifecycle, so write when that changed.
    if (changes.length > 0 || !sameLifecycle(prior, book)) {
      this.track(this.store.persist(book, changes)).catch((err: Error) => this.warnSave({ err: err.message }, 'could not save alert changes'));
    }
    for (const c of changes) this.webhook?.post(c);
    return changes;
  }

  /** Fired and acknowledged alerts, most severe first. */
  active(): Alert[] {
    return activeAlerts(this.book);
  }

  rules(): readonly Rule[] {
    return this.current;
  }

  /**
   * Acknowledges a fired alert. The acknowledgement holds in memory at once; a failed save rejects (the next
   * saved book includes it, but its history and audit entries are lost).
   */
  async acknowledge(id: string, by: string, comment?: string): Promise<AckOutcome> {
    const now = this.clock();
    const r = acknowledge(this.book, id, by, comment, now);
    if (!r.ok) return r;
    this.book = r.book;
    this.webhook?.post(r.change);
    const audit: AuditEntry = { who: by, what: 'alert.acknowledge', at: now, detail: { alertId: id, ...(comment ? { comment } : {}) } };
    await this.track(this.store.persist(r.book, [r.change], audit));
    return { ok: true, alert: r.change.alert };
  }

  /**
   * Replaces the rules with an admin's list, validated with the config's schema (throws an Error naming the
   * problem). Alerts of removed rules resolve on the next tick.
   */
  async setRules(raw: unknown, by: string): Promise<readonly Rule[]> {
    const rules = parseRules(raw);
    await this.track(this.store.saveRules(rules, { who: by, what: 'alert.rules.set', at: this.clock(), detail: { rules } }));
    this.current = rules;
    return rules;
  }

  /** Forgets the admin's rules: the configured ones apply again. */
  async resetRules(by: string): Promise<readonly Rule[]> {
    await this.track(this.store.deleteRules({ who: by, what: 'alert.rules.reset', at: this.clock(), detail: {} }));
    this.current = this.configured;
    return this.current;
  }

  /** The latest changes, newest first (at most 1,000). */
  history(limit: number): Promise<AlertChange[]> {
    return this.store.history(Math.max(1, Math.min(HISTORY_LIMIT_MAX, Math.floor(limit))));
  }

  /** Resolves once every write started so far has finished (or failed). */
  async flush(): Promise<void> {
    await this.writes;
  }

  /** Stops webhook delivery and waits for pending writes. The Redis connection stays open: it is the caller's. */
  async close(): Promise<void> {
    await this.webhook?.close();
    await this.flush();
  }

  private track<T>(p: Promise<T>): Promise<T> {
    const settled = p.catch(() => undefined);
    this.writes = Promise.all([this.writes, settled]);
    return p;
  }
}

function sameLifecycle(a: AlertBook, b: AlertBook): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => b[k]?.state === a[k]!.state);
}
