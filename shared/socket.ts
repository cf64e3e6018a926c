// Typed socket.io event maps shared by the server and the screens.
import type { Snapshot, Update } from './snapshot.ts';

export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot) => void;
  update: (update: Update) => void;
}

export interface ClientToServerEvents {}

export interface SocketAuth {
  token: string;
}
