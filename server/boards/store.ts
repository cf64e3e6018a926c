// Boards as data (CONTRACT §10): the config file's boards, overlaid by the ones admins saved from the console
// (a Redis hash plus a version counter, mirrored in memory). Every node polls the counter, so a board saved
// through one node reaches the screens on all of them; each save is audited in the same transaction.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { boardSchema, DEFAULT_BOARD, type Board } from '../../shared/boards.ts';
import type { BoardEntry, BoardRemoval } from '../../shared/board-edit.ts';
import { AUDIT_STREAM, BOARDS_KEY, BOARDS_VERSION_KEY } from '../redis/keys.ts';
import { rateLimitedWarn } from '../redis/connection.ts';

/** Often enough that a change made on another node is on screen well within a second. */
const BOARDS_POLL_MS = 250;

export interface BoardStoreOptions {
  /** A commands connection (createRedis), owned by the caller. */
  redis: Redis;
  /** The config file's `boards:`. */
  fileBoards: readonly Board[];
  log: Logger;
  clock?: () => number;
  pollMs?: number;
}

interface Saved {
  board: Board;
  by: string;
  at: number;
}

/** Told the board's new definition, or null when it is gone, whichever node made the change. */
export type BoardListener = (id: string, board: Board | null) => void;

export class BoardStore {
  private readonly file = new Map<string, Board>();
  private saved = new Map<string, Saved>();
  private known = 0;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> = Promise.resolve();
  private readonly clock: () => number;
  private readonly warn: (obj: object, msg: string) => void;
  private readonly listeners: BoardListener[] = [];

  constructor(private readonly o: BoardStoreOptions) {
    for (const b of o.fileBoards) this.file.set(b.id, b);
    // /wall/default works without a configured `default`: the built-in board is as good as the file's.
    if (!this.file.has(DEFAULT_BOARD.id)) this.file.set(DEFAULT_BOARD.id, DEFAULT_BOARD);
    this.clock = o.clock ?? Date.now;
    this.warn = rateLimitedWarn(o.log);
  }

  /** Reads the saved boards and starts watching for other nodes' changes. */
  async load(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => {
      this.polling = this.poll().catch((err: Error) => this.warn({ err: err.message }, 'could not check boards'));
    }, this.o.pollMs ?? BOARDS_POLL_MS);
    this.timer.unref();
  }

  onChange(listener: BoardListener): void {
    this.listeners.push(listener);
  }

  /** The definition in force: the saved one, else the file's. */
  get(id: string): Board | undefined {
    return this.saved.get(id)?.board ?? this.file.get(id);
  }

  entry(id: string): BoardEntry | undefined {
    const board = this.get(id);
    if (!board) return undefined;
    const s = this.saved.get(id);
    const origin = !this.file.has(id) ? 'console' : this.o.fileBoards.some((b) => b.id === id) ? 'file' : 'built-in';
    return {
      board,
      origin,
      edited: origin !== 'console' && s !== undefined,
      updatedBy: s?.by ?? null,
      updatedAt: s?.at ?? null,
    };
  }

  /** Every board, by id. */
  list(): BoardEntry[] {
    const ids = [...new Set([...this.file.keys(), ...this.saved.keys()])].sort();
    return ids.map((id) => this.entry(id)!);
  }

  /** Saves an already validated board (checkBoard) as the one in force; `created` when no board had its id. */
  async put(board: Board, by: string): Promise<{ entry: BoardEntry; created: boolean }> {
    const before = this.get(board.id) ?? null;
    const at = this.clock();
    const what = before ? 'board.edit' : 'board.create';
    const saved: Saved = { board, by, at };
    await this.write((tx) => tx.hset(BOARDS_KEY, board.id, JSON.stringify(saved)), by, what, at, {
      board: board.id,
      before,
      after: board,
    });
    this.saved.set(board.id, saved);
    this.changed(board.id, board);
    return { entry: this.entry(board.id)!, created: before === null };
  }

  /**
   * Drops the saved definition: a file board is back to the file's (`reset`), a console board is gone
   * (`deleted`). Null when there is nothing to drop: no such board, or a file board that was never edited.
   */
  async remove(id: string, by: string): Promise<BoardRemoval | null> {
    const s = this.saved.get(id);
    if (!s) return null;
    const fileBoard = this.file.get(id) ?? null;
    const at = this.clock();
    const what = fileBoard ? 'board.reset' : 'board.delete';
    await this.write((tx) => tx.hdel(BOARDS_KEY, id), by, what, at, { board: id, before: s.board, after: fileBoard });
    this.saved.delete(id);
    this.changed(id, fileBoard);
    return fileBoard ? { result: 'reset', entry: this.entry(id)! } : { result: 'deleted' };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.polling;
  }

  private async write(
    change: (tx: ReturnType<Redis['multi']>) => unknown,
    who: string,
    what: string,
    at: number,
    detail: Record<string, unknown>,
  ): Promise<void> {
    const tx = this.o.redis.multi();
    change(tx);
    tx.xadd(AUDIT_STREAM, '*', 'who', who, 'what', what, 'at', String(at), 'detail', JSON.stringify(detail));
    tx.incr(BOARDS_VERSION_KEY);
    const results = await tx.exec();
    if (!results) throw new Error('board write was aborted');
    for (const [err] of results) if (err) throw err;
    const version = Number(results[results.length - 1]![1]);
    // Another node wrote in between: read everything rather than miss its change.
    if (version !== this.known + 1) this.polling = this.polling.then(() => this.reload());
    else this.known = version;
  }

  private async poll(): Promise<void> {
    const v = Number((await this.o.redis.get(BOARDS_VERSION_KEY)) ?? 0);
    if (v !== this.known) await this.reload();
  }

  private async reload(): Promise<void> {
    const [[, version], [, hash]] = (await this.o.redis.multi().get(BOARDS_VERSION_KEY).hgetall(BOARDS_KEY).exec()) as [
      [null, string | null],
      [null, Record<string, string>],
    ];
    const next = new Map<string, Saved>();
    for (const [id, json] of Object.entries(hash)) {
      const s = this.readSaved(id, json);
      if (s) next.set(id, s);
    }
    const before = new Map([...new Set([...this.saved.keys(), ...next.keys()])].map((id) => [id, this.get(id)]));
    this.saved = next;
    this.known = Number(version ?? 0);
    for (const [id, old] of before) {
      const now = this.get(id);
      if (JSON.stringify(now) !== JSON.stringify(old)) this.changed(id, now ?? null);
    }
  }

  /** Saved boards are checked again on reading: one that no longer fits the schema is skipped, loudly. */
  private readSaved(id: string, json: string): Saved | null {
    try {
      const raw = JSON.parse(json) as { board?: unknown; by?: unknown; at?: unknown };
      const board = boardSchema.parse(raw.board);
      if (board.id !== id) throw new Error(`saved under "${id}" but its id is "${board.id}"`);
      return { board, by: String(raw.by ?? ''), at: Number(raw.at ?? 0) };
    } catch (err) {
      this.warn(
        { board: id, err: (err as Error).message.slice(0, 300) },
        'skipping a saved board that does not fit the schema',
      );
      return null;
    }
  }

  private changed(id: string, board: Board | null): void {
    for (const listener of this.listeners) {
      try {
        listener(id, board);
      } catch (err) {
        this.o.log.error({ board: id, err: (err as Error).message }, 'a board listener failed');
      }
    }
  }
}
