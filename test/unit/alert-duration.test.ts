// The console shows one duration per alert (since it began firing), so it asks for the sentence without the
// server's own "for …": built from the params with the duration left out, in English too; a sentence that carries
// no such duration keeps the server's English words.
import { expect, test } from 'vitest';
import type { Alert } from '../../shared/alerts.ts';
import { alertText } from '../../wallboard/src/lib/alert-text.ts';

function alert(message: string, messageParams: Alert['messageParams']): Alert {
  return {
    id: 'rule:sales',
    ruleId: 'rule',
    ruleName: null,
    severity: 'warning',
    scopeKind: 'queue',
    entityId: 'sales',
    entityName: 'Sales',
    metric: 'waiting',
    window: null,
    comparator: '>',
    value: 5,
    threshold: 3,
    state: 'firing',
    since: 0,
    firstSeen: 0,
    firedAt: 0,
    escalated: false,
    message,
    messageParams,
  };
}
const params = {
  template: 'generic',
  entityName: 'Sales',
  metric: 'waiting',
  window: null,
  comparator: '>',
  value: 5,
  threshold: 3,
  unit: 'count',
  resolved: 0,
};

test('the duration is left out, in both languages', () => {
  const a = alert('Sales: calls waiting 5 above 3 for 2 min', { ...params, forSec: 120 });
  expect(alertText(a, 'en')).toBe('Sales: calls waiting 5 above 3 for 2 min');
  expect(alertText(a, 'en', { duration: false })).toBe('Sales: calls waiting 5 above 3');
  expect(alertText(a, 'zh-CN')).toMatch(/已持续 2分钟$/);
  expect(alertText(a, 'zh-CN', { duration: false })).not.toContain('持续');
});

test("a sentence without a duration of its own keeps the server's English", () => {
  const a = alert('Ann Lee: on break for 16 min 51 s (limit 1 min)', {
    template: 'timeInState',
    entityName: 'Ann Lee',
    metric: 'timeInStateSec',
    window: null,
    comparator: '>',
    value: 1011,
    threshold: 60,
    unit: 'sec',
    forSec: 1011,
    resolved: 0,
    state: 'aux',
    reason: 'break',
  });
  expect(alertText(a, 'en', { duration: false })).toBe('Ann Lee: on break for 16 min 51 s (limit 1 min)');
});
