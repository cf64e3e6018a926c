// The rule schema: what a config or an admin may write, and the messages for what they may not.
import { describe, expect, it } from 'vitest';
import { alertSchema, parseRules, type RuleInput } from '../../shared/alerts.ts';
import { DEFAULT_RULES } from '../../server/alerts/defaults.ts';
import { formatDuration } from '../../server/alerts/message.ts';

const valid: RuleInput = {
  id: 'backlog',
  metric: 'waiting',
  scope: { kind: 'queue' },
  comparator: '>',
  threshold: 10,
  severity: 'warning',
};
const one = (over: Record<string, unknown>) => () => parseRules([{ ...valid, ...over }]);

describe('parseRules', () => {
  it('fills defaults', () => {
    expect(parseRules([valid])).toEqual([{ ...valid, sustainSec: 0 }]);
  });

  it('rejects unknown keys, naming them', () => {
    expect(one({ treshold: 5 })).toThrow('unknown alert rule key: rules.0.treshold');
    expect(one({ scope: { kind: 'queue', id: ['sales'] } })).toThrow('unknown alert rule key: rules.0.scope.id');
  });

  it('rejects a metric on a scope it does not apply to', () => {
    expect(one({ scope: { kind: 'agent' } })).toThrow(
      'rules.0.scope: metric waiting applies to queue or center, not agent',
    );
    expect(one({ metric: 'serviceLevelVsTarget', window: '60m', scope: { kind: 'center' } })).toThrow(
      'applies to queue, not center',
    );
  });

  it('wants a window exactly for windowed metrics', () => {
    expect(one({ metric: 'serviceLevel' })).toThrow(
      'rules.0.window: metric serviceLevel needs a window: today, 60m, 15m',
    );
    expect(one({ window: '15m' })).toThrow('rules.0.window: metric waiting is not windowed');
    expect(one({ metric: 'abandonRate', window: '1h' })).toThrow(/rules\.0\.window/);
  });

  it('wants clear on the resolving side of the threshold', () => {
    expect(one({ clear: 12 })).toThrow('rules.0.clear: with ">" clear must be at or below the threshold');
    expect(one({ comparator: '<', clear: 8 })).toThrow('with "<" clear must be at or above the threshold');
    expect(parseRules([{ ...valid, clear: 10 }])[0]!.clear).toBe(10);
  });

  it('keeps state, reason and severity filters to the metrics they belong to', () => {
    expect(one({ reasons: ['break'] })).toThrow('rules.0.reasons: only for metric timeInStateSec');
    expect(one({ faultSeverities: ['major'] })).toThrow('rules.0.faultSeverities: only for metric openFaults');
    expect(one({ metric: 'timeInStateSec', scope: { kind: 'agent' }, agentStates: ['lunch'] })).toThrow(
      /rules\.0\.agentStates\.0/,
    );
  });

  it('rejects duplicate ids, ids with a colon, a center rule with ids, and negative sustain', () => {
    expect(() => parseRules([valid, valid])).toThrow('rules.1.id: duplicate rule id "backlog"');
    expect(one({ id: 'a:b' })).toThrow(/rules\.0\.id: use letters/);
    expect(one({ metric: 'openFaults', scope: { kind: 'center', ids: ['x'] } })).toThrow(
      'rules.0.scope: a center rule takes no ids',
    );
    expect(one({ sustainSec: -1 })).toThrow(/rules\.0\.sustainSec/);
  });

  it('is not a list: says so', () => {
    expect(() => parseRules({ rules: [] })).toThrow(/^rules: /);
  });
});

describe('defaults', () => {
  it('are the eight rules the brief lists, with their limits', () => {
    const byId = Object.fromEntries(DEFAULT_RULES.map((r) => [r.id, r]));
    expect(Object.keys(byId)).toEqual([
      'sl-below-target',
      'longest-wait',
      'queue-backlog',
      'long-break',
      'long-lunch',
      'long-wrap-up',
      'system-fault',
      'feed-silent',
    ]);
    expect(byId['longest-wait']).toMatchObject({ metric: 'longestWaitSec', comparator: '>', threshold: 60 });
    expect(byId['queue-backlog']).toMatchObject({ metric: 'waiting', comparator: '>', threshold: 10 });
    expect(byId['long-break']).toMatchObject({ reasons: ['break'], threshold: 15 * 60 });
    expect(byId['long-lunch']).toMatchObject({ reasons: ['lunch'], threshold: 60 * 60 });
    expect(byId['long-wrap-up']).toMatchObject({ agentStates: ['acw'], threshold: 5 * 60 });
    expect(byId['system-fault']).toMatchObject({
      faultSeverities: ['major', 'critical'],
      comparator: '>=',
      threshold: 1,
    });
    expect(byId['feed-silent']).toMatchObject({ metric: 'feedSilentSec', threshold: 60 });
  });
});

describe('alert schema', () => {
  it('rejects an alert with an unknown state', () => {
    const alert = {
      id: 'r:q',
      ruleId: 'r',
      ruleName: null,
      severity: 'info',
      scopeKind: 'queue',
      entityId: 'q',
      entityName: 'Q',
      metric: 'waiting',
      window: null,
      comparator: '>',
      value: 3,
      threshold: 2,
      state: 'firing',
      since: 1,
      firstSeen: 1,
      firedAt: 1,
      escalated: false,
      message: 'Q: calls waiting 3 above 2',
      messageParams: {},
    };
    expect(alertSchema.safeParse(alert).success).toBe(true);
    expect(alertSchema.safeParse({ ...alert, state: 'snoozed' }).success).toBe(false);
  });
});

describe('formatDuration', () => {
  it('reads as seconds, minutes and hours', () => {
    expect([0.4, 59.4, 60, 61, 599.6, 3600, 3660, 7325].map(formatDuration)).toEqual([
      '0 s',
      '59 s',
      '1 min',
      '1 min 1 s',
      '10 min',
      '1 h',
      '1 h 1 min',
      '2 h 2 min',
    ]);
  });
});
