// fast-check arbitraries for the ingest: valid contract events over small id pools (so they collide and
// contradict each other), and bad stream entries of every kind the contract says must be dead-lettered.
import fc from 'fast-check';
import { DEFAULT_MAX_ENTRY_BYTES } from '../../shared/events.ts';
import { EVENT_FIELD } from '../../shared/stream.ts';

/** The strings events are drawn from: small pools, so events collide and contradict each other. */
export interface Pools {
  agents: readonly string[];
  calls: readonly string[];
  queues: readonly string[];
  /** teams, aux reasons, outcomes, components, fault and callback ids */
  words: readonly string[];
}

const DEFAULT_POOLS: Pools = {
  agents: ['a-1', 'a-2', 'a-3'],
  calls: ['c-1', 'c-2', 'c-3', 'c-4', 'c-5'],
  queues: ['sales', 'support'],
  words: ['break', 'lunch', 'pbx', 'f-1', 'cb-1'],
};

/** A valid event without id, at any time in the two hours from t0 (so out of order, repeated, contradictory). */
export function validEvent(t0: number, pools: Pools = DEFAULT_POOLS): fc.Arbitrary<Record<string, unknown>> {
  const agent = fc.constantFrom(...pools.agents);
  const call = fc.constantFrom(...pools.calls);
  const queue = fc.constantFrom(...pools.queues);
  const word = fc.constantFrom(...pools.words);
  const ts = fc.integer({ min: t0, max: t0 + 2 * 3_600_000 });
  const e = <T extends Record<string, unknown>>(type: string, fields: fc.Arbitrary<T>) =>
    fc.tuple(ts, fields).map(([t, f]) => ({ type, ts: t, ...f }) as Record<string, unknown>);
  return fc.oneof(
    e(
      'agent.login',
      fc.record(
        { agentId: agent, teamId: word, queues: fc.subarray([...pools.queues]) },
        { requiredKeys: ['agentId'] },
      ),
    ),
    e('agent.logout', fc.record({ agentId: agent })),
    e(
      'agent.state',
      fc.record(
        { agentId: agent, state: fc.constantFrom('available', 'aux'), reason: word },
        { requiredKeys: ['agentId', 'state'] },
      ),
    ),
    e('call.offered', fc.record({ callId: call, queueId: queue })),
    e(
      'call.dialed',
      fc.record(
        { callId: call, agentId: agent, queueId: queue, direction: fc.constant('outbound') },
        { requiredKeys: ['callId', 'agentId', 'direction'] },
      ),
    ),
    e('call.answered', fc.record({ callId: call, agentId: agent })),
    e('call.abandoned', fc.record({ callId: call })),
    e('call.failed', fc.record({ callId: call, reason: fc.constantFrom('no-answer', 'busy', 'invalid', 'rejected') })),
    e('call.held', fc.record({ callId: call })),
    e('call.retrieved', fc.record({ callId: call })),
    e('call.transferred', fc.record({ callId: call, toQueueId: queue })),
    e('call.ended', fc.record({ callId: call })),
    e('call.wrapup', fc.record({ callId: call, agentId: agent })),
    e('call.disposition', fc.record({ callId: call, outcome: word })),
    e(
      'survey.completed',
      fc.record(
        { callId: call, agentId: agent, queueId: queue, score: fc.integer({ min: 1, max: 5 }) },
        { requiredKeys: ['score'] },
      ),
    ),
    e('qa.scored', fc.record({ agentId: agent, score: fc.integer({ min: 0, max: 100 }) })),
    e(
      'agent.missed',
      fc.record(
        { agentId: agent, callId: call, queueId: queue, ringMs: fc.integer({ min: 0, max: 60_000 }) },
        { requiredKeys: ['agentId', 'callId', 'ringMs'] },
      ),
    ),
    e('callback.requested', fc.record({ callbackId: word, queueId: queue })),
    e('callback.completed', fc.record({ callbackId: word, queueId: queue })),
    e(
      'system.fault',
      fc.record(
        {
          faultId: word,
          component: word,
          severity: fc.constantFrom('minor', 'major', 'critical'),
          resolved: fc.boolean(),
        },
        { requiredKeys: ['faultId', 'component', 'severity'] },
      ),
    ),
  );
}

/** Numbers the ids of a list of events, so that none is ignored as a repeat. */
export function withIds(events: Record<string, unknown>[], prefix: string): Record<string, unknown>[] {
  return events.map((e, i) => ({ id: `${prefix}-${i}`, ...e }));
}

/** The stream fields of one entry that can never be folded. */
export function badEntry(t0: number): fc.Arbitrary<string[]> {
  const json = validEvent(t0).map((e) => ({ id: 'bad', ...e }));
  const event = (raw: string) => [EVENT_FIELD, raw];
  return fc.oneof(
    // Not JSON at all.
    fc
      .string({ maxLength: 80 })
      .filter((s) => !parses(s))
      .map(event),
    // Truncated: a valid event cut short is never valid JSON.
    fc.tuple(json, fc.double({ min: 0, max: 1, noNaN: true })).map(([e, f]) => {
      const text = JSON.stringify(e);
      return event(text.slice(0, Math.floor(f * (text.length - 1))));
    }),
    // Valid JSON that is not an object.
    fc
      .oneof(
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.integer(), { maxLength: 3 }),
        fc.string({ maxLength: 10 }),
      )
      .map((v) => event(JSON.stringify(v))),
    // A required field missing.
    fc.tuple(json, fc.constantFrom('id', 'type', 'ts')).map(([e, k]) => {
      const copy: Record<string, unknown> = { ...e };
      delete copy[k];
      return event(JSON.stringify(copy));
    }),
    // A field of the wrong kind.
    fc
      .tuple(
        json,
        fc.constantFrom<[string, unknown]>(
          ['ts', 'soon'],
          ['ts', -5],
          ['ts', 1.5],
          ['id', 7],
          ['id', ''],
          ['type', 42],
        ),
      )
      .map(([e, [k, v]]) => event(JSON.stringify({ ...e, [k]: v }))),
    // A type nobody knows.
    fc
      .string({ minLength: 1, maxLength: 20 })
      .map((t) => event(JSON.stringify({ id: 'x', type: `nope.${t}`, ts: t0 }))),
    // Oversized: a fault whose message pushes the entry past the limit.
    fc.integer({ min: DEFAULT_MAX_ENTRY_BYTES, max: DEFAULT_MAX_ENTRY_BYTES * 2 }).map((n) =>
      event(
        JSON.stringify({
          id: 'big',
          type: 'system.fault',
          ts: t0,
          faultId: 'f',
          component: 'x',
          severity: 'minor',
          message: 'x'.repeat(n),
        }),
      ),
    ),
    // No `event` field.
    json.map((e) => ['evnt', JSON.stringify(e)]),
  );
}

function parses(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}
