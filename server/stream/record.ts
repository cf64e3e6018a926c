// The NDJSON recording format of `npm run export` / `npm run replay`: one stream entry per line.
import { validateEvent, type FloorEvent } from '../../shared/events.ts';
import { eventField } from '../../shared/stream.ts';
import type { StreamEntry } from '../ingest/entries.ts';

/**
 * `event` holds the entry's event field parsed as JSON (not validated: a recording keeps what the stream held).
 * An event field that is not JSON is kept as `raw`; an entry without one keeps all its `fields`. Nothing is lost.
 */
export type StreamRecord =
  | { streamId: string; event: unknown }
  | { streamId: string; raw: string }
  | { streamId: string; fields: Record<string, string> };

export function recordOf(entry: StreamEntry): StreamRecord {
  const fields = entry.fields ?? [];
  const value = eventField(fields);
  if (value === undefined) {
    const all: Record<string, string> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) all[fields[i]!] = fields[i + 1]!;
    return { streamId: entry.id, fields: all };
  }
  try {
    return { streamId: entry.id, event: JSON.parse(value) as unknown };
  } catch {
    return { streamId: entry.id, raw: value };
  }
}

/** A recording line's event, with the id its entry had in the stream (null for a bare event). */
export type LineResult = { ok: true; event: FloorEvent; streamId: string | null } | { ok: false; reason: string };

/**
 * The event a recording line holds, validated. Besides export's records, a line may be a bare event object (what a
 * forwarder or a script would write), so hand-made files replay too.
 */
export function eventOfLine(line: string): LineResult {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { ok: false, reason: 'not a JSON object' };
  if ('raw' in json) return { ok: false, reason: 'the recorded entry was not valid JSON ("raw")' };
  if ('fields' in json) return { ok: false, reason: 'the recorded entry had no event field ("fields")' };
  const recorded = 'event' in json;
  const r = validateEvent('event' in json ? json.event : json);
  if (!r.ok) return r;
  const streamId = recorded && 'streamId' in json && typeof json.streamId === 'string' ? json.streamId : null;
  return { ok: true, event: r.event, streamId };
}
