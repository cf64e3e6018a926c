// A resilient AMI connection: logs in with events on, correlates actions by ActionID, pings, and reconnects.
import net from 'node:net';
import { type AmiMessage, AmiParser, formatAction } from './protocol.ts';

export type AmiLinkState = 'connecting' | 'up' | 'down';

export interface AmiClientOptions {
  host: string;
  port: number;
  user: string;
  secret: string;
  /** Keepalive interval; a Ping unanswered for as long drops the connection. */
  pingMs?: number;
  /** Cap of the reconnect back-off, which doubles from 500 ms. */
  maxBackoffMs?: number;
  /** How long an action may wait for its response. */
  actionTimeoutMs?: number;
  /** Every event frame, including those answering a list action such as QueueStatus. */
  onEvent?: (msg: AmiMessage) => void;
  /** Link changes; `up` comes after a successful Login. `detail` says why a link went down. */
  onState?: (state: AmiLinkState, detail?: string) => void;
}

type ActionFields = Record<string, string | number | boolean | ReadonlyArray<string>>;

interface Pending {
  resolve: (msgs: AmiMessage[]) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
  /** For list actions: frames collected so far (the Response first). */
  list?: AmiMessage[];
}

const FIRST_BACKOFF_MS = 500;
const LOGOFF_WAIT_MS = 1_000;

export class AmiClient {
  private socket: net.Socket | undefined;
  private readonly parser = new AmiParser();
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;
  private backoffMs = FIRST_BACKOFF_MS;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private stopped = true;
  private linkState: AmiLinkState = 'down';
  private readonly pingMs: number;
  private readonly maxBackoffMs: number;
  private readonly actionTimeoutMs: number;

  constructor(private readonly opts: AmiClientOptions) {
    this.pingMs = opts.pingMs ?? 15_000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 5_000;
    this.actionTimeoutMs = opts.actionTimeoutMs ?? 10_000;
  }

  get state(): AmiLinkState {
    return this.linkState;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  /** Logs off (when up) and closes; no reconnect follows. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    if (this.linkState === 'up') {
      // A polite Logoff, but a peer that does not answer it must not hold up shutdown.
      let timer: NodeJS.Timeout | undefined;
      const patience = new Promise<void>((r) => (timer = setTimeout(r, LOGOFF_WAIT_MS)));
      await Promise.race([this.action({ Action: 'Logoff' }).catch(() => undefined), patience]);
      clearTimeout(timer);
    }
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.teardown('stopped');
  }

  /** Sends an action and resolves with its Response frame; rejects on `Response: Error` or a lost link. */
  async action(fields: ActionFields): Promise<AmiMessage> {
    const [response] = await this.send(fields, false);
    return response!;
  }

  /**
   * Sends a list action (QueueStatus, QueueSummary, …) and resolves with the events it produced, up to and
   * including the one marked `EventList: Complete`. Those events also reach `onEvent`.
   */
  async actionList(fields: ActionFields): Promise<AmiMessage[]> {
    const [, ...events] = await this.send(fields, true);
    return events;
  }

  private send(fields: ActionFields, isList: boolean): Promise<AmiMessage[]> {
    const socket = this.socket;
    if (!socket || this.linkState === 'down') return Promise.reject(new Error('AMI is not connected'));
    const id = `fb-${this.nextId++}`;
    const frame = formatAction({ ...fields, ActionID: id });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`AMI action ${String(fields.Action)} got no response in ${this.actionTimeoutMs} ms`));
      }, this.actionTimeoutMs);
      this.pending.set(id, { resolve, reject, timer, ...(isList ? { list: [] } : {}) });
      socket.write(frame);
    });
  }

  private connect(): void {
    this.setState('connecting');
    this.parser.reset();
    const socket = net.connect({ host: this.opts.host, port: this.opts.port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    let loggingIn = false;
    socket.on('data', (chunk) => {
      for (const msg of this.parser.push(chunk)) this.dispatch(msg);
      // The banner arrives before any frame; log in as soon as it has been seen.
      if (!loggingIn && this.parser.banner !== undefined) {
        loggingIn = true;
        void this.login();
      }
    });
    socket.on('error', () => {
      // 'close' follows every 'error'; the reason is reported there.
    });
    socket.on('close', (hadError) => {
      if (this.socket !== socket) return;
      this.teardown(hadError ? 'connection error' : 'connection closed');
      this.scheduleReconnect();
    });
  }

  private async login(): Promise<void> {
    try {
      // send() refuses while down; during the handshake the link is 'connecting'.
      await this.action({ Action: 'Login', Username: this.opts.user, Secret: this.opts.secret, Events: 'on' });
    } catch (err) {
      this.dropConnection(`login failed: ${(err as Error).message}`);
      return;
    }
    this.backoffMs = FIRST_BACKOFF_MS;
    this.setState('up');
    this.pingTimer = setInterval(() => {
      this.action({ Action: 'Ping' }).catch((err: Error) => this.dropConnection(`keepalive failed: ${err.message}`));
    }, this.pingMs);
  }

  private dispatch(msg: AmiMessage): void {
    const id = msg.get('ActionID');
    const p = id === undefined ? undefined : this.pending.get(id);
    const isResponse = msg.get('Response') !== undefined;
    if (msg.event !== undefined) this.opts.onEvent?.(msg);
    if (!p || id === undefined) return;
    if (isResponse && msg.get('Response') === 'Error') {
      this.settle(id, p);
      p.reject(new Error(msg.get('Message') ?? 'AMI error'));
      return;
    }
    if (p.list) {
      p.list.push(msg);
      // A list ends with an event carrying `EventList: Complete`; a list action can also answer without one.
      const done =
        msg.get('EventList')?.toLowerCase() === 'complete' || (isResponse && msg.get('EventList') === undefined);
      if (done) {
        this.settle(id, p);
        p.resolve(p.list);
      }
      return;
    }
    if (isResponse) {
      this.settle(id, p);
      p.resolve([msg]);
    }
  }

  private settle(id: string, p: Pending): void {
    clearTimeout(p.timer);
    this.pending.delete(id);
  }

  private dropConnection(reason: string): void {
    const socket = this.socket;
    if (!socket) return;
    this.teardown(reason);
    socket.destroy();
    this.scheduleReconnect();
  }

  private teardown(reason: string): void {
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    socket?.destroy();
    for (const [id, p] of this.pending) {
      this.settle(id, p);
      p.reject(new Error(`AMI connection lost (${reason})`));
    }
    this.setState('down', reason);
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    clearTimeout(this.reconnectTimer);
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.maxBackoffMs);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private setState(state: AmiLinkState, detail?: string): void {
    if (state === this.linkState) return;
    this.linkState = state;
    this.opts.onState?.(state, detail);
  }
}
