// Typed socket.io event maps shared by the server and the screens.
import type { Board } from './boards.ts';
import type { LANES_PROTOCOL, Patch } from './patch.ts';
import type { Snapshot, Update } from './snapshot.ts';

export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot) => void;
  update: (update: Update) => void;
  /** To a socket that asked for the two lanes at connect (`lanes: 2`), instead of `update`. */
  patch: (patch: Patch) => void;
  /** To a socket that named a board in its auth: the board's definition on connect and whenever it changes
   *  (CONTRACT §10); null when the board no longer exists. */
  board: (board: Board | null) => void;
}

/** `replay` (CONTRACT §9): from `at` (ms or ISO), `speed` times as fast as it happened (0 pauses, at most 3600). */
interface ReplayRequest {
  at: number | string;
  speed?: number;
  /** Consoles (admin, supervisor): put that board's open walls into replay instead of this socket. */
  board?: string;
  /** Ask for the two lanes (`patch` instead of `update`): shared/patch.ts LANES_PROTOCOL. */
  lanes?: typeof LANES_PROTOCOL;
}

/** The answer to `replay`: where it starts (for a board: how many walls were told), or why it did not. */
export type ReplayAnswer = { ok: true; at: number; speed: number; walls?: number } | { ok: false; error: string };

export interface ClientToServerEvents {
  /** The socket leaves the live floor and is sent `snapshot`s of the past (each with `replay: true`). */
  replay: (request: ReplayRequest, answer?: (a: ReplayAnswer) => void) => void;
  /** Back to the live floor: a live `snapshot`, then its updates; with a board, that board's walls. */
  live: (request?: { board: string }) => void;
  /** Two-lane sockets: send me the lanes' baseline `snapshot` again (after a live snapshot that lacks `seq`). */
  resync: () => void;
}

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
  /** Absent: the login session's cookie rides along on the handshake. */
  token?: string;
  /** A wall's board id: the socket is then sent that board's definition (`board`). */
  board?: string;
  /** Ask for the two lanes (`patch` instead of `update`): shared/patch.ts LANES_PROTOCOL. */
  lanes?: typeof LANES_PROTOCOL;
}
