// A node's side of its seek thread (server/replay/seek-thread.ts): requests go out with an id, answers come back
// with it. A thread that dies (or overruns its time, and is ended) fails every request waiting on it with an
// error, never leaves one hanging; the next request starts a new thread. Replay sessions survive that: the new
// thread seeks a session it does not know afresh.
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Config } from '../../shared/config.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import type { ExplainQuestion } from '../../shared/supervisor.ts';
import type { Principal } from '../auth/principals.ts';
import type { Explained } from '../http/explained.ts';
import type { DayAttendance } from './day-end.ts';
import type { PastExtras } from './past-floor.ts';
import type { SeekAnswer, SeekRequest, SeekResult, SeekThreadData } from './seek-protocol.ts';

const BOOT = new URL('./seek-thread-boot.mjs', import.meta.url);

/** Why a request failed: the thread stopped under it (as opposed to the archive failing to answer, say). */
export class SeekThreadStopped extends Error {}

type Body = SeekRequest extends infer R ? (R extends SeekRequest ? Omit<R, 'id'> : never) : never;

interface Waiting {
  resolve(result: SeekResult): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
  thread: Worker;
}

export class SeekWorker {
  private thread: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private nextSession = 1;
  private closed = false;

  constructor(private readonly o: { databaseUrl: string; config: Config; log: Logger; timeoutMs: number }) {
    // Started now, so the first seek does not wait for the thread to load; after a crash, by the next request.
    this.start();
  }

  /** The snapshot at `at` as `principal` may see it, as the HTTP route answers it: JSON text. */
  async seek(at: number, principal: Principal, past: PastExtras): Promise<string> {
    return (await this.ask({ kind: 'seek', at, principal, past })) as string;
  }

  /** An explain-this-number question about the floor at `at`, answered or refused as for `principal`. */
  async explain(at: number, question: ExplainQuestion, principal: Principal): Promise<Explained> {
    return (await this.ask({ kind: 'explain', at, question, principal })) as Explained;
  }

  /** A past local date's attendance report, of the agents `principal` may see (null: every agent). */
  async attendance(date: string, now: number, principal: Principal | null): Promise<DayAttendance> {
    return (await this.ask({ kind: 'attendance', date, now, principal })) as DayAttendance;
  }

  /** Starts a replay session at `at`: its position stays in the thread, stepped on with step(). */
  async open(at: number, past: PastExtras): Promise<{ session: number; snapshot: Snapshot }> {
    const session = this.nextSession++;
    return { session, snapshot: (await this.ask({ kind: 'open', session, at, past })) as Snapshot };
  }

  /** The session's floor at `to` (folded on from where it was), with the alert book of its pictures so far. */
  async step(session: number, to: number, past: PastExtras): Promise<Snapshot> {
    return (await this.ask({ kind: 'step', session, to, past })) as Snapshot;
  }

  /** Ends a session: its position is kept for the next seek later in its quarter. */
  async close(session: number): Promise<void> {
    await this.ask({ kind: 'close', session });
  }

  /** Ends the thread as a crash would: what waits on it fails, the next request starts a new one. */
  async kill(): Promise<void> {
    await this.thread?.terminate();
  }

  /** The node is closing: ends the thread for good. */
  async stop(): Promise<void> {
    this.closed = true;
    await this.kill();
  }

  private ask(body: Body): Promise<SeekResult> {
    if (this.closed) return Promise.reject(new SeekThreadStopped('the node is closing'));
    const thread = this.thread ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.o.log.warn({ timeoutMs: this.o.timeoutMs, kind: body.kind }, 'replay: a seek overran; ending its thread');
        if (this.thread === thread) this.thread = null;
        void thread.terminate();
      }, this.o.timeoutMs);
      this.waiting.set(id, { resolve, reject, timer, thread });
      thread.postMessage({ ...body, id } as SeekRequest);
    });
  }

  private start(): Worker {
    const data: SeekThreadData = {
      databaseUrl: this.o.databaseUrl,
      config: this.o.config,
      logLevel: this.o.log.level,
    };
    const thread = new Worker(BOOT, { workerData: data });
    // Screens keep the node's process alive, not an idle seek thread.
    thread.unref();
    thread.on('message', (a: SeekAnswer) => {
      const w = this.waiting.get(a.id);
      if (!w) return;
      this.waiting.delete(a.id);
      clearTimeout(w.timer);
      if (a.ok) w.resolve(a.result);
      else w.reject(new Error(a.error));
    });
    thread.on('error', (err) => this.o.log.warn({ err: err.message }, 'replay: the seek thread failed'));
    thread.on('exit', (code) => {
      if (this.thread === thread) this.thread = null;
      if (!this.closed) this.o.log.warn({ code }, 'replay: the seek thread stopped; the next seek starts another');
      for (const [id, w] of this.waiting) {
        if (w.thread !== thread) continue;
        clearTimeout(w.timer);
        w.reject(new SeekThreadStopped('the seek thread stopped; ask again'));
        this.waiting.delete(id);
      }
    });
    this.thread = thread;
    return thread;
  }
}
