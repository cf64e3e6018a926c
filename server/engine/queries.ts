// Questions a supervisor asks of the state: one queue in detail, one agent's day, and the calls behind a figure.
import type { SlFormula } from '../../shared/config.ts';
import * as m from '../../shared/metrics.ts';
import type { WindowName } from '../../shared/snapshot.ts';
import type {
  AgentTimeline,
  ExplainCall,
  ExplainQuestion,
  ExplainedMetric,
  Explanation,
  QueueDetail,
} from '../../shared/supervisor.ts';
import { entries } from './timeline.ts';
import { select, type CallFact } from './facts.ts';
import type { EngineState } from './state.ts';
import { view } from './view.ts';
import { intervalRows } from './view/figures.ts';
import { windowStarts } from './view/windowing.ts';

export function queueDetail(state: EngineState, queueId: string, now: number): QueueDetail | null {
  const q = state.queues.get(queueId);
  if (!q) return null;
  const v = view(state, now);
  const waiting = [...q.waiting.entries()]
    .sort((a, b) => a[1] - b[1])
    .map(([callId, sinceTs], i) => ({
      callId,
      position: i + 1,
      sinceTs,
      callerId: state.calls.get(callId)?.callerId ?? null,
    }));
  return {
    queue: v.queues.find((x) => x.id === queueId)!,
    waiting,
    callbacks: [...q.callbacks.entries()].map(([callbackId, dueTs]) => ({ callbackId, dueTs })),
    agents: v.agents.filter((a) => a.state !== 'offline' && a.queues.includes(queueId)),
    intervals: intervalRows(
      q.series,
      q.config.serviceLevelFormula,
      windowStarts(state, now).today,
      now,
      q.waiting.size,
    ),
  };
}

/** Today's states of one agent; the first one is clipped to local midnight. */
export function agentTimeline(state: EngineState, agentId: string, now: number): AgentTimeline | null {
  const a = state.agents.get(agentId);
  if (!a) return null;
  const dayStart = windowStarts(state, now).today;
  const states = entries(a.timeline);
  const timeline = states
    .map((e, i) => ({ ...e, to: states[i + 1]?.from ?? null }))
    .filter((e) => (e.to ?? now) > dayStart && e.from <= now)
    .map((e) => ({ ...e, from: Math.max(e.from, dayStart) }));
  return { agent: view(state, now).agents.find((x) => x.id === agentId)!, timeline };
}

/** The window a fact's instant must fall in, as the view counts it: today's whole day, a rolling window's
 *  [now − length, now]. */
function inWindow(state: EngineState, window: WindowName, now: number): (ts: number) => boolean {
  const starts = windowStarts(state, now);
  if (window === 'today') {
    const end = state.clock.nextDayStart(now);
    return (ts) => ts >= starts.today && ts < end;
  }
  return (ts) => ts >= starts[window] && ts <= now;
}

const FORMULA_TEXT: Record<ExplainedMetric, (sl: SlFormula) => string> = {
  serviceLevel: (f) =>
    ({
      'answered+abandoned': 'answered within T / (answered + abandoned)',
      answered: 'answered within T / answered',
      offered: 'answered within T / (answered + abandoned + short abandons)',
      positive: '(answered within T + abandoned within T) / (answered + abandoned + short abandons)',
      ignoreEarlyAbandons: 'answered within T / (answered + abandoned + short abandons − abandoned within T)',
    })[f],
  asaSec: () => 'total wait of answered calls / answered calls',
  ahtSec: () => 'total talk + hold + wrap-up / handled calls',
  abandonRate: () => 'abandoned / (answered + abandoned); short abandons excluded',
};

/** Lists the calls behind one figure; numerator / denominator is the figure, by the same definitions. */
export function explain(state: EngineState, q: ExplainQuestion, now: number): Explanation | null {
  const queue = q.scope === 'queue' ? state.queues.get(q.id ?? '') : undefined;
  if (q.scope === 'queue' && !queue) return null;
  const formula: SlFormula = queue?.config.serviceLevelFormula ?? 'answered+abandoned';
  const within = inWindow(state, q.window, now);
  const facts = select(state.facts, within).filter((f) => !queue || f.queueId === queue.id);

  const calls: ExplainCall[] = [];
  let numerator = 0;
  let denominator = 0;
  for (const f of facts) {
    const role = roleOf(state, q.metric, formula, f);
    if (role === null) continue;
    calls.push(describe(state, f, role));
    if (q.metric === 'asaSec' || q.metric === 'ahtSec') {
      // Means: the numerator sums the listed calls' seconds.
      numerator += f.kind === 'handled' ? f.talkSec + f.holdSec + f.acwSec : f.waitSec;
      denominator += 1;
    } else {
      if (role === 'numerator') numerator += 1;
      if (role !== 'excluded') denominator += 1;
    }
  }
  return {
    metric: q.metric,
    window: q.window,
    value: m.ratio(numerator, denominator),
    numerator,
    denominator,
    formula: FORMULA_TEXT[q.metric](formula),
    calls,
  };
}

/** null: the fact has nothing to do with the metric and is not listed. */
function roleOf(state: EngineState, metric: ExplainedMetric, formula: SlFormula, f: CallFact): m.SlRole | null {
  if (metric === 'ahtSec') return f.kind === 'handled' ? 'numerator' : null;
  if (f.kind === 'handled') return null;
  const cfg = state.queues.get(f.queueId)!.config;
  switch (metric) {
    case 'asaSec':
      return f.kind === 'answered' ? 'numerator' : null;
    case 'abandonRate':
      if (f.kind === 'answered') return 'denominator';
      return m.isShortAbandon(f.waitSec, cfg.shortAbandonSec) ? 'excluded' : 'numerator';
    case 'serviceLevel':
      return m.slRole(formula, f.kind, f.waitSec, cfg.slThresholdSec, cfg.shortAbandonSec);
  }
}

function describe(state: EngineState, f: CallFact, counts: m.SlRole): ExplainCall {
  if (f.kind === 'handled') {
    return {
      callId: f.callId,
      queueId: f.queueId,
      offeredTs: null,
      answeredTs: f.answeredTs,
      abandonedTs: null,
      waitSec: null,
      withinSl: null,
      shortAbandon: null,
      handleSec: f.talkSec + f.holdSec + f.acwSec,
      counts,
    };
  }
  const cfg = state.queues.get(f.queueId)!.config;
  return {
    callId: f.callId,
    queueId: f.queueId,
    offeredTs: f.waitStartTs,
    answeredTs: f.kind === 'answered' ? f.ts : null,
    abandonedTs: f.kind === 'abandoned' ? f.ts : null,
    waitSec: f.waitSec,
    withinSl: m.withinThreshold(f.waitSec, cfg.slThresholdSec),
    shortAbandon: f.kind === 'abandoned' ? m.isShortAbandon(f.waitSec, cfg.shortAbandonSec) : null,
    handleSec: null,
    counts,
  };
}
