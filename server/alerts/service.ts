// The alert module's face: evaluates on the hub's tick, keeps the book, persists and posts changes without
// making the tick wait, and serves acknowledgements, rule edits and history.
//
// With several nodes, only the lease holder evaluates, saves and posts (one webhook post per change); the others
// mirror the book it saves. An acknowledgement on another node waits in Redis until the holder applies it, and
// shows on that node at once. Every node polls one version counter to pick up the others' writes.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { parseRules, type Alert, type AlertChange, type Rule } from '../../shared/alerts.ts';
import type { View } from '../engine/index.ts';
import { rateLimitedWarn } from '../redis/connection.ts';
import { DEFAULT_RULES } from './defaults.ts';
import { acknowledge, activeAlerts, evaluate, type AckResult, type AlertBook } from './evaluate.ts';
import type { AlertExtra } from './metrics.ts';
import { AlertStore, type AuditEntry, type PendingAck } from './store.ts';
import { WebhookPoster, type WebhookOptions } from './webhook.ts';

export interface AlertServiceOptions {
  /** A commands connection (createRedis), owned by the caller. */
  redis: Redis;
  /** The configured rules. Rules an admin saved replace them (see load()). @defaultValue DEFAULT_RULES */
  rules?: readonly Rule[];
  /** Where alert changes are posted (the lease holder posts). @defaultValue none: no webhook */
  webhookUrl?: string;
  log: Logger;
  /** Delivery tuning (tests shorten the back-off). @defaultValue WebhookPoster's defaults (webhook.ts) */
  webhook?: Omit<WebhookOptions, 'url' | 'log'>;
  /** @defaultValue Date.now */
  clock?: () => number;
  /** True while this node holds the cluster's lease (server/lease.ts). @defaultValue a single node, always in charge */
  leader?: () => boolean;
  /** How often to look for other nodes' alert writes, ms. @defaultValue 250 */
  pollMs?: number;
}

export type AckOutcome = { ok: true; alert: Alert } | Extract<AckResult, { ok: false }>;

const HISTORY_LIMIT_MAX = 1_000;
const DEFAULTS = { pollMs: 250, clock: Date.now, leader: () => true };
/** Values and messages move every tick; followers see them at most this stale. Lifecycle changes are saved at once. */
const BOOK_SAVE_EVERY_MS = 1_000;

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
  /** Acknowledgements given on any node and not yet applied by the lease holder. */
  private acks = new Map<string, PendingAck>();
  /** What the last tick showed, so a node that does not evaluate can still tell screens what changed. */
  private shown = new Map<string, Alert>();
  private knownVersion = -1;
  private savedBook = '';
  private savedAt = -Infinity;
  private leading = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private polling: Promise<void> = Promise.resolve();

  constructor(private readonly o: AlertServiceOptions) {
    this.configured = o.rules ?? DEFAULT_RULES;
    this.current = this.configured;
    this.store = new AlertStore(o.redis, o.log);
    this.webhook = o.webhookUrl ? new WebhookPoster({ ...o.webhook, url: o.webhookUrl, log: o.log }) : null;
    this.clock = o.clock ?? DEFAULTS.clock;
    this.warnSave = rateLimitedWarn(o.log);
  }

  /** Reads the saved book (acknowledgements survive restarts) and any rules an admin saved. Call before tick(). */
  async load(): Promise<void> {
    this.knownVersion = await this.store.version();
    this.book = await this.store.loadBook();
    this.acks = await this.store.loadAcks();
    const saved = await this.store.loadRules();
    if (saved) this.current = saved;
    this.loaded = true;
    for (const a of this.active()) this.shown.set(a.id, a);
    this.o.log.info(
      { alerts: Object.keys(this.book).length, rules: this.current.length, edited: saved !== null },
      'alerts loaded',
    );
    let busy = false;
    this.pollTimer = setInterval(() => {
      // While Redis is away a check waits for it: one waiting check is enough.
      if (busy) return;
      busy = true;
      this.polling = this.poll()
        .catch((err: Error) => this.warnSave({ err: err.message }, 'could not check for alert changes'))
        .finally(() => (busy = false));
    }, this.o.pollMs ?? DEFAULTS.pollMs);
    this.pollTimer.unref();
  }

  /**
   * The lease holder evaluates the rules against the view and returns the changes; saving and webhook posts
   * happen in the background. Any other node returns what changed in the mirrored book since its last tick.
   */
  tick(view: View, now: number, extra: AlertExtra): AlertChange[] {
    if (!this.loaded) throw new Error('AlertService.tick() called before load() finished');
    const leader = this.isLeader();
    if (leader !== this.leading) {
      this.leading = leader;
      this.o.log.info(
        { leader },
        leader ? 'evaluating alerts for the cluster' : 'following the alert book of the lease holder',
      );
    }
    const changes = leader ? this.evaluate(view, now, extra) : this.observed(now);
    this.shown = new Map(this.active().map((a) => [a.id, a]));
    return changes;
  }

  private evaluate(view: View, now: number, extra: AlertExtra): AlertChange[] {
    const prior = this.book;
    let book = prior;
    const changes: AlertChange[] = [];
    const applied = [...this.acks.keys()];
    for (const [id, ack] of this.acks) {
      const r = acknowledge(book, id, ack.by, ack.comment, ack.at);
      // One that no longer applies (resolved meanwhile, acknowledged twice) is simply dropped.
      if (r.ok) {
        book = r.book;
        changes.push(r.change);
      }
    }
    this.acks.clear();
    const e = evaluate(this.current, book, view, now, extra);
    changes.push(...e.changes);
    this.book = e.book;
    const text = JSON.stringify(this.book);
    const due = text !== this.savedBook && now - this.savedAt >= BOOK_SAVE_EVERY_MS;
    if (changes.length > 0 || applied.length > 0 || !sameLifecycle(prior, this.book) || due) {
      this.savedBook = text;
      this.savedAt = now;
      this.track(this.store.persist(this.book, changes, undefined, applied)).catch((err: Error) =>
        this.warnSave({ err: err.message }, 'could not save alert changes'),
      );
    }
    for (const c of changes) this.webhook?.post(c);
    return changes;
  }

  /** A follower's view of the lease holder's changes: what appeared, changed state or went away since the last tick. */
  private observed(now: number): AlertChange[] {
    const changes: AlertChange[] = [];
    const current = new Map(this.active().map((a) => [a.id, a]));
    for (const [id, a] of current) {
      const before = this.shown.get(id);
      if (!before) changes.push({ kind: 'fired', at: a.firedAt ?? now, alert: a });
      else if (before.state !== a.state) changes.push({ kind: 'acknowledged', at: a.since, alert: a });
      else if (before.escalated !== a.escalated) changes.push({ kind: 'escalated', at: now, alert: a });
    }
    for (const [id, a] of this.shown) {
      if (!current.has(id)) changes.push({ kind: 'resolved', at: now, alert: { ...a, state: 'resolved', since: now } });
    }
    return changes;
  }

  /** Fired and acknowledged alerts, most severe first (acknowledgements still on their way to the lease holder included). */
  active(): Alert[] {
    return activeAlerts(this.withAcks());
  }

  private withAcks(): AlertBook {
    let book = this.book;
    for (const [id, ack] of this.acks) {
      const r = acknowledge(book, id, ack.by, ack.comment, ack.at);
      if (r.ok) book = r.book;
    }
    return book;
  }

  private isLeader(): boolean {
    return (this.o.leader ?? DEFAULTS.leader)();
  }

  /** Picks up other nodes' writes: acknowledgements and rules always, the book when another node keeps it. */
  private async poll(): Promise<void> {
    if ((await this.store.version()) === this.knownVersion) return;
    const leader = this.isLeader();
    const shared = await this.store.loadShared();
    // The lease holder's own book is newer than anything saved; a change of role while reading makes the read moot.
    if (leader !== this.isLeader()) return;
    if (!leader) this.book = shared.book;
    this.acks = shared.acks;
    this.current = shared.rules ?? this.configured;
    this.knownVersion = shared.version;
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
    const r = acknowledge(this.withAcks(), id, by, comment, now);
    if (!r.ok) return r;
    const audit: AuditEntry = {
      who: by,
      what: 'alert.acknowledge',
      at: now,
      detail: { alertId: id, ...(comment ? { comment } : {}) },
    };
    const ack = r.change.alert.acknowledged!;
    if (!this.isLeader()) {
      const first = await this.track(this.store.addAck(id, ack, audit));
      if (!first)
        return {
          ok: false,
          code: 'already-acknowledged',
          error: `alert "${id}" was just acknowledged on another screen`,
        };
      this.acks.set(id, ack);
      return { ok: true, alert: r.change.alert };
    }
    const own = acknowledge(this.book, id, by, comment, now);
    if (!own.ok) return own;
    this.book = own.book;
    this.webhook?.post(own.change);
    await this.track(this.store.persist(own.book, [own.change], audit));
    return { ok: true, alert: own.change.alert };
  }

  /**
   * Replaces the rules with an admin's list, validated with the config's schema (throws an Error naming the
   * problem). Alerts of removed rules resolve on the next tick.
   */
  async setRules(raw: unknown, by: string): Promise<readonly Rule[]> {
    const rules = parseRules(raw);
    await this.track(
      this.store.saveRules(rules, { who: by, what: 'alert.rules.set', at: this.clock(), detail: { rules } }),
    );
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
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    await this.polling;
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
