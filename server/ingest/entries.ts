// The shape of XREADGROUP replies (RESP2) and of one stream entry's fields.

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

/**
 * The value of the `event` field. The contract says an entry has exactly that one field, but producers may
 * add others; the `event` one is used wherever it is.
 */
export function eventField(fields: string[]): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === 'event') return fields[i + 1];
  }
  return undefined;
}
