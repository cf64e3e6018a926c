// One live connection to the server: the snapshot it holds (the two lanes' patches merged in), and how fresh it is.
import { io, type Socket } from 'socket.io-client';
import type { Board } from '../../../shared/boards.ts';
import { applyPatch, LANES_PROTOCOL } from '../../../shared/patch.ts';
import type { Snapshot } from '../../../shared/snapshot.ts';
import type { ClientToServerEvents, ReplayAnswer, ServerToClientEvents, SocketAuth } from '../../../shared/socket.ts';
import { applyUpdate } from './merge.ts';

/** Data older than this is stale. The server sends at least every 5 s; the extra half second absorbs jitter
 *  so a quiet floor does not flash the stale banner at every heartbeat. */
const STALE_AFTER_MS = 5_500;
/** After the server refused the token, ask again this often: someone may fix the token without visiting the TV. */
const REFUSED_RETRY_MS = 60_000;
/** Socket.io does not reconnect after a server-side disconnect; we do, backing off to this. */
const KICKED_RETRY_MAX_MS = 5_000;

export class LiveConnection {
  /** The server's view, with every patch (or, from a server without the lanes, update) merged in; null until the
   *  first snapshot. */
  snapshot = $state.raw<Snapshot | null>(null);
  connected = $state(false);
  /** Browser clock (ms) when the last snapshot or update arrived. */
  lastUpdateAt = $state<number | null>(null);
  /** Server `asOf` minus the browser clock at receipt: add it to Date.now() to get server time. */
  serverOffsetMs = $state(0);
  /** True while data arrived within STALE_AFTER_MS. */
  recent = $state(false);
  /** The server's reason for refusing this connection (one of shared/socket.ts SocketRefusal, or a proxy's), or null. */
  error = $state<string | null>(null);
  /** The board's definition as the server last pushed it (when a board was named); null: the board is gone. */
  board = $state.raw<Board | null | undefined>(undefined);

  readonly #socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  #staleTimer: ReturnType<typeof setTimeout> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #kicks = 0;

  /**
   * Connects to the page's own origin, as the server serves both the page and socket.io: with a token (a display's
   * kiosk URL), or with none, when the browser's login session cookie rides along on the handshake. A wall names
   * its board, so that the server pushes the board's definition whenever it changes. It asks for the two lanes
   * (docs/contract.md): agent states and waits as soon as they are folded, windowed figures once a second.
   */
  constructor(
    /** The display's token, which the wall's own REST reads (last week's intervals) also present. */
    readonly token: string | null,
    board?: string,
  ) {
    const auth: SocketAuth = {
      lanes: LANES_PROTOCOL,
      ...(token ? { token, ...(board !== undefined ? { board } : {}) } : {}),
    };
    this.#socket = io({
      auth,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      // WebSocket first: no long-polling requests left dangling when a connection is refused or dropped;
      // polling only where a proxy blocks WebSockets.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
    });

    this.#socket.on('connect', () => {
      this.connected = true;
      this.error = null;
    });
    this.#socket.on('disconnect', (reason) => {
      this.connected = false;
      if (reason === 'io server disconnect') this.#retry(Math.min(KICKED_RETRY_MAX_MS, 500 * 2 ** this.#kicks++));
    });
    this.#socket.on('connect_error', (err) => {
      // An error while the socket is still active is a network failure socket.io retries on its own;
      // an inactive socket means the server's middleware said no.
      if (this.#socket.active) return;
      this.error = err.message;
      this.#retry(REFUSED_RETRY_MS);
    });
    this.#socket.on('snapshot', (snapshot) => {
      this.#kicks = 0;
      this.snapshot = snapshot;
      this.#received(snapshot.asOf);
      // A live snapshot without `seq` (back from a replay) is not the lanes' baseline the patches build on.
      if (!snapshot.replay && snapshot.seq === undefined) this.#socket.emit('resync');
    });
    this.#socket.on('patch', (patch) => {
      if (!this.snapshot || this.snapshot.replay) return;
      this.snapshot = applyPatch(this.snapshot, patch);
      this.#received(patch.asOf);
    });
    this.#socket.on('board', (board) => (this.board = board));
    // A server from before the lanes sends updates.
    this.#socket.on('update', (update) => {
      if (!this.snapshot) return;
      this.snapshot = applyUpdate(this.snapshot, update);
      this.#received(update.asOf);
    });
  }

  #received(asOf: number): void {
    const now = Date.now();
    this.lastUpdateAt = now;
    this.serverOffsetMs = asOf - now;
    this.recent = true;
    clearTimeout(this.#staleTimer);
    this.#staleTimer = setTimeout(() => (this.recent = false), STALE_AFTER_MS);
  }

  /** Asks for the past floor from `at` (CONTRACT §9), on this screen or, with `board`, on that board's walls. */
  replay(request: { at: number; speed: number; board?: string }): Promise<ReplayAnswer> {
    return new Promise((resolve) => this.#socket.emit('replay', request, resolve));
  }

  /** Back to the live floor (this screen, or that board's walls). */
  backToLive(board?: string): void {
    this.#socket.emit('live', board === undefined ? undefined : { board });
  }

  close(): void {
    clearTimeout(this.#staleTimer);
    clearTimeout(this.#retryTimer);
    this.#socket.close();
  }

  #retry(delayMs: number): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#socket.connect(), delayMs);
  }
}
