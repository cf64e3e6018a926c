// Periodic checkpoints of the engine state in Redis, so a restart folds forward from there instead of from the
// start of the stream. The checkpoint holds the stream id it is consistent with (state.cursor).
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { deserializeState, serializeState } from './engine/serialize.ts';
import type { EngineState } from './engine/index.ts';

export const CHECKPOINT_EVERY_MS = 10_000;

export async function loadCheckpoint(redis: Redis, key: string, timezone: string, log: Logger): Promise<EngineState | null> {
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
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly state: () => EngineState,
    private readonly log: Logger,
    everyMs = CHECKPOINT_EVERY_MS,
  ) {
    this.timer = setInterval(() => void this.save(), everyMs);
  }

  /** Time of the last successful save (ms epoch), 0 before the first. */
  get lastSavedAt(): number {
    return this.savedAt;
  }

  async save(): Promise<void> {
    if (this.saving) return this.saving;
    const state = this.state();
    if (state.version === this.savedVersion) return;
    const version = state.version;
    // Serialising is synchronous, so the bytes are one consistent state even though folding continues meanwhile.
    const bytes = serializeState(state);
    this.saving = this.redis
      .set(this.key, bytes)
      .then(() => {
        this.savedVersion = version;
        this.savedAt = Date.now();
      })
      .catch((err: Error) => this.log.warn({ err: err.message }, 'checkpoint not saved; will retry'))
      .finally(() => (this.saving = null));
    return this.saving;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.saving;
    await this.save();
  }
}
