// Events that name what every JavaScript object carries, events stamped out of range, and events that would fail
// half-way: decoded, judged and folded as ordinary data, all or nothing (issue 10, items 1–3).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../shared/config.ts';
import { MAX_EVENT_TS, oversized, validateEvent, type FloorEvent } from '../../shared/events.ts';
import { acknowledge } from '../../server/alerts/evaluate.ts';
import { statePhrase } from '../../server/alerts/message.ts';
import { scopeSnapshot } from '../../server/auth/scope.ts';
import { createState, fold, view, type FoldContext } from '../../server/engine/index.ts';
import { deserializeState, serializeState } from '../../server/engine/serialize.ts';
import { roundForWire } from '../../server/realtime/wire.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import { eventFactory } from '../helpers/events.ts';

// 10:00:00 in Shanghai (UTC+8), on a minute boundary.
const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);
const at = (sec: number) => T0 + sec * 1000;
const DAY = 86_400;
const config = parseConfig({ timezone: 'Asia/Shanghai' });
/** The defaults: 300 s ahead, 48 h behind. */
const context = (arrivalSec: number): FoldContext => ({
  arrivalMs: at(arrivalSec),
  maxFutureSkewMs: 300_000,
  maxAgeMs: 48 * 3_600_000,
});

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

afterEach(() => {
  vi.useRealTimers();
});

describe('event types named like Object.prototype members', () => {
  it.each(PROTOTYPE_NAMES)('type "%s" is an unknown type, not a crash', (type) => {
    expect(validateEvent({ id: 'x', type, ts: T0 })).toEqual({ ok: false, reason: `unknown type "${type}"` });
  });
});

describe('ids, reasons and names that are Object.prototype members are ordinary strings', () => {
  /**
   * One call on queue "toString" handled by agent "constructor" of team "__proto__":
   *   offered 0 s, answered 10 s (wait 10 s, within T = 20), ended 70 s (talk 60 s), wrapped up 80 s (acw 10 s);
   *   then the agent goes aux with reason "valueOf" at 90 s. A fault "isPrototypeOf" of component "constructor"
   *   opens, and a callback "__proto__" is requested on the queue.
   * today: queue offered 1, answered 1, ASA 10 s, AHT 70 s; agent handled 1, AHT 70 s; one fault, one callback.
   */
  function poisonNamedDay(): FloorEvent[] {
    const ev = eventFactory(T0);
    return [
      ev('agent.login', -60, { agentId: 'constructor', name: 'valueOf', teamId: '__proto__', queues: ['toString'] }),
      ev('call.offered', 0, { callId: 'hasOwnProperty', queueId: 'toString' }),
      ev('call.answered', 10, { callId: 'hasOwnProperty', agentId: 'constructor' }),
      ev('call.ended', 70, { callId: 'hasOwnProperty' }),
      ev('call.wrapup', 80, { callId: 'hasOwnProperty', agentId: 'constructor' }),
      ev('call.disposition', 81, { callId: 'hasOwnProperty', outcome: '__proto__' }),
      ev('agent.state', 90, { agentId: 'constructor', state: 'aux', reason: 'valueOf' }),
      ev('system.fault', 91, { faultId: 'isPrototypeOf', component: 'constructor', severity: 'major' }),
      ev('callback.requested', 92, { callbackId: '__proto__', queueId: 'toString' }),
    ];
  }

  function folded() {
    const state = createState(config);
    for (const e of poisonNamedDay()) expect(fold(state, e, context(100))).toBe('folded');
    return state;
  }

  it('fold and view count them like any other id', () => {
    const v = view(folded(), at(120));
    const queue = v.queues.find((q) => q.id === 'toString')!;
    expect(queue.windows.today).toMatchObject({ offered: 1, answered: 1, answeredWithinSl: 1, asaSec: 10, ahtSec: 70 });
    expect(queue.callbacksPending).toBe(1);
    const agent = v.agents.find((a) => a.id === 'constructor')!;
    expect(agent).toMatchObject({
      name: 'valueOf',
      teamId: '__proto__',
      state: 'aux',
      reason: 'valueOf',
      queues: ['toString'],
    });
    expect(agent.windows.today).toMatchObject({ handled: 1, ahtSec: 70 });
    expect(v.teams.map((t) => t.id)).toContain('__proto__');
    expect(v.faults).toEqual([
      { id: 'isPrototypeOf', component: 'constructor', severity: 'major', message: null, sinceTs: at(91) },
    ]);
  });

  it('survive a checkpoint round trip and the wire rounding unchanged', () => {
    const state = folded();
    const restored = deserializeState(serializeState(state), config.timezone)!;
    expect(view(restored, at(120))).toEqual(view(state, at(120)));
    const wire = roundForWire(view(state, at(120)));
    expect(Object.getPrototypeOf(wire.agents[0])).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(wire)).agents.find((a: { id: string }) => a.id === 'constructor').teamId).toBe(
      '__proto__',
    );
  });

  it('scope a supervisor of team "__proto__" and queue "toString" to exactly those', () => {
    const snap = { ...roundForWire(view(folded(), at(120))), alerts: [], bulletins: [], stale: null } as Snapshot;
    const byTeam = scopeSnapshot(snap, { role: 'supervisor', name: 's', teams: ['__proto__'] });
    expect(byTeam.agents.map((a) => a.id)).toEqual(['constructor']);
    const byOtherTeam = scopeSnapshot(snap, { role: 'supervisor', name: 's', teams: ['constructor'] });
    expect(byOtherTeam.agents).toEqual([]);
    const byQueue = scopeSnapshot(snap, { role: 'supervisor', name: 's', queues: ['toString'] });
    expect(byQueue.queues.map((q) => q.id)).toEqual(['toString']);
  });

  it('alerts: an aux reason "constructor" is described as itself, and acking "constructor" finds no alert', () => {
    expect(statePhrase('aux', 'constructor')).toBe('in aux (constructor)');
    expect(statePhrase('aux', '__proto__')).toBe('in aux (__proto__)');
    expect(statePhrase('aux', 'break')).toBe('on break');
    for (const id of PROTOTYPE_NAMES)
      expect(acknowledge({}, id, 'sup', undefined, at(0))).toMatchObject({ ok: false, code: 'not-found' });
  });
});

describe('event time judged against the entry’s arrival', () => {
  /**
   * A small morning: agent a1 on queue sales handles c1 (offered 0 s, answered 10 s, ended 70 s, wrap-up ends
   * 80 s). today: sales offered 1, answered 1, ASA 10 s; a1 handled 1, AHT 60 + 10 = 70 s.
   */
  function morning(): { state: ReturnType<typeof createState>; ev: ReturnType<typeof eventFactory> } {
    const ev = eventFactory(T0);
    const state = createState(config);
    const events = [
      ev('agent.login', -60, { agentId: 'a1', queues: ['sales'] }),
      ev('call.offered', 0, { callId: 'c1', queueId: 'sales' }),
      ev('call.answered', 10, { callId: 'c1', agentId: 'a1' }),
      ev('call.ended', 70, { callId: 'c1' }),
      ev('call.wrapup', 80, { callId: 'c1', agentId: 'a1' }),
    ];
    for (const e of events) fold(state, e, context(e.ts / 1000 - T0 / 1000));
    return { state, ev };
  }

  it('events two and three days ahead are refused and today keeps its numbers', () => {
    const { state, ev } = morning();
    const before = view(state, at(120));
    // Each would add a day tally, pushing today out of the two kept (queue, centre), or roll the agent's day on.
    expect(fold(state, ev('call.offered', 2 * DAY, { callId: 'c2', queueId: 'sales' }), context(100))).toBe(
      'ts out of range',
    );
    expect(
      fold(state, ev('survey.completed', 3 * DAY, { agentId: 'a1', queueId: 'sales', score: 5 }), context(101)),
    ).toBe('ts out of range');
    const after = view(state, at(120));
    expect(after).toEqual(before);
    expect(after.queues.find((q) => q.id === 'sales')!.windows.today).toMatchObject({
      offered: 1,
      answered: 1,
      asaSec: 10,
    });
    expect(after.center.windows.today).toMatchObject({ offered: 1, answered: 1 });
    expect(after.agents.find((a) => a.id === 'a1')!.windows.today).toMatchObject({ handled: 1, ahtSec: 70 });
    expect(state.stats.folded).toBe(5);
  });

  it('the skew limit is inclusive: 300 s ahead folds, 301 s does not; retention bounds the past the same way', () => {
    const { state, ev } = morning();
    expect(fold(state, ev('call.offered', 400, { callId: 'c3', queueId: 'sales' }), context(100))).toBe('folded');
    expect(fold(state, ev('call.offered', 401, { callId: 'c4', queueId: 'sales' }), context(100))).toBe(
      'ts out of range',
    );
    expect(fold(state, ev('call.offered', 100 - 48 * 3600, { callId: 'c5', queueId: 'sales' }), context(100))).toBe(
      'folded',
    );
    expect(fold(state, ev('call.offered', 99 - 48 * 3600, { callId: 'c6', queueId: 'sales' }), context(100))).toBe(
      'ts out of range',
    );
  });

  it('the node’s own clock plays no part: a refold a year later judges each entry the same way', () => {
    const ev = eventFactory(T0);
    const old = ev('call.offered', -47 * 3600, { callId: 'c1', queueId: 'sales' });
    vi.useFakeTimers({ now: at(365 * DAY) });
    // Accepted when it arrived (47 h old then); the refold after a restart passes the same arrival.
    expect(fold(createState(config), old, context(0))).toBe('folded');
  });

  it('timestamps in microseconds or past year 9999 are refused by the schema', () => {
    expect(validateEvent({ id: 'u', type: 'call.abandoned', ts: T0 * 1000, callId: 'c' })).toEqual({
      ok: false,
      reason: 'ts out of range',
    });
    expect(validateEvent({ id: 'u', type: 'call.abandoned', ts: 8.64e15 + 1, callId: 'c' }).ok).toBe(false);
    expect(validateEvent({ id: 'u', type: 'call.abandoned', ts: MAX_EVENT_TS, callId: 'c' }).ok).toBe(true);
    expect(
      validateEvent({ id: 'u', type: 'callback.requested', ts: T0, callbackId: 'b', queueId: 'q', dueTs: 1e300 }).ok,
    ).toBe(false);
  });
});

describe('all or nothing', () => {
  it('an event that cannot be folded leaves no trace: no phantom waiting call, its id not taken', () => {
    const state = createState(config);
    const before = serializeState(state);
    // Past Date's range (8.64e15 ms): the zone's day bounds cannot be computed. Bypasses the schema on purpose.
    const bad = { id: 'e-1', type: 'call.offered', ts: 8.64e15 + 1, callId: 'c1', queueId: 'sales' } as FloorEvent;
    expect(() => fold(state, bad)).toThrow(RangeError);
    expect(state.calls.size).toBe(0);
    expect(state.queues.get('sales')?.waiting.size ?? 0).toBe(0);
    expect(serializeState(state)).toEqual(before);
    // The same id with a good time is a first sight, not a repeat.
    expect(fold(state, { ...bad, ts: T0 } as FloorEvent)).toBe('folded');
    expect(view(state, at(5)).queues.find((q) => q.id === 'sales')!.waiting).toBe(1);
  });
});

describe('entry size', () => {
  it('is measured in UTF-8 bytes without scanning what is clearly too long', () => {
    expect(oversized('a'.repeat(1024), 1024)).toBeNull();
    expect(oversized('a'.repeat(1025), 1024)).toBe('entry larger than 1024 bytes');
    // 400 × "中" is 400 UTF-16 units but 1,200 bytes.
    expect(oversized('中'.repeat(400), 1024)).toBe('entry larger than 1024 bytes');
    expect(oversized('中'.repeat(341), 1024)).toBeNull();
  });
});
