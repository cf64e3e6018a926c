// Engine state ⇄ bytes, for checkpoints. The structured-clone serializer of V8 writes Maps, Sets and typed arrays
// as they are, about three times faster than JSON text. Writing a large floor's state at once still blocks the event
// loop for longer than any screen may stall (≈ 0.45 s at 10,000 agents), so the state is written in pieces — its big
// Maps and arrays a slice at a time — into one serializer, and the writer can give the loop back between pieces.
// One serializer keeps object identity across pieces: a series that the edge log and its queue both hold is still
// one object when read back.
import { DefaultDeserializer, DefaultSerializer } from 'node:v8';
import { DayClock } from '../../shared/time.ts';
import type { EngineState } from './state.ts';

/** Bump when the state's shape or its layout in bytes changes: an old checkpoint is then ignored and refolded. */
const STATE_FORMAT = 9;

const V8_VERSION_TAG = 0xff;
/**
 * Elements per piece, so that a piece takes a few ms on a busy machine (measured at 10,000 agents, 2 shared cores):
 * an entry of a Map takes 2 µs (a finished call) to 21 µs (a team's series); an object in an array up to 0.5 ms
 * (a minute of the edge log); an id or a number 0.5 µs.
 */
const MAP_SLICE = 128;
const OBJECT_SLICE = 4;
const VALUE_SLICE = 4096;

/** How a field is laid out: whole, or a Map / an array / a Set in slices, or an object whose fields are laid out in
 *  turn. */
const WHOLE = 0;
const MAP = 1;
const ARRAY = 2;
const FIELDS = 3;
const SET = 4;

/** Called between pieces; a promise makes the writer wait for it (to give the event loop back). */
type Pause = () => Promise<void> | undefined;

/**
 * Writes the state and calls `pause` between pieces. The state must not change until the returned promise settles:
 * the pieces are one consistent state only if nothing folds meanwhile (server/checkpoint.ts holds the fold).
 */
export async function serializeStateInPieces(state: EngineState, pause: Pause): Promise<Buffer> {
  const writer = new PieceWriter(pause);
  await writer.state(state);
  return writer.done();
}

/** The same bytes in one go, for callers that own their state and may block (archive checkpoints, tests). */
export function serializeState(state: EngineState): Buffer {
  const writer = new PieceWriter(() => undefined);
  writer.stateSync(state);
  return writer.done();
}

/** The state's own fields that are not written: the clock is a cache of day bounds, rebuilt from the time zone. */
function writtenFields(state: EngineState): [string, unknown][] {
  const { clock: _clock, ...rest } = state;
  return Object.entries(rest);
}

/** The layout of each of the state's fields: the big ones in slices. */
function layoutOf(key: string, value: unknown): number {
  if (value instanceof Map) return MAP;
  if (value instanceof Set) return SET;
  if (Array.isArray(value)) return ARRAY;
  return key === 'facts' || key === 'dedup' || key === 'edge' ? FIELDS : WHOLE;
}

/** The items in slices of `size`, taken as they are written: no copy of the whole collection lives through the
 *  write (at 10,000 agents those copies were tens of MB of garbage, promoted, then collected inside a piece). */
function* slices<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let slice: T[] = [];
  for (const item of items) {
    slice.push(item);
    if (slice.length === size) {
      yield slice;
      slice = [];
    }
  }
  if (slice.length > 0) yield slice;
}

class PieceWriter {
  private readonly out = new DefaultSerializer();

  constructor(private readonly pause: Pause) {
    this.out.writeHeader();
  }

  async state(state: EngineState): Promise<void> {
    for (const piece of this.pieces(state)) {
      piece();
      await this.pause();
    }
  }

  stateSync(state: EngineState): void {
    for (const piece of this.pieces(state)) piece();
  }

  done(): Buffer {
    return this.out.releaseBuffer();
  }

  /** The writes, in order, each one piece; the reader (readState) takes them in the same order. */
  private *pieces(state: EngineState): Generator<() => void> {
    const fields = writtenFields(state);
    // Format and zone first, so a checkpoint from another format or zone is turned down before it is read.
    yield () => this.out.writeValue({ format: STATE_FORMAT, timezone: state.timezone, keys: fields.map(([k]) => k) });
    for (const [key, value] of fields) yield* this.field(key, value);
  }

  private *field(key: string, value: unknown): Generator<() => void> {
    const layout = layoutOf(key, value);
    const write = (v: unknown) => () => this.out.writeValue(v);
    yield write(layout);
    if (layout === MAP || layout === SET) {
      const items = value as Map<unknown, unknown> | Set<unknown>;
      yield write(items.size);
      const size = layout === MAP ? MAP_SLICE : VALUE_SLICE;
      for (const slice of slices(layout === MAP ? items.entries() : items.values(), size)) yield write(slice);
    } else if (layout === ARRAY) {
      const items = value as unknown[];
      const slice = typeof items[0] === 'object' && items[0] !== null ? OBJECT_SLICE : VALUE_SLICE;
      yield write(items.length);
      for (let i = 0; i < items.length; i += slice) yield write(items.slice(i, i + slice));
    } else if (layout === FIELDS) {
      const inner = Object.entries(value as object);
      yield write(inner.map(([k]) => k));
      for (const [k, v] of inner) yield* this.field(k, v);
    } else yield write(value);
  }
}

/** null when the bytes are from another format or another time zone: the caller refolds the stream instead. */
export function deserializeState(bytes: Buffer, timezone: string): EngineState | null {
  // V8's format opens with its version tag; earlier checkpoints were JSON text.
  if (bytes[0] !== V8_VERSION_TAG) return null;
  const input = new DefaultDeserializer(bytes);
  input.readHeader();
  const head = input.readValue() as { format?: number; timezone?: string; keys?: string[] } | null;
  if (head?.format !== STATE_FORMAT || head.timezone !== timezone || !Array.isArray(head.keys)) return null;
  const state = readFields(input, head.keys) as unknown as EngineState;
  state.clock = new DayClock(state.timezone);
  return state;
}

function readFields(input: DefaultDeserializer, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = readField(input);
  return out;
}

function readField(input: DefaultDeserializer): unknown {
  const layout = input.readValue() as number;
  if (layout === WHOLE) return input.readValue();
  if (layout === FIELDS) return readFields(input, input.readValue() as string[]);
  const length = input.readValue() as number;
  const items: unknown[] = [];
  while (items.length < length) for (const item of input.readValue() as unknown[]) items.push(item);
  if (layout === MAP) return new Map(items as [unknown, unknown][]);
  return layout === SET ? new Set(items) : items;
}
