// Alert persistence in Redis: the active book, the history stream, admin-edited rules, acknowledgements made on
// any node, and the audit stream. Every write bumps one counter, which all nodes poll to stay in step.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  alertChangeSchema,
  alertSchema,
  parseRules,
  type Alert,
  type AlertChange,
  type Rule,
} from '../../shared/alerts.ts';
import type { AlertBook } from './evaluate.ts';
import {
  ALERT_ACKS_KEY,
  ALERT_BOOK_KEY,
  ALERT_HISTORY_STREAM,
  ALERT_RULES_KEY,
  ALERT_VERSION_KEY,
  AUDIT_STREAM,
} from '../redis/keys.ts';

/** History is trimmed to about this many changes (XADD MAXLEN ~), so a noisy floor cannot fill Redis. */
const HISTORY_MAX = 50_000;

export interface AuditEntry {
  who: string;
  /** e.g. `alert.acknowledge`, `alert.rules.set`, `alert.rules.reset` */
  what: string;
  at: number;
  detail: Record<string, unknown>;
}

type StreamEntry = [id: string, fields: string[]];

/** An acknowledgement given on some node, waiting for the lease holder to apply it to the book. */
export type PendingAck = NonNullable<Alert['acknowledged']>;
const pendingAckSchema = alertSchema.shape.acknowledged.unwrap();

function fieldsOf(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!;
  return out;
}

export class AlertStore {
  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
    private readonly historyMax = HISTORY_MAX,
  ) {}

  /** The saved book; alerts that no longer match the schema (an older version wrote them) are dropped. */
  async loadBook(): Promise<AlertBook> {
    return this.parseBook(await this.redis.get(ALERT_BOOK_KEY));
  }

  /** Everything other nodes may have written, read in one MULTI so the book and its pending acks agree. */
  async loadShared(): Promise<{
    version: number;
    book: AlertBook;
    acks: Map<string, PendingAck>;
    rules: Rule[] | null;
  }> {
    const results = await this.redis
      .multi()
      .get(ALERT_VERSION_KEY)
      .get(ALERT_BOOK_KEY)
      .hgetall(ALERT_ACKS_KEY)
      .get(ALERT_RULES_KEY)
      .exec();
    if (results === null) throw new Error('alert store read was aborted');
    for (const [err] of results) if (err) throw err;
    const [version, book, acks, rules] = results.map(([, v]) => v) as [
      string | null,
      string | null,
      Record<string, string>,
      string | null,
    ];
    return {
      version: Number(version ?? 0),
      book: this.parseBook(book),
      acks: this.parseAcks(acks),
      rules: this.parseRules(rules),
    };
  }

  private parseBook(raw: string | null): AlertBook {
    if (raw === null) return {};
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      this.log.warn({ key: ALERT_BOOK_KEY }, 'saved alert book is not JSON: starting with no alerts');
      return {};
    }
    const book: Record<string, Alert> = {};
    for (const [id, value] of Object.entries(json && typeof json === 'object' ? json : {})) {
      const parsed = alertSchema.safeParse(value);
      if (parsed.success && parsed.data.id === id) book[id] = parsed.data;
      else this.log.warn({ id }, 'dropping an unreadable saved alert');
    }
    return book;
  }

  /**
   * Appends the changes to the history, replaces the saved book, drops the acknowledgements it has applied and
   * records the audit entry, in one MULTI.
   */
  async persist(
    book: AlertBook,
    changes: readonly AlertChange[],
    audit?: AuditEntry,
    appliedAcks: readonly string[] = [],
  ): Promise<void> {
    const tx = this.redis.multi();
    for (const c of changes) {
      tx.xadd(
        ALERT_HISTORY_STREAM,
        'MAXLEN',
        '~',
        String(this.historyMax),
        '*',
        'kind',
        c.kind,
        'at',
        String(c.at),
        'alert',
        JSON.stringify(c.alert),
      );
    }
    tx.set(ALERT_BOOK_KEY, JSON.stringify(book));
    if (appliedAcks.length) tx.hdel(ALERT_ACKS_KEY, ...appliedAcks);
    if (audit) this.addAudit(tx, audit);
    tx.incr(ALERT_VERSION_KEY);
    await exec(tx);
  }

  /** The counter every alert write bumps (0 before the first). */
  async version(): Promise<number> {
    return Number((await this.redis.get(ALERT_VERSION_KEY)) ?? 0);
  }

  /** Records an acknowledgement made on a node that does not hold the lease; false when one is already waiting. */
  async addAck(id: string, ack: PendingAck, audit: AuditEntry): Promise<boolean> {
    // Two nodes may acknowledge the same alert at once: the first HSETNX wins, and only the winner is audited.
    if ((await this.redis.hsetnx(ALERT_ACKS_KEY, id, JSON.stringify(ack))) !== 1) return false;
    const tx = this.redis.multi();
    this.addAudit(tx, audit);
    tx.incr(ALERT_VERSION_KEY);
    await exec(tx);
    return true;
  }

  /** Acknowledgements waiting to be applied, by alert id; unreadable ones are skipped. */
  async loadAcks(): Promise<Map<string, PendingAck>> {
    return this.parseAcks(await this.redis.hgetall(ALERT_ACKS_KEY));
  }

  private parseAcks(raw: Record<string, string>): Map<string, PendingAck> {
    const acks = new Map<string, PendingAck>();
    for (const [id, text] of Object.entries(raw)) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const parsed = pendingAckSchema.safeParse(json);
      if (parsed.success) acks.set(id, parsed.data);
      else this.log.warn({ id }, 'skipping an unreadable pending acknowledgement');
    }
    return acks;
  }

  /** The latest changes, newest first. */
  async history(limit: number): Promise<AlertChange[]> {
    const entries = (await this.redis.xrevrange(ALERT_HISTORY_STREAM, '+', '-', 'COUNT', limit)) as StreamEntry[];
    const out: AlertChange[] = [];
    for (const [id, flat] of entries) {
      const f = fieldsOf(flat);
      let alert: unknown;
      try {
        alert = JSON.parse(f.alert ?? '');
      } catch {
        alert = undefined;
      }
      const parsed = alertChangeSchema.safeParse({ kind: f.kind, at: Number(f.at), alert });
      if (parsed.success) out.push(parsed.data);
      else this.log.warn({ id }, 'skipping an unreadable alert history entry');
    }
    return out;
  }

  /** Rules an admin saved, or null when none were (then the config's apply). Invalid saved rules are ignored, loudly. */
  async loadRules(): Promise<Rule[] | null> {
    return this.parseRules(await this.redis.get(ALERT_RULES_KEY));
  }

  private parseRules(raw: string | null): Rule[] | null {
    if (raw === null) return null;
    try {
      return parseRules(JSON.parse(raw));
    } catch (err) {
      this.log.error(
        { key: ALERT_RULES_KEY, err: (err as Error).message },
        'saved alert rules are invalid: using the configured rules',
      );
      return null;
    }
  }

  async saveRules(rules: readonly Rule[], audit: AuditEntry): Promise<void> {
    const tx = this.redis.multi().set(ALERT_RULES_KEY, JSON.stringify(rules));
    this.addAudit(tx, audit);
    tx.incr(ALERT_VERSION_KEY);
    await exec(tx);
  }

  async deleteRules(audit: AuditEntry): Promise<void> {
    const tx = this.redis.multi().del(ALERT_RULES_KEY);
    this.addAudit(tx, audit);
    tx.incr(ALERT_VERSION_KEY);
    await exec(tx);
  }

  private addAudit(tx: ReturnType<Redis['multi']>, a: AuditEntry): void {
    tx.xadd(AUDIT_STREAM, '*', 'who', a.who, 'what', a.what, 'at', String(a.at), 'detail', JSON.stringify(a.detail));
  }
}

/** EXEC reports each command's error separately; the first one fails the whole write. */
async function exec(tx: ReturnType<Redis['multi']>): Promise<void> {
  const results = await tx.exec();
  if (results === null) throw new Error('alert store transaction was aborted');
  for (const [err] of results) if (err) throw err;
}
