// What the ticker (公告牌) runs: the posted bulletins meant for this board (those for no board in particular, or
// naming it, and not aimed at teams only), most recent first, then the board's static messages from the config —
// or, on the built-in board, its placeholder lines in the screen's language. An urgent bulletin is not a ticker
// line: it takes over the screen (see urgentBulletin).
import type { Board } from '../../../shared/boards.ts';
import type { Bulletin, BulletinSeverity } from '../../../shared/bulletins.ts';
import type { QueueView } from '../../../shared/snapshot.ts';
import { formatPercent, type Locale } from './format.ts';
import type { Messages } from './messages.ts';

export interface TickerLine {
  text: string;
  severity: BulletinSeverity;
}

function forBoard(bulletins: readonly Bulletin[], board: Board, now: number): Bulletin[] {
  return bulletins
    .filter((b) => {
      if (b.expiresAt !== null && b.expiresAt <= now) return false;
      const boards = b.targets.boards ?? [];
      const teams = b.targets.teams ?? [];
      return boards.length ? boards.includes(board.id) : teams.length === 0;
    })
    .sort((a, b) => b.updatedAt - a.updatedAt);
}

/**
 * The built-in board's lines: a welcome, and the service-level target only when every queue shares one threshold
 * and one target (otherwise no single sentence is true, so none is shown).
 */
export function placeholderLines(queues: readonly QueueView[], t: Messages, locale: Locale): string[] {
  const lines = [t.builtIn.welcome];
  const pairs = new Set(queues.map((q) => `${q.slTarget}|${q.slThresholdSec}`));
  const q = queues[0];
  if (q && pairs.size === 1)
    lines.unshift(t.builtIn.slLine(formatPercent(q.slTarget, locale), String(q.slThresholdSec)));
  return lines;
}

export function tickerFor(
  bulletins: readonly Bulletin[],
  board: Board,
  now: number,
  placeholders: readonly string[],
): TickerLine[] {
  const posted = forBoard(bulletins, board, now)
    .filter((b) => b.severity !== 'urgent')
    .map((b) => ({ text: b.text, severity: b.severity }));
  const fixed = board.placeholderTicker ? placeholders : board.ticker;
  return [...posted, ...fixed.map((text) => ({ text, severity: 'info' as const }))];
}

/** The newest urgent bulletin in force for this board, which the wall shows across its whole width. */
export function urgentBulletin(bulletins: readonly Bulletin[], board: Board, now: number): Bulletin | null {
  return forBoard(bulletins, board, now).find((b) => b.severity === 'urgent') ?? null;
}
