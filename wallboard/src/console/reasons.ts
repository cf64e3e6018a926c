// An aux reason in the page's language, from the wall's own table (lib/messages.ts `reasons`), so a reason reads
// the same on the TV and on the desk; a reason the table does not know is shown as the feed sent it.
import { MESSAGES } from '../lib/messages.ts';
import type { Lang } from './messages.ts';

export function reasonLabel(lang: Lang, reason: string): string {
  const table = MESSAGES[lang].reasons;
  return Object.hasOwn(table, reason) ? table[reason]! : reason;
}
