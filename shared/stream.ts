// The stream format, in one place: where events go by default, and how one entry carries one event.
// The contract: each entry has one field, `event`, whose value is the event as JSON. Producers (simulator, AMI
// adapter, replay, benches, tests) encode with `entryFields`; readers (consumer, export) find the field with
// `eventField`.
import type { FloorEvent } from './events.ts';

/** The stream the server, simulator, adapter and stream commands use unless told otherwise. */
export const DEFAULT_STREAM = 'cc:events';

/** The one field of an entry that holds the event. */
export const EVENT_FIELD = 'event';

/** The field/value pair of one entry: `XADD <stream> * ...entryFields(e)`. */
export function entryFields(event: FloorEvent): [typeof EVENT_FIELD, string] {
  return [EVENT_FIELD, JSON.stringify(event)];
}

/**
 * The value of the `event` field. The contract says an entry has exactly that one field, but producers may
 * add others; the `event` one is used wherever it is.
 */
export function eventField(fields: readonly string[]): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === EVENT_FIELD) return fields[i + 1];
  }
  return undefined;
}
