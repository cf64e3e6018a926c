// Typed socket.io event maps shared by the server and the screens.
import type { Board } from './boards.ts';
import type { Snapshot, Update } from './snapshot.ts';

export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot) => void;
  update: (update: Update) => void;
  /** To a socket that named a board in its auth: the board's definition on connect and whenever it changes
   *  (CONTRACT §10); null when the board no longer exists. */
  board: (board: Board | null) => void;
}

// biome-ignore lint/complexity/noBannedTypes: socket.io's event map for a side that emits nothing is {}
export type ClientToServerEvents = {};

/**
 * Why the server refuses a socket: the message of the `connect_error` the screen receives (the Hocuspocus
 * `CloseEvents` pattern), one constant each so the server's middleware and the screens cannot drift apart.
 */
export const SocketRefusal = {
  /** No valid token or session. */
  unauthorized: 'unauthorized',
  /** Known, but may not watch the floor. */
  forbidden: 'forbidden',
  /** The session could not be checked (Redis down): try again later. */
  unavailable: 'unavailable',
} as const;

export interface SocketAuth {
  token: string;
  /** A wall's board id: the socket is then sent that board's definition (`board`). */
  board?: string;
}
