// What the ticker (公告牌) runs: the posted bulletins meant for this board (those for no board in particular, or
// naming it, and not aimed at teams only), most recent first, then the board's static messages from the config.
import type { Board } from '../../../shared/boards.ts';
import type { Bulletin } from '../../../shared/bulletins.ts';

export function tickerFor(bulletins: readonly Bulletin[], board: Board): string[] {
  const forBoard = bulletins.filter((b) => {
    const boards = b.targets.boards ?? [];
    const teams = b.targets.teams ?? [];
    return boards.length ? boards.includes(board.id) : teams.length === 0;
  });
  return [...forBoard.sort((a, b) => b.updatedAt - a.updatedAt).map((b) => b.text), ...board.ticker];
}
