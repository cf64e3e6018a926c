// The supervisor's questions to the server (drill-down, an agent's day, explain-this-number): the answers' shapes.
import type { SlRole } from './metrics.ts';
import type { AgentState, AgentView, IntervalRow, QueueView, WindowName } from './snapshot.ts';

export interface QueueDetail {
  queue: QueueView;
  waiting: { callId: string; position: number; sinceTs: number; callerId: string | null }[];
  callbacks: { callbackId: string; dueTs: number | null }[];
  agents: AgentView[];
  intervals: IntervalRow[];
}

export interface AgentTimeline {
  agent: AgentView;
  timeline: { state: AgentState; reason: string | null; from: number; to: number | null }[];
}

export const EXPLAINED_METRICS = ['serviceLevel', 'asaSec', 'ahtSec', 'abandonRate'] as const;
export type ExplainedMetric = (typeof EXPLAINED_METRICS)[number];

export interface ExplainCall {
  callId: string;
  queueId: string | null;
  offeredTs: number | null;
  answeredTs: number | null;
  abandonedTs: number | null;
  waitSec: number | null;
  withinSl: boolean | null;
  shortAbandon: boolean | null;
  handleSec: number | null;
  counts: SlRole;
}

export interface Explanation {
  metric: ExplainedMetric;
  window: WindowName;
  value: number | null;
  numerator: number;
  denominator: number;
  formula: string;
  calls: ExplainCall[];
  /** Extension (replay): the past moment explained (`GET /api/v1/explain?at=`); absent for the live floor. */
  at?: number;
  replay?: true;
}

export interface ExplainQuestion {
  scope: 'center' | 'queue';
  id?: string;
  window: WindowName;
  metric: ExplainedMetric;
}
