// Engine state ⇄ JSON text, for checkpoints. Typed arrays travel as base64, Maps and Sets as entry lists.
import { DayClock } from '../../shared/time.ts';
import type { EngineState } from './state.ts';

/** Bump when the state's shape changes: an old checkpoint is then ignored and the stream refolded. */
export const STATE_FORMAT = 2;

function replacer(this: unknown, key: string, value: unknown): unknown {
  if (key === 'clock') return undefined; // rebuilt from the time zone
  if (value instanceof Map) return { $map: [...value.entries()] };
  if (value instanceof Set) return { $set: [...value] };
  if (value instanceof Float64Array) return { $f64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (value instanceof Int32Array) return { $i32: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const v = value as Record<string, unknown>;
  if ('$map' in v) return new Map(v.$map as [unknown, unknown][]);
  if ('$set' in v) return new Set(v.$set as unknown[]);
  if ('$f64' in v) return typedArray(v.$f64 as string, Float64Array);
  if ('$i32' in v) return typedArray(v.$i32 as string, Int32Array);
  return value;
}

function typedArray<T>(b64: string, Ctor: new (buf: ArrayBuffer) => T): T {
  const bytes = Buffer.from(b64, 'base64');
  // Copy into a fresh, aligned buffer: Buffer's pooled memory may start at an unaligned offset.
  return new Ctor(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

export function serializeState(state: EngineState): string {
  return JSON.stringify({ format: STATE_FORMAT, state }, replacer);
}

/** null when the text is from another format or another time zone: the caller refolds the stream instead. */
export function deserializeState(text: string, timezone: string): EngineState | null {
  const parsed = JSON.parse(text, reviver) as { format?: number; state?: EngineState };
  if (parsed.format !== STATE_FORMAT || !parsed.state || parsed.state.timezone !== timezone) return null;
  const state = parsed.state;
  state.clock = new DayClock(state.timezone);
  return state;
}
