// Board definitions pushed to the walls showing them (CONTRACT §10): a socket that names its board in its auth
// joins that board's room, gets the definition on every (re)connect, and each change as the store learns of it
// (on whichever node it was made).
import type { Role } from '../../shared/config.ts';
import type { BoardStore } from '../boards/store.ts';
import type { Hub } from './hub.ts';

/** Who may read a board (GET /api/v1/boards/:board): the same roles get it pushed. */
const BOARD_ROLES: ReadonlySet<Role> = new Set(['display', 'supervisor', 'admin']);

const boardRoom = (id: string): string => `board:${id}`;

export function pushBoards(io: Hub['io'], store: BoardStore): void {
  io.on('connection', (socket) => {
    const board = (socket.handshake.auth as { board?: unknown } | undefined)?.board;
    if (typeof board !== 'string' || !BOARD_ROLES.has(socket.data.principal.role)) return;
    void socket.join(boardRoom(board));
    socket.emit('board', store.get(board) ?? null);
  });
  store.onChange((id, board) => io.to(boardRoom(id)).emit('board', board));
}
