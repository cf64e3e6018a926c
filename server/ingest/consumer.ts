// Reads the event stream through a consumer group, folds each entry exactly once and in stream order,
// dead-letters what cannot be decoded, and survives Redis restarts and hung connections.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DEFAULT_MAX_ENTRY_BYTES, decodeEvent, tooLarge, type FloorEvent } from '../../shared/events.ts';
import { createRedis, rateLimitedWarn } from '../redis/connection.ts';
import { compareIds, idTimeMs, isStreamId } from '../redis/ids.ts';
import { Attempts } from './attempts.ts';
import { deadLetterCountWithin, ReasonLog, writeDeadLetter } from './dead-letter.ts';
import { eventBytes, parseRawReply, type RawEntry } from './entries.ts';
import { close, guarded, type Watch } from './watch.ts';
import { createGroup, readGroup } from './group.ts';

export interface IngestSink {
  /** Folds the event, or returns why it must be dead-lettered instead (having changed nothing). */
  fold(entryId: string, event: FloorEvent): string | null;
  dead(entryId: string, reason: string): void;
  /** Called after each batch with at least one folded or dead-lettered entry, before the batch is acked. */
  batchDone(lastEntryId: string): void;
  /**
   * A promise while the state must not change (a checkpoint reading it across turns of the event loop): nothing
   * is folded or dead-lettered until it settles. @defaultValue never held
   */
  held?(): Promise<void> | null;
}

export interface StreamConsumerOptions {
  redisUrl: string;
  stream: string;
  /** The consumer group: one per node, so that every node folds every entry. */
  group: string;
  consumer: string;
  /** Entries per read (XREADGROUP COUNT). @defaultValue 500 */
  batchSize?: number;
  /** How long an idle read waits for new entries (XREADGROUP BLOCK), ms. @defaultValue 2000 */
  blockMs?: number;
  /** A command unanswered this long forces a reconnect, ms; must exceed blockMs. @defaultValue blockMs + 5000 */
  watchdogMs?: number;
  sink: IngestSink;
  log: Logger;
  /** Id of the last entry the caller has already folded (its checkpoint); null when nothing is folded yet. */
  startAfter: string | null;
  /**
   * Entries whose `event` field is larger are dead-lettered without being parsed (`ingest.maxEntryBytes`).
   * @defaultValue DEFAULT_MAX_ENTRY_BYTES (shared/events.ts)
   */
  maxEntryBytes?: number;
}

const DEFAULTS = { batchSize: 500, blockMs: 2000, maxEntryBytes: DEFAULT_MAX_ENTRY_BYTES };
/** The watchdog's default margin over blockMs: an idle read answers after blockMs, a hung one never. */
const WATCHDOG_MARGIN_MS = 5000;

export interface ConsumerStatus {
  redis: 'up' | 'down';
  /** 0 when caught up, else how far behind the newest entry read is; null before the first read. */
  lagMs: number | null;
  /** Last entry folded or dead-lettered (startAfter until then). */
  lastEntryId: string | null;
  /** Completed reads of new entries (`>`), empty ones included. */
  reads: number;
  /** Times one of the consumer's two connections was re-established (after a loss or forced by the watchdog). */
  reconnects: number;
}

const ERROR_PAUSE_MS = 500;
const STOP_GRACE_MS = 1_000;
const DEAD_COUNT_TIMEOUT_MS = 1_000;
/** What a dead letter keeps of an oversized entry's text; the whole entry stays in the stream until retention. */
const OVERSIZED_KEPT_BYTES = 1_024;

export class StreamConsumer {
  private readonly stream: string;
  private readonly group: string;
  private readonly consumer: string;
  private readonly batchSize: number;
  private readonly blockMs: number;
  private readonly watchdogMs: number;
  private readonly sink: IngestSink;
  private readonly log: Logger;
  private readonly warn: (obj: object, msg: string) => void;
  private readonly reasons: ReasonLog;
  private readonly redisUrl: string;
  private readonly maxEntryBytes: number;
  private readonly attempts = new Attempts();
  private readonly watch: Watch;
  private readonly reading: { group: string; consumer: string; batchSize: number; stream: string };

  private reader: Redis | undefined;
  private commands: Redis | undefined;
  private readerClientId: number | null = null;
  private started: Promise<void> | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private stopped: Promise<void> | undefined;
  /**
   * Aborted by stop() when Redis stays away: commands then wait forever (waitForever), and ioredis settles
   * neither them nor the connection when disconnected mid-reconnect, so every await also listens for this.
   */
  private readonly aborter = new AbortController();

  private lastProcessed: string | null;
  /** Bumped whenever the reader's connection closes; a read that spans a bump may have lost its reply. */
  private readerEpoch = 0;
  /** The epoch the group was last synchronised at; differing from readerEpoch means: resynchronise first. */
  private syncedEpoch = -1;

  private reads = 0;
  private reconnects = 0;
  private lastReadCount = 0;
  private lastReadId: string | null = null;
  /** The read already sent while the previous batch was being folded, if any. */
  private prefetched: { epoch: number; reply: Promise<unknown> } | null = null;

  constructor(options: StreamConsumerOptions) {
    this.redisUrl = options.redisUrl;
    this.stream = options.stream;
    this.group = options.group;
    this.consumer = options.consumer;
    this.batchSize = options.batchSize ?? DEFAULTS.batchSize;
    this.blockMs = options.blockMs ?? DEFAULTS.blockMs;
    this.watchdogMs = options.watchdogMs ?? this.blockMs + WATCHDOG_MARGIN_MS;
    this.sink = options.sink;
    this.log = options.log;
    this.warn = rateLimitedWarn(options.log);
    this.reasons = new ReasonLog(options.log, options.stream);
    this.lastProcessed = options.startAfter;
    this.maxEntryBytes = options.maxEntryBytes ?? DEFAULTS.maxEntryBytes;
    this.reading = { group: this.group, consumer: this.consumer, batchSize: this.batchSize, stream: this.stream };
    this.watch = {
      watchdogMs: this.watchdogMs,
      signal: this.aborter.signal,
      stopping: () => this.stopping,
      warn: this.warn,
      stream: this.stream,
    };
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1)
      throw new Error(`batchSize must be a positive integer, got ${this.batchSize}`);
    // BLOCK 0 means "forever", which would leave the watchdog as the only way out of an idle read.
    if (!Number.isInteger(this.blockMs) || this.blockMs < 1)
      throw new Error(`blockMs must be a positive integer, got ${this.blockMs}`);
    if (!(this.watchdogMs > this.blockMs))
      throw new Error(`watchdogMs (${this.watchdogMs}) must exceed blockMs (${this.blockMs})`);
    if (options.startAfter !== null && !isStreamId(options.startAfter)) {
      throw new Error(`startAfter is not a stream id: "${options.startAfter}"`);
    }
  }

  /** Resolves once the group exists and the first read of new entries has been sent. */
  start(): Promise<void> {
    if (this.started) return Promise.reject(new Error('StreamConsumer.start() called twice'));
    this.started = this.startUp();
    return this.started;
  }

  private async startUp(): Promise<void> {
    // The blocking read gets its own connection: anything queued behind it would wait up to blockMs.
    const reader = createRedis(this.redisUrl, 'ingest-read', this.log, { waitForever: true });
    const commands = createRedis(this.redisUrl, 'ingest-commands', this.log, { waitForever: true });
    this.reader = reader;
    this.commands = commands;
    this.countReconnects(reader);
    this.countReconnects(commands);
    reader.on('close', () => this.readerEpoch++);
    reader.on('ready', () => {
      this.readerClientId = null;
      reader.call('CLIENT', 'ID').then(
        (id) => (this.readerClientId = Number(id)),
        () => undefined, // only used to cut a blocking read short on stop()
      );
    });
    try {
      await this.synchronise();
    } catch (err) {
      await Promise.all([close(reader), close(commands)]);
      throw err;
    }
    this.loop = this.run();
  }

  /**
   * Ends the loop after the in-flight batch (acked), then closes both connections. If Redis is unavailable it
   * gives up waiting after blockMs + 1 s; whatever was not acked is redelivered on the next start.
   */
  stop(): Promise<void> {
    if (!this.stopped) {
      this.stopping = true;
      this.stopped = this.shutdown();
    }
    return this.stopped;
  }

  private async shutdown(): Promise<void> {
    const { reader, commands, loop, started } = this;
    if (!started || !reader || !commands) return;
    if (!loop) {
      // start() is still waiting for Redis, or failed: make it give up.
      this.aborter.abort(new Error('StreamConsumer stopped before it could start'));
      await started.catch(() => undefined);
      await this.loop;
      await Promise.all([close(reader), close(commands)]);
      return;
    }
    this.unblockReader(commands);
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      loop.then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.blockMs + STOP_GRACE_MS))),
    ]);
    clearTimeout(timer);
    if (!finished) this.aborter.abort(new Error('StreamConsumer stopped while Redis was unavailable'));
    await loop;
    await Promise.all([close(reader), close(commands)]);
  }

  status(): ConsumerStatus {
    const up = this.reader?.status === 'ready' && this.commands?.status === 'ready';
    let lagMs: number | null = null;
    if (this.reads > 0) {
      lagMs =
        this.lastReadCount < this.batchSize || this.lastReadId === null
          ? 0
          : Math.max(0, Date.now() - idTimeMs(this.lastReadId));
    }
    return {
      redis: up ? 'up' : 'down',
      lagMs,
      lastEntryId: this.lastProcessed,
      reads: this.reads,
      reconnects: this.reconnects,
    };
  }

  /** XLEN of the dead stream; rejects quickly instead of waiting for Redis when it is down (health checks). */
  deadCount(): Promise<number> {
    const commands = this.commands;
    if (commands?.status !== 'ready') return Promise.reject(new Error('Redis is not connected'));
    return deadLetterCountWithin(commands, this.stream, DEAD_COUNT_TIMEOUT_MS);
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        if (this.syncedEpoch !== this.readerEpoch) await this.synchronise();
        else await this.readNew();
      } catch (err) {
        if (this.stopping) break;
        // Never let a Redis error end ingestion: note it, start over from the group's state.
        this.warn({ stream: this.stream, err: errorMessage(err) }, 'stream consumer error; resynchronising');
        this.syncedEpoch = -1;
        await sleep(ERROR_PAUSE_MS);
      }
    }
  }

  /**
   * Brings the group in line with what the sink has folded; runs on start and after every reader reconnect.
   *
   * The sink's checkpoint (startAfter, then the last entry processed) is the truth, not the group's acks:
   * entries acked after the last checkpoint were folded into state that a crash threw away. So the group's
   * delivery cursor goes back to the checkpoint (SETID), and `>` delivers everything after it again, in stream
   * order. Pending entries up to the checkpoint are already folded and only need their ack. Pending entries
   * after it are left for `>` to redeliver: folding them here would put them ahead of earlier entries that
   * were acked after the checkpoint and are about to be redelivered, and change the fold order.
   */
  private async synchronise(): Promise<void> {
    // Entries a read sent ahead may deliver stay pending; the scan below and `>` after SETID account for them.
    this.prefetched = null;
    const epoch = this.readerEpoch;
    const { reader, commands } = this.connections();
    await this.guarded(commands, createGroup(commands, this.stream, this.group));
    await this.guarded(commands, commands.xgroup('SETID', this.stream, this.group, this.lastProcessed ?? '0'));
    let cursor = '0';
    for (;;) {
      const reply = await this.guarded(reader, readGroup(reader, this.reading, cursor));
      const entries = parseRawReply(reply);
      const last = entries.at(-1);
      if (!last) break;
      const done = entries.filter((e) => e.fields === null || this.alreadyProcessed(e.id)).map((e) => e.id);
      if (done.length > 0) await this.guarded(commands, commands.xack(this.stream, this.group, ...done));
      cursor = last.id;
    }
    this.syncedEpoch = epoch;
  }

  private async readNew(): Promise<void> {
    const { reader } = this.connections();
    const read = this.prefetched ?? this.sendRead(reader);
    this.prefetched = null;
    const reply = await this.guarded(reader, read.reply);
    // ioredis re-sends a read interrupted by a reconnect. If the first one had reached Redis, its entries are
    // now pending and this reply holds the ones after them: folding it would skip them. Resynchronise instead.
    if (read.epoch !== this.readerEpoch) return;
    const entries = parseRawReply(reply);
    this.reads++;
    this.lastReadCount = entries.length;
    this.lastReadId = entries.at(-1)?.id ?? this.lastReadId;
    if (entries.length === 0) return;
    // A full batch means a backlog (a rebuild, a burst): the next read travels while this one is folded.
    if (entries.length === this.batchSize) this.prefetched = this.sendRead(reader);
    await this.processBatch(entries);
  }

  private sendRead(reader: Redis): { epoch: number; reply: Promise<unknown> } {
    const reply = readGroup(reader, this.reading, '>', this.blockMs);
    reply.catch(() => undefined); // a read given up on (resynchronising, stopping) must not go unhandled
    return { epoch: this.readerEpoch, reply };
  }

  private async processBatch(entries: RawEntry[]): Promise<void> {
    const { commands } = this.connections();
    let lastDone: string | null = null;
    await this.sink.held?.();
    try {
      // A redelivered entry (Redis retried, or the group was repositioned) must not be folded twice. A batch is in
      // stream order, so once one entry is new, all after it are.
      let fresh = false;
      for (const { id, fields } of entries) {
        if (!fresh && this.alreadyProcessed(id)) continue;
        fresh = true;
        const raw = eventBytes(fields ?? []);
        // Folding is synchronous: only the rare dead letter waits for Redis, so a batch costs no promise per entry.
        const reason = this.attempt(id, raw);
        if (reason !== null) await this.deadLetter(commands, id, reason, raw);
        this.lastProcessed = id;
        lastDone = id;
      }
    } finally {
      if (lastDone !== null) this.sink.batchDone(lastDone);
    }
    // One XACK for the whole batch, after the sink has it: an entry is never acked before it is folded.
    await this.guarded(commands, commands.xack(this.stream, this.group, ...entries.map((e) => e.id)));
  }

  /**
   * Folds the entry; returns null, or why it must be dead-lettered instead. An entry whose decoding or folding
   * throws is given up on only at its MAX_ATTEMPTS-th try: before that the throw ends the batch, and the loop
   * pauses, resynchronises and delivers the entry again.
   */
  private attempt(id: string, raw: Buffer | undefined): string | null {
    try {
      const reason = this.foldEntry(id, raw);
      this.attempts.succeeded(id);
      return reason;
    } catch (err) {
      return this.attempts.failedOnce(id, err);
    }
  }

  private foldEntry(id: string, raw: Buffer | undefined): string | null {
    if (raw !== undefined && raw.length > this.maxEntryBytes) return tooLarge(this.maxEntryBytes);
    const decoded = decodeEvent(raw?.toString('utf8'), this.maxEntryBytes);
    if (!decoded.ok) return decoded.reason;
    return this.sink.fold(id, decoded.event);
  }

  private async deadLetter(commands: Redis, id: string, reason: string, bytes: Buffer | undefined): Promise<void> {
    // An oversized entry is not copied whole: a flood of them would double in Redis what it already costs.
    const raw =
      bytes !== undefined && bytes.length > this.maxEntryBytes ? bytes.subarray(0, OVERSIZED_KEPT_BYTES) : bytes;
    const kept = raw?.toString('utf8');
    await this.guarded(commands, writeDeadLetter(commands, this.stream, id, reason, kept));
    // A checkpoint may have begun while the copy travelled; the batch's next entries fold synchronously after this.
    await this.sink.held?.();
    this.sink.dead(id, reason);
    this.reasons.note(id, reason);
  }

  private alreadyProcessed(id: string): boolean {
    return this.lastProcessed !== null && compareIds(id, this.lastProcessed) <= 0;
  }

  private guarded<T>(connection: Redis, command: Promise<T>): Promise<T> {
    return guarded(connection, command, this.watch);
  }

  /** Lets stop() return without waiting out a BLOCK read: it returns as if timed out. */
  private unblockReader(commands: Redis): void {
    if (this.readerClientId === null || commands.status !== 'ready') return;
    commands.call('CLIENT', 'UNBLOCK', this.readerClientId).catch(() => undefined);
  }

  private countReconnects(connection: Redis): void {
    let readyBefore = false;
    connection.on('ready', () => {
      if (readyBefore) this.reconnects++;
      readyBefore = true;
    });
  }

  private connections(): { reader: Redis; commands: Redis } {
    if (!this.reader || !this.commands) throw new Error('StreamConsumer is not started');
    return { reader: this.reader, commands: this.commands };
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
