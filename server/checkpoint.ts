// Periodic checkpoints of the engine state in Redis, so a restart folds forward from there instead of from the
// start of the stream. The checkpoint holds the stream id it is consistent with (state.cursor).
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { deserializeState, serializeStateInPieces } from './engine/serialize.ts';
import { loopYielder } from './loop-yield.ts';
import type { EngineState } from './engine/index.ts';

const CHECKPOINT_EVERY_MS = 10_000;
/**
 * Serialising takes the CPU for a while (≈ 0.45 s at 10,000 agents, in pieces) and holds the fold meanwhile: the
 * next checkpoint waits at least this many times as long as the last one took, so checkpoints never take more than
 * 1 % of the loop. A crash then refolds at most that much more of the stream, which folds far faster than it was
 * written.
 */
const LOOP_SHARE_INVERSE = 100;

export function nextCheckpointDelay(everyMs: number, lastSerializeMs: number): number {
  return Math.max(everyMs, lastSerializeMs * LOOP_SHARE_INVERSE);
}

export async function loadCheckpoint(
  redis: Redis,
  key: string,
  timezone: string,
  log: Logger,
): Promise<EngineState | null> {
  const bytes = await redis.getBuffer(key);
  if (!bytes) return null;
  try {
    const state = deserializeState(bytes, timezone);
    if (!state) log.warn({ key }, 'checkpoint is from another format or time zone: refolding the stream');
    return state;
  } catch (err) {
    log.error({ key, err: (err as Error).message }, 'checkpoint unreadable: refolding the stream');
    return null;
  }
}

export class Checkpointer {
  private savedVersion = -1;
  private savedAt = 0;
  private saving: Promise<void> | null = null;
  /** While the state is being written: the fold waits for it (StreamConsumer's sink.held). */
  private writing: Promise<Buffer> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** How long the last serialisation took, start to end (the loop served others in between). */
  private lastSerializeMs = 0;

  /**
   * @param key - floorboard:checkpoint:<stream>:<node> (server/redis/keys.ts)
   * @param everyMs - how often to save, ms (longer after a slow serialisation). @defaultValue 10 000
   */
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly state: () => EngineState,
    private readonly log: Logger,
    private readonly everyMs = CHECKPOINT_EVERY_MS,
  ) {
    this.schedule();
  }

  private schedule(): void {
    if (this.closed) return;
    const next = () =>
      void this.save()
        .catch((err: Error) => this.log.error({ err: err.message }, 'checkpoint failed'))
        .finally(() => this.schedule());
    this.timer = setTimeout(next, nextCheckpointDelay(this.everyMs, this.lastSerializeMs));
  }

  /** Time of the last successful save (ms epoch), 0 before the first. */
  get lastSavedAt(): number {
    return this.savedAt;
  }

  /** A promise while the state is being written: nothing may fold until it settles. */
  held(): Promise<void> | null {
    const settled = () => undefined;
    return this.writing?.then(settled, settled) ?? null;
  }

  async save(): Promise<void> {
    if (this.saving) return this.saving;
    const state = this.state();
    if (state.version === this.savedVersion) return;
    const version = state.version;
    const started = performance.now();
    // Written in pieces between turns of the loop: the bytes are one consistent state because the fold is held.
    this.writing = serializeStateInPieces(state, loopYielder());
    const written = this.writing.finally(() => {
      this.writing = null;
      this.lastSerializeMs = performance.now() - started;
    });
    this.saving = written
      .then((bytes) => this.redis.set(this.key, bytes))
      .then(() => {
        this.savedVersion = version;
        this.savedAt = Date.now();
      })
      .catch((err: Error) => this.log.warn({ err: err.message }, 'checkpoint not saved; will retry'))
      .finally(() => (this.saving = null));
    return this.saving;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.saving;
    await this.save();
  }
}
