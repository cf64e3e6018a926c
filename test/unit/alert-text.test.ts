// Alert sentences in the screen's language: hand-written params give the Chinese sentence written out below; the
// server's own describe() output translates completely; anything incomplete falls back to the server's English.
import { describe as group, expect, test } from 'vitest';
import { parseRules, type Alert, type RuleInput, type ScopeKind } from '../../shared/alerts.ts';
import type { AgentView, FaultView, QueueView } from '../../shared/snapshot.ts';
import type { View } from '../../server/engine/index.ts';
import { evaluate } from '../../server/alerts/evaluate.ts';
import { describe, type Described } from '../../server/alerts/message.ts';
import type { Target } from '../../server/alerts/metrics.ts';
import { alertText } from '../../wallboard/src/lib/alert-text.ts';

type Params = Alert['messageParams'];

function alert(scopeKind: ScopeKind, message: string, messageParams: Params, ruleName: string | null = null): Alert {
  return {
    id: `rule:${scopeKind}`,
    ruleId: 'rule',
    ruleName,
    severity: 'warning',
    scopeKind,
    entityId: 'x',
    entityName: 'x',
    metric: 'waiting',
    window: null,
    comparator: '>',
    value: null,
    threshold: 0,
    state: 'firing',
    since: 0,
    firstSeen: 0,
    firedAt: 0,
    escalated: false,
    message,
    messageParams,
  };
}

const zh = (a: Alert) => alertText(a, 'zh-CN');

// Params shaped as server/alerts/message.ts writes them.
const base = (over: Params): Params => ({
  entityName: 'Sales',
  metric: 'waiting',
  window: null,
  comparator: '>',
  value: 0,
  threshold: 0,
  unit: 'count',
  forSec: 0,
  resolved: 0,
  ...over,
});
const sl = (over: Params) =>
  base({
    template: 'serviceLevelVsTarget',
    metric: 'serviceLevelVsTarget',
    window: 'today',
    comparator: '<',
    unit: 'ratio',
    ...over,
  });
const inState = (over: Params) =>
  base({
    template: 'timeInState',
    entityName: 'Ann Lee',
    metric: 'timeInStateSec',
    unit: 'sec',
    threshold: 900,
    state: 'aux',
    reason: 'break',
    ...over,
  });
const faults = (over: Params) =>
  base({ template: 'openFaults', entityName: 'Call center', metric: 'openFaults', severities: null, ...over });
const feed = (over: Params) =>
  base({
    template: 'feedSilent',
    entityName: 'Call center',
    metric: 'feedSilentSec',
    unit: 'sec',
    threshold: 120,
    loggedIn: 12,
    ...over,
  });
const generic = (over: Params) => base({ template: 'generic', ...over });

group('zh-CN sentences from hand-written params', () => {
  test('service level against target: below, above, at, back', () => {
    expect(zh(alert('queue', '', sl({ value: -0.18, serviceLevel: 0.62, target: 0.8, forSec: 300 })))).toBe(
      'Sales：今日服务水平 62%，低于目标 80% 共 18 个百分点，已持续 5分钟',
    );
    expect(zh(alert('queue', '', sl({ window: '60m', value: 0.05, serviceLevel: 0.85, target: 0.8 })))).toBe(
      'Sales：近 60 分钟服务水平 85%，高于目标 80% 共 5 个百分点',
    );
    expect(zh(alert('queue', '', sl({ value: 0.004, serviceLevel: 0.804, target: 0.8, forSec: 45 })))).toBe(
      'Sales：今日服务水平 80%，与目标 80% 持平，已持续 45秒',
    );
    expect(
      zh(
        alert(
          'queue',
          '',
          sl({ window: '15m', value: 0.03, serviceLevel: 0.83, target: 0.8, resolved: 1, forSec: 700 }),
        ),
      ),
    ).toBe('Sales：近 15 分钟服务水平已恢复至 83%（目标 80%）');
  });

  test('time in state: aux reasons, states, an unknown reason as is, and what the agent does now', () => {
    expect(zh(alert('agent', '', inState({ value: 901 })))).toBe('Ann Lee：休息已持续 15:01（上限 15:00）');
    expect(zh(alert('agent', '', inState({ reason: 'lunch', value: 3725, threshold: 3600 })))).toBe(
      'Ann Lee：午餐已持续 1:02:05（上限 1:00:00）',
    );
    expect(zh(alert('agent', '', inState({ reason: 'training', value: 1900, threshold: 1800 })))).toBe(
      'Ann Lee：培训已持续 31:40（上限 30:00）',
    );
    expect(zh(alert('agent', '', inState({ reason: 'coaching', value: 1900, threshold: 1800 })))).toBe(
      'Ann Lee：辅导已持续 31:40（上限 30:00）',
    );
    // The wall's agent tiles call a meeting 班例会 (the operations manual's term); the alert says the same.
    expect(zh(alert('agent', '', inState({ reason: 'meeting', value: 1900, threshold: 1800 })))).toBe(
      'Ann Lee：班例会已持续 31:40（上限 30:00）',
    );
    expect(zh(alert('agent', '', inState({ reason: 'smoke', value: 400, threshold: 300 })))).toBe(
      'Ann Lee：示忙（smoke）已持续 6:40（上限 5:00）',
    );
    expect(zh(alert('agent', '', inState({ reason: null, value: 400, threshold: 300 })))).toBe(
      'Ann Lee：示忙已持续 6:40（上限 5:00）',
    );
    expect(zh(alert('agent', '', inState({ state: 'acw', reason: null, value: 301, threshold: 300 })))).toBe(
      'Ann Lee：话后处理已持续 5:01（上限 5:00）',
    );
    expect(zh(alert('agent', '', inState({ state: 'talking', reason: null, value: 3601, threshold: 3600 })))).toBe(
      'Ann Lee：通话中已持续 1:00:01（上限 1:00:00）',
    );
    expect(zh(alert('agent', '', inState({ state: 'available', reason: null, value: null, resolved: 1 })))).toBe(
      'Ann Lee：当前空闲',
    );
  });

  test('open faults: none, one, more than three, by severity; the center in the board’s word for it', () => {
    expect(zh(alert('center', '', faults({ value: 0 })))).toBe('全中心：没有未恢复的故障');
    expect(zh(alert('center', '', faults({ value: 0, severities: 'critical' })))).toBe('全中心：没有未恢复的严重故障');
    expect(zh(alert('center', '', faults({ value: 1, components: 'pbx' })))).toBe('全中心：1 个未恢复的故障（pbx）');
    expect(
      zh(alert('center', '', faults({ value: 4, severities: 'major,critical', components: 'pbx,crm,db,wfm' }))),
    ).toBe('全中心：4 个未恢复的重要、严重故障（pbx、crm、db，另有 1 个）');
  });

  test('a silent feed: silent with agents on, events back, nobody logged in', () => {
    expect(zh(alert('center', '', feed({ value: 185 })))).toBe('全中心：已 3分钟 未收到事件，当前有 12 名座席登录');
    expect(zh(alert('center', '', feed({ value: 3, resolved: 1 })))).toBe('全中心：已恢复接收事件');
    expect(zh(alert('center', '', feed({ value: null, loggedIn: 0 })))).toBe('全中心：没有座席登录');
  });

  test('generic: counts, durations and percents as the tiles show them, every comparator, back to normal', () => {
    expect(zh(alert('queue', '', generic({ value: 3, forSec: 200 })))).toBe('Sales：排队数 3，高于 0，已持续 3分钟');
    expect(
      zh(
        alert(
          'queue',
          '',
          generic({ metric: 'asaSec', window: '60m', comparator: '>=', unit: 'sec', value: 45.4, threshold: 30 }),
        ),
      ),
    ).toBe('Sales：近 60 分钟平均应答速度 0:45，不低于 0:30');
    expect(
      zh(
        alert(
          'queue',
          '',
          generic({ metric: 'abandonRate', window: '15m', unit: 'ratio', value: 0.126, threshold: 0.1, forSec: 7300 }),
        ),
      ),
    ).toBe('Sales：近 15 分钟放弃率 13%，高于 10%，已持续 2小时');
    expect(
      zh(alert('queue', '', generic({ metric: 'agentsAvailable', comparator: '<', value: 1.5, threshold: 2 }))),
    ).toBe('Sales：空闲座席数 1.5，低于 2');
    expect(
      zh(alert('queue', '', generic({ metric: 'agentsAvailable', comparator: '<=', value: 1, threshold: 1 }))),
    ).toBe('Sales：空闲座席数 1，不高于 1');
    expect(
      zh(alert('center', '', generic({ metric: 'longestWaitSec', unit: 'sec', value: 3723, threshold: 600 }))),
    ).toBe('全中心：最长等待时间 1:02:03，高于 10:00');
    expect(
      zh(
        alert(
          'center',
          '',
          generic({
            metric: 'serviceLevel',
            window: 'today',
            comparator: '<',
            unit: 'ratio',
            value: null,
            threshold: 0.8,
          }),
        ),
      ),
    ).toBe('全中心：今日服务水平 未知，低于 80%');
    expect(
      zh(
        alert(
          'team',
          '',
          generic({ entityName: 'T1', metric: 'occupancy', window: '15m', unit: 'ratio', value: 0.9, resolved: 1 }),
        ),
      ),
    ).toBe('T1：近 15 分钟座席负荷率已恢复至 90%');
    expect(
      zh(alert('queue', '', generic({ metric: 'ahtSec', window: 'today', unit: 'sec', value: null, resolved: 1 }))),
    ).toBe('Sales：今日平均处理时长已恢复正常');
  });

  test('withdrawn: names the rule, or its id when it has no name', () => {
    const params = generic({ template: 'withdrawn', value: 2, resolved: 1 });
    expect(zh(alert('queue', '', params, '排队告警'))).toBe('Sales：规则“排队告警”已不再适用，告警撤销');
    expect(zh(alert('queue', '', params))).toBe('Sales：规则“rule”已不再适用，告警撤销');
  });
});

group('fallback to the server’s sentence', () => {
  const english = 'Sales: calls waiting 3 above 0';

  test('English screens show the server’s message as is', () => {
    expect(alertText(alert('queue', english, generic({ value: 3 })), 'en')).toBe(english);
  });

  test('an unknown template, or a param missing or of the wrong kind, gives the English sentence whole', () => {
    const cases: Params[] = [
      generic({ template: 'queueOnFire', value: 3 }),
      generic({ template: 'toString' }),
      (({ template: _, ...rest }) => rest)(generic({ value: 3 })),
      generic({ value: 3, threshold: null }),
      generic({ value: '3' }),
      generic({ metric: 'coffeeLevel', value: 3 }),
      generic({ unit: 'litres', value: 3 }),
      generic({ comparator: '!=', value: 3 }),
      generic({ window: 'week', value: 3 }),
      generic({ value: 3, forSec: undefined as unknown as number }),
      sl({ value: -0.18, serviceLevel: 0.62 }),
      inState({ state: 'sleeping', value: 901 }),
      faults({ value: 2, components: 'pbx' }),
      feed({ value: 185, loggedIn: null }),
    ];
    for (const params of cases) expect(zh(alert('queue', english, params)), JSON.stringify(params)).toBe(english);
  });
});

group('every sentence the server writes translates completely', () => {
  const NOW = Date.UTC(2026, 10, 28, 2, 0, 0);
  const rule = (r: Omit<RuleInput, 'id' | 'severity'>) => parseRules([{ id: 'r', severity: 'warning', ...r }])[0]!;
  const fault = (component: string, severity: FaultView['severity']): FaultView => ({
    id: component,
    component,
    severity,
    message: `${component} is down`,
    sinceTs: 0,
  });

  // describe() reads only these parts of the view and targets.
  const view = (loggedIn: number, faultList: FaultView[] = []) =>
    ({ center: { agents: { loggedIn } }, faults: faultList }) as unknown as View;
  const queue: Target = { kind: 'queue', id: 'sales', name: 'Sales', view: { slTarget: 0.8 } as QueueView };
  const center: Target = { kind: 'center', id: 'center', name: 'Call center', view: {} as Target['view'] } as Target;
  const team: Target = { kind: 'team', id: 't1', name: 'T1', view: {} as Target['view'] } as Target;
  const agent = (state: AgentView['state'], reason: string | null): Target => ({
    kind: 'agent',
    id: 'a1',
    name: 'Ann Lee',
    view: { state, reason } as AgentView,
  });

  function fromServer(
    t: Target,
    r: ReturnType<typeof rule>,
    value: number | null,
    forSec: number,
    resolved: boolean,
    v = view(12),
  ): Alert {
    const d: Described = describe(
      t,
      { rule: r, now: NOW, view: v, extra: { lastEventTs: null } },
      value,
      forSec,
      resolved,
    );
    return {
      ...alert(t.kind, d.message, d.messageParams, r.name ?? null),
      id: `r:${t.id}`,
      entityId: t.id,
      entityName: t.name,
    };
  }

  const slRule = rule({
    metric: 'serviceLevelVsTarget',
    scope: { kind: 'queue' },
    window: '60m',
    comparator: '<',
    threshold: 0,
  });
  const breakRule = rule({ metric: 'timeInStateSec', scope: { kind: 'agent' }, comparator: '>', threshold: 900 });
  const faultRule = rule({
    metric: 'openFaults',
    scope: { kind: 'center' },
    comparator: '>',
    threshold: 0,
    faultSeverities: ['major', 'critical'],
  });
  const feedRule = rule({ metric: 'feedSilentSec', scope: { kind: 'center' }, comparator: '>', threshold: 120 });
  const fourFaults = view(12, [
    fault('pbx', 'critical'),
    fault('crm', 'major'),
    fault('db', 'major'),
    fault('wfm', 'critical'),
  ]);

  const alerts: [what: string, a: Alert][] = [
    ['SL below target', fromServer(queue, slRule, -0.18, 300, false)],
    ['SL above target', fromServer(queue, slRule, 0.05, 0, false)],
    ['SL at target', fromServer(queue, slRule, 0, 30, false)],
    ['SL back', fromServer(queue, slRule, 0.03, 900, true)],
    ['on break', fromServer(agent('aux', 'break'), breakRule, 901, 901, false)],
    ['in a meeting', fromServer(agent('aux', 'meeting'), breakRule, 901, 901, false)],
    ['aux, other reason', fromServer(agent('aux', 'smoke'), breakRule, 901, 901, false)],
    ['aux, no reason', fromServer(agent('aux', null), breakRule, 901, 901, false)],
    ['in wrap-up', fromServer(agent('acw', null), breakRule, 901, 901, false)],
    ['logged out', fromServer(agent('offline', null), breakRule, 901, 901, false)],
    ['now available', fromServer(agent('available', null), breakRule, null, 950, true)],
    ['time in state back (generic)', fromServer(agent('aux', 'break'), breakRule, 60, 950, true)],
    ['four faults', fromServer(center, faultRule, 4, 60, false, fourFaults)],
    ['no faults', fromServer(center, faultRule, 0, 60, true)],
    ['feed silent', fromServer(center, feedRule, 185, 65, false)],
    ['feed back', fromServer(center, feedRule, 2, 200, true)],
    ['nobody logged in', fromServer(center, feedRule, null, 200, false, view(0))],
    [
      'calls waiting',
      fromServer(
        queue,
        rule({ metric: 'waiting', scope: { kind: 'queue' }, comparator: '>', threshold: 5 }),
        9,
        75,
        false,
      ),
    ],
    [
      'ASA',
      fromServer(
        queue,
        rule({ metric: 'asaSec', scope: { kind: 'queue' }, window: 'today', comparator: '>=', threshold: 30 }),
        41,
        0,
        false,
      ),
    ],
    [
      'abandon rate back',
      fromServer(
        center,
        rule({ metric: 'abandonRate', scope: { kind: 'center' }, window: '15m', comparator: '>', threshold: 0.1 }),
        0.04,
        0,
        true,
      ),
    ],
    [
      'occupancy',
      fromServer(
        team,
        rule({ metric: 'occupancy', scope: { kind: 'team' }, window: '15m', comparator: '>=', threshold: 0.95 }),
        0.97,
        0,
        false,
      ),
    ],
    [
      'available agents',
      fromServer(
        queue,
        rule({ metric: 'agentsAvailable', scope: { kind: 'queue' }, comparator: '<=', threshold: 1 }),
        0,
        20,
        false,
      ),
    ],
    [
      'longest wait',
      fromServer(
        center,
        rule({ metric: 'longestWaitSec', scope: { kind: 'center' }, comparator: '>', threshold: 60 }),
        3723,
        3700,
        false,
      ),
    ],
    [
      'service level unknown',
      fromServer(
        center,
        rule({ metric: 'serviceLevel', scope: { kind: 'center' }, window: 'today', comparator: '<', threshold: 0.8 }),
        null,
        5,
        false,
      ),
    ],
    [
      'AHT back to normal',
      fromServer(
        queue,
        rule({ metric: 'ahtSec', scope: { kind: 'queue' }, window: '60m', comparator: '>', threshold: 600 }),
        null,
        5,
        true,
      ),
    ],
  ];

  // The rule of a withdrawn alert is gone: evaluating with no rules resolves the alert the book still holds.
  const fired = fromServer(
    queue,
    rule({ name: 'Backlog', metric: 'waiting', scope: { kind: 'queue' }, comparator: '>', threshold: 5 }),
    9,
    75,
    false,
  );
  const withdrawn = evaluate([], { [fired.id]: fired }, view(12), NOW, { lastEventTs: null }).changes[0]!.alert;
  alerts.push(['withdrawn', withdrawn]);

  test('the server writes every template', () => {
    const templates = new Set(alerts.map(([, a]) => a.messageParams.template));
    expect([...templates].sort()).toEqual([
      'feedSilent',
      'generic',
      'openFaults',
      'serviceLevelVsTarget',
      'timeInState',
      'withdrawn',
    ]);
  });

  // Names are not translated: queues', agents' and teams' names, fault components, a reason the board has no word for, a rule's name.
  const NAMES = /Sales|Ann Lee|T1|pbx|crm|db|wfm|smoke|Backlog/g;

  test.each(alerts)('%s', (_what, a) => {
    const text = zh(a);
    expect(text, `still English: ${a.message}`).not.toBe(a.message);
    expect(text.replace(NAMES, '')).not.toMatch(/[A-Za-z]/);
  });
});
