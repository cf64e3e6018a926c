// The shape of XREADGROUP replies (RESP2) and of one stream entry's fields (the format itself: shared/stream.ts).
import { EVENT_FIELD } from '../../shared/stream.ts';

export interface StreamEntry {
  id: string;
  /** null when the entry is still pending but was deleted from the stream (XDEL/XTRIM) since delivery. */
  fields: string[] | null;
}

/** `[[stream, [[id, [field, value, …] | null], …]]]`, or null when a blocking read timed out. */
export function parseReadReply(reply: unknown): StreamEntry[] {
  if (reply === null) return [];
  const streams = reply as [string, [string, string[] | null][]][];
  const entries = streams[0]?.[1] ?? [];
  return entries.map(([id, fields]) => ({ id, fields }));
}

/** An entry as the consumer reads it: values as bytes, so an oversized one is measured and never decoded. */
export interface RawEntry {
  id: string;
  fields: Buffer[] | null;
}

/** An XREADGROUP reply read with callBuffer (every bulk string a Buffer), ids decoded. */
export function parseRawReply(reply: unknown): RawEntry[] {
  if (reply === null) return [];
  const streams = reply as [Buffer, [Buffer, Buffer[] | null][]][];
  const entries = streams[0]?.[1] ?? [];
  return entries.map(([id, fields]) => ({ id: id.toString('latin1'), fields }));
}

const EVENT = Buffer.from(EVENT_FIELD);

/** The bytes of the `event` field, wherever it is (shared/stream.ts `eventField`, without decoding). */
export function eventBytes(fields: Buffer[]): Buffer | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (EVENT.equals(fields[i]!)) return fields[i + 1];
  }
  return undefined;
}
