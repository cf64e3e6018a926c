// The bulletins that were up at a past moment. The bulletin hash holds only each bulletin's latest version (and
// drops expired ones after a week), so the past is rebuilt from the audit trail, which is never trimmed and has
// every post, edit and expiry with the bulletin's fields (server/http/bulletins.ts writes them).
import type { AuditRecord } from '../../shared/audit.ts';
import type { Bulletin, BulletinTargets } from '../../shared/bulletins.ts';
import type { AuditLog } from '../audit.ts';
import { byPrecedence, isActive } from '../bulletins/service.ts';

const PAGE = 1_000;

/** The bulletins in force at `at`, by the audit records of their posts, edits and expiries (oldest first). */
export function bulletinsAt(records: readonly AuditRecord[], at: number): Bulletin[] {
  const all = new Map<string, Bulletin>();
  for (const r of records) {
    if (r.at > at) break;
    const d = r.detail as Partial<Bulletin>;
    if (typeof d.id !== 'string') continue;
    const old = all.get(d.id);
    if (r.what === 'bulletin.post')
      all.set(d.id, { ...fields(d), id: d.id, createdBy: r.who, createdAt: r.at, updatedAt: r.at });
    else if (r.what === 'bulletin.edit' && old) all.set(d.id, { ...old, ...fields(d), updatedAt: r.at });
    else if (r.what === 'bulletin.expire' && old) all.set(d.id, { ...old, expiresAt: r.at, updatedAt: r.at });
  }
  return [...all.values()]
    .filter((b) => isActive(b, at))
    .sort(byPrecedence)
    .map((b) => ({ ...b, replay: true }));
}

function fields(d: Partial<Bulletin>): Pick<Bulletin, 'text' | 'severity' | 'targets' | 'expiresAt'> {
  return {
    text: String(d.text ?? ''),
    severity: d.severity ?? 'info',
    targets: (d.targets ?? {}) as BulletinTargets,
    expiresAt: d.expiresAt ?? null,
  };
}

/**
 * The audit trail's bulletin records, read once and then only what was added since: a replay asks for them with
 * every picture.
 */
export class BulletinHistory {
  private records: AuditRecord[] = [];
  private lastId = '0';
  private reading: Promise<void> = Promise.resolve();

  constructor(private readonly audit: Pick<AuditLog, 'after'>) {}

  /** The bulletins in force at `at` (a moment not in the future). */
  async at(at: number): Promise<Bulletin[]> {
    // A failed read is retried by the next picture's.
    this.reading = this.reading.catch(() => undefined).then(() => this.readNew());
    await this.reading;
    return bulletinsAt(this.records, at);
  }

  private async readNew(): Promise<void> {
    for (;;) {
      const page = await this.audit.after(this.lastId, PAGE);
      if (page.length === 0) return;
      this.lastId = page.at(-1)!.id;
      this.records.push(...page.filter((r) => r.what.startsWith('bulletin.')));
      if (page.length < PAGE) return;
    }
  }
}
