// The engine's state: everything the fold of the stream has learned. Plain data, so it can be checkpointed.
import { defaultQueueConfig, type Config, type QueueConfig, type QueueGroupConfig } from '../../shared/config.ts';
import type { AgentState } from '../../shared/snapshot.ts';
import { DayClock } from '../../shared/time.ts';
import { newAgentLog, type AgentLog } from './agent-log.ts';
import { newDedup, type Dedup } from './dedup.ts';
import { newEdgeLog, type EdgeLog } from './edge.ts';
import { newFacts, type Facts } from './facts.ts';
import { newSeries, type Series } from './series.ts';
import { newTimeline, type Timeline } from './timeline.ts';

type Direction = 'inbound' | 'outbound';

export interface CallRec {
  id: string;
  direction: Direction;
  /** The queue it waits in or was answered from; for outbound, the campaign (may be null). */
  queueId: string | null;
  phase: 'waiting' | 'dialing' | 'talking' | 'hold';
  /** When the current wait began (offer or transfer), or when dialing began. */
  startTs: number;
  agentId: string | null;
  answeredTs: number | null;
  holdMs: number;
  holdSince: number | null;
  callerId: string | null;
}

/** A finished talk leg waiting for its wrap-up to end. */
interface AcwLeg {
  callId: string;
  queueId: string | null;
  answeredTs: number;
  talkMs: number;
  holdMs: number;
  endedTs: number;
}

export interface AgentRec {
  id: string;
  name: string;
  teamId: string | null;
  queues: string[];
  state: AgentState;
  reason: string | null;
  /** When the current state began (what screens tick from). */
  sinceTs: number;
  /** Up to when the current state's time has been credited to the series. */
  creditedTs: number;
  callId: string | null;
  direction: Direction | null;
  /** The state asked for while busy; applied when the agent is free again. */
  pending: { state: 'available' | 'aux'; reason: string | null } | null;
  /** The state to return to when a dial fails. */
  beforeDial: { state: 'available' | 'aux'; reason: string | null } | null;
  acw: AcwLeg | null;
  /** Today's (and yesterday's) states: what the supervisor's timeline draws and the agent's state time. */
  timeline: Timeline;
  /** The agent's own call counts; its time in state comes from the timeline. */
  log: AgentLog;
  version: number;
}

export interface QueueRec {
  id: string;
  config: QueueConfig;
  /** callId → when it began waiting here */
  waiting: Map<string, number>;
  callbacks: Map<string, number | null>;
  series: Series;
  version: number;
}

export interface TeamRec {
  id: string;
  name: string;
  series: Series;
  version: number;
}

interface FaultRec {
  id: string;
  component: string;
  severity: 'minor' | 'major' | 'critical';
  message: string | null;
  sinceTs: number;
}

export interface EngineStats {
  folded: number;
  duplicates: number;
  anomalies: number;
}

export interface EngineState {
  timezone: string;
  clock: DayClock;
  queues: Map<string, QueueRec>;
  agents: Map<string, AgentRec>;
  teams: Map<string, TeamRec>;
  /** The configured queue groups (config, not folded: applyConfig sets them on every start). */
  groups: QueueGroupConfig[];
  calls: Map<string, CallRec>;
  /** Who took recently finished calls, so late surveys and QA scores find their agent and queue. */
  finished: Map<string, { agentId: string | null; queueId: string | null }>;
  faults: Map<string, FaultRec>;
  /** Recently closed faults, oldest first (the history writer records when each closed). */
  closedFaults: (FaultRec & { closedTs: number })[];
  /** The facts behind today's queue statistics (and the last hour of yesterday's), in fold order. */
  facts: Facts;
  center: { series: Series };
  /** The last hour's counts with their instants, for the minutes a rolling window cuts (edge.ts). */
  edge: EdgeLog;
  dedup: Dedup;
  stats: EngineStats;
  /** Stream id of the last entry processed (folded, repeated or dead-lettered). */
  cursor: string;
  /** Latest event time folded. */
  lastEventTs: number;
  /** Bumped on every fold, so observers can tell that something changed. */
  version: number;
}

export const FINISHED_KEPT = 50_000;
/** Closed faults kept for the history writer (a few are closed a day). */
export const CLOSED_FAULTS_KEPT = 1_000;
/** A team's 15-minute tallies kept: two hours, enough for the history writer; older ones are refolded if needed. */
const TEAM_INTERVALS_KEPT = 8;

export function createState(config: Config): EngineState {
  const state: EngineState = {
    timezone: config.timezone,
    clock: new DayClock(config.timezone),
    queues: new Map(),
    agents: new Map(),
    teams: new Map(),
    groups: [],
    calls: new Map(),
    finished: new Map(),
    faults: new Map(),
    closedFaults: [],
    facts: newFacts(),
    center: { series: newSeries(true) },
    edge: newEdgeLog(),
    dedup: newDedup(),
    stats: { folded: 0, duplicates: 0, anomalies: 0 },
    cursor: '0-0',
    lastEventTs: 0,
    version: 0,
  };
  applyConfig(state, config);
  return state;
}

/** Configured queues and teams exist from the start, in config order; settings come from the config. */
export function applyConfig(state: EngineState, config: Config): void {
  for (const q of config.queues) {
    const rec = queue(state, q.id);
    rec.config = q;
  }
  for (const t of config.teams) team(state, t.id).name = t.name ?? t.id;
  state.groups = config.queueGroups;
}

export function queue(state: EngineState, id: string): QueueRec {
  let q = state.queues.get(id);
  if (!q) {
    q = {
      id,
      config: defaultQueueConfig(id),
      waiting: new Map(),
      callbacks: new Map(),
      series: newSeries(true),
      version: 0,
    };
    state.queues.set(id, q);
  }
  return q;
}

export function team(state: EngineState, id: string): TeamRec {
  let t = state.teams.get(id);
  if (!t) {
    t = { id, name: id, series: newSeries(true, TEAM_INTERVALS_KEPT), version: 0 };
    state.teams.set(id, t);
  }
  return t;
}

export function agent(state: EngineState, id: string, ts: number): AgentRec {
  let a = state.agents.get(id);
  if (!a) {
    a = {
      id,
      name: id,
      teamId: null,
      queues: [],
      state: 'offline',
      reason: null,
      sinceTs: ts,
      creditedTs: ts,
      callId: null,
      direction: null,
      pending: null,
      beforeDial: null,
      acw: null,
      timeline: newTimeline(),
      log: newAgentLog(),
      version: 0,
    };
    state.agents.set(id, a);
  }
  return a;
}
