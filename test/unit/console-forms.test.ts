// The console's pure helpers: the alert-rule form ⇄ rule conversion (validated by the shared schema), the queue
// order held under the pointer, callbacks by due time, aux reasons in the wall's words.
import { describe, expect, it } from 'vitest';
import { byDue } from '../../wallboard/src/console/callbacks.ts';
import { holdOrder } from '../../wallboard/src/console/queue-table.ts';
import { reasonLabel } from '../../wallboard/src/console/reasons.ts';
import { draftOf, emptyDraft, ruleOf, type Draft } from '../../wallboard/src/console/rule-form.ts';
import type { QueueView } from '../../shared/snapshot.ts';

const draft = (over: Partial<Draft>): Draft => ({ ...emptyDraft(), id: 'r1', threshold: '80', ...over });

describe('rule form', () => {
  it('turns percent into the ratio the schema stores, and back', () => {
    const r = ruleOf(draft({ scopeIds: 'sales, billing', clear: '85', escalateAfterMin: '10' }));
    expect(r).toEqual({
      ok: true,
      rule: {
        id: 'r1',
        metric: 'serviceLevel',
        window: '60m',
        comparator: '<',
        threshold: 0.8,
        clear: 0.85,
        sustainSec: 60,
        severity: 'warning',
        escalateAfterMin: 10,
        scope: { kind: 'queue', ids: ['sales', 'billing'] },
      },
    });
    expect(draftOf(r.ok ? r.rule : (null as never))).toMatchObject({
      threshold: '80',
      clear: '85',
      scopeIds: 'sales, billing',
    });
    // 0.07 is 7 %, not 7.000000000000001 %.
    expect(draftOf({ ...(r.ok ? r.rule : (null as never)), threshold: 0.07 }).threshold).toBe('7');
  });

  it('keeps seconds and counts as typed', () => {
    const r = ruleOf(draft({ metric: 'longestWaitSec', window: '', threshold: '90' }));
    expect(r.ok && r.rule).toMatchObject({ metric: 'longestWaitSec', threshold: 90 });
    expect(r.ok && 'window' in r.rule).toBe(false);
  });

  it("names the field of each problem: the form's own and the schema's", () => {
    const errors = (d: Draft) => {
      const r = ruleOf(d);
      return r.ok ? null : Object.fromEntries(r.errors);
    };
    expect(errors(draft({ threshold: 'eighty' }))).toEqual({ threshold: { kind: 'notNumber', text: 'eighty' } });
    expect(errors(draft({ threshold: '' }))).toEqual({ threshold: { kind: 'required' } });
    expect(errors(draft({ id: '' }))).toEqual({ id: { kind: 'required' } });
    expect(errors(draft({ id: 'a:b' }))).toEqual({
      id: { kind: 'schema', message: 'use letters, digits, "_", "." or "-"' },
    });
    // "<": a firing alert clears once the value is back above the threshold, so clear may not be below it.
    expect(errors(draft({ clear: '70' }))).toEqual({
      clear: { kind: 'schema', message: 'with "<" clear must be at or above the threshold' },
    });
    expect(errors(draft({ window: '' }))).toMatchObject({ window: { kind: 'schema' } });
    expect(errors(draft({ scopeKind: 'agent' }))).toMatchObject({ scopeKind: { kind: 'schema' } });
    expect(errors(draft({ sustainSec: '-5' }))).toMatchObject({ sustainSec: { kind: 'schema' } });
  });

  it('refuses an id another rule of the list has', () => {
    const other = ruleOf(draft({ id: 'taken' }));
    const r = ruleOf(draft({ id: 'taken' }), other.ok ? [other.rule] : []);
    expect(r.ok ? null : r.errors.get('id')).toEqual({ kind: 'schema', message: 'duplicate rule id "taken"' });
  });
});

describe('queue order held under the pointer', () => {
  const q = (id: string) => ({ id }) as QueueView;
  it('keeps the held order, drops queues gone, appends new ones in sorted order', () => {
    const sorted = [q('d'), q('c'), q('a'), q('e')];
    expect(holdOrder(sorted, ['a', 'b', 'c']).map((x) => x.id)).toEqual(['a', 'c', 'd', 'e']);
    expect(holdOrder(sorted, null).map((x) => x.id)).toEqual(['d', 'c', 'a', 'e']);
  });
});

describe('callbacks', () => {
  it('by due time, those without one last, ties by id', () => {
    const cbs = [
      { callbackId: 'x', dueTs: null },
      { callbackId: 'b', dueTs: 200 },
      { callbackId: 'a', dueTs: 200 },
      { callbackId: 'c', dueTs: 100 },
    ];
    expect(byDue(cbs).map((c) => c.callbackId)).toEqual(['c', 'a', 'b', 'x']);
  });
});

describe('aux reasons', () => {
  it("reads the wall's table, never an inherited property; unknown reasons as sent", () => {
    expect(reasonLabel('zh-CN', 'break')).toBe('休息');
    expect(reasonLabel('en', 'lunch')).toBe('Lunch');
    expect(reasonLabel('zh-CN', 'constructor')).toBe('constructor');
    expect(reasonLabel('zh-CN', 'dentist')).toBe('dentist');
  });
});
