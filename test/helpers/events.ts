// Builds contract events for tests at readable offsets from a fixed instant, validated like the stream's.
import { validateEvent, type EventType, type FloorEvent } from '../../shared/events.ts';

export function eventFactory(t0: number) {
  let n = 0;
  return function ev(type: EventType, atSec: number, fields: Record<string, unknown> = {}): FloorEvent {
    const raw = { id: `e-${++n}`, type, ts: t0 + Math.round(atSec * 1000), ...fields };
    const r = validateEvent(raw);
    if (!r.ok) throw new Error(`test event invalid: ${r.reason}`);
    return r.event;
  };
}
