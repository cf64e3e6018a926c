// Engine state ⇄ bytes, for checkpoints. The structured-clone serializer of V8 writes Maps, Sets and typed arrays
// as they are, about three times faster than JSON text: the event loop waits for it every checkpoint.
import { deserialize, serialize } from 'node:v8';
import { DayClock } from '../../shared/time.ts';
import type { EngineState } from './state.ts';

/** Bump when the state's shape changes: an old checkpoint is then ignored and the stream refolded. */
const STATE_FORMAT = 7;

const V8_VERSION_TAG = 0xff;

export function serializeState(state: EngineState): Buffer {
  // The clock is a cache of day bounds, rebuilt from the time zone; the dedup set is rebuilt from its ring.
  const { clock: _clock, dedup, ...rest } = state;
  return serialize({ format: STATE_FORMAT, state: { ...rest, dedup: { ...dedup, seen: null } } });
}

/** null when the bytes are from another format or another time zone: the caller refolds the stream instead. */
export function deserializeState(bytes: Buffer, timezone: string): EngineState | null {
  // V8's format opens with its version tag; earlier checkpoints were JSON text.
  if (bytes[0] !== V8_VERSION_TAG) return null;
  const parsed = deserialize(bytes) as { format?: number; state?: EngineState };
  if (parsed?.format !== STATE_FORMAT || !parsed.state || parsed.state.timezone !== timezone) return null;
  const state = parsed.state;
  state.clock = new DayClock(state.timezone);
  state.dedup.seen = new Set(state.dedup.order);
  return state;
}
