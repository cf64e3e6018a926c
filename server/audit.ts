// The audit trail: who did what when, appended to one Redis stream (the alert service writes its own entries
// there in the same transaction as the change; everything else comes through here).
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AuditRecord } from '../shared/audit.ts';
import { AUDIT_STREAM } from './redis/keys.ts';

const AUDIT_LIMIT_MAX = 1_000;

export class AuditLog {
  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Appends one entry. A failure is logged rather than thrown: the action itself already happened. */
  async record(who: string, what: string, detail: Record<string, unknown> = {}): Promise<void> {
    try {
      await this.redis.xadd(
        AUDIT_STREAM,
        '*',
        'who',
        who,
        'what',
        what,
        'at',
        String(this.clock()),
        'detail',
        JSON.stringify(detail),
      );
    } catch (err) {
      this.log.error({ who, what, err: (err as Error).message }, 'could not write the audit entry');
    }
  }

  /** The latest entries, newest first. */
  async latest(limit: number): Promise<AuditRecord[]> {
    const count = Math.max(1, Math.min(AUDIT_LIMIT_MAX, Math.floor(limit)));
    const entries = (await this.redis.xrevrange(AUDIT_STREAM, '+', '-', 'COUNT', count)) as [string, string[]][];
    return entries.map(toRecord);
  }

  /** Up to `count` entries after the entry `afterId` ('0': from the first), oldest first. */
  async after(afterId: string, count: number): Promise<AuditRecord[]> {
    const entries = (await this.redis.xrange(AUDIT_STREAM, `(${afterId}`, '+', 'COUNT', count)) as [string, string[]][];
    return entries.map(toRecord);
  }
}

function toRecord([id, flat]: [string, string[]]): AuditRecord {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
  return { id, who: f.who ?? '', what: f.what ?? '', at: Number(f.at), detail: parseDetail(f.detail) };
}

function parseDetail(raw: string | undefined): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(raw ?? '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { unreadable: raw };
  }
}
