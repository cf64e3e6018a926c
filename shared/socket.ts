// Typed socket.io event maps shared by the server and the screens.
import type { Snapshot, Update } from './snapshot.ts';

export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot) => void;
  update: (update: Update) => void;
}

export interface ClientToServerEvents {}

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
export type SocketRefusalReason = (typeof SocketRefusal)[keyof typeof SocketRefusal];

export interface SocketAuth {
  token: string;
}
