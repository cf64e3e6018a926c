// What the server serves (CONTRACT §4): the snapshot, its parts, and the incremental update.
import type { Alert } from './alerts.ts';
import type { Bulletin } from './bulletins.ts';
import type { AdherenceWindows, AgentAdherence } from './schedules.ts';

import type { AgentState, WindowName } from './vocabulary.ts';

// Re-exported: the snapshot's readers name them from here (their home is shared/vocabulary.ts).
export { AGENT_STATES, WINDOW_NAMES, type AgentState, type WindowName } from './vocabulary.ts';

interface OutboundWindow {
  dialed: number;
  connected: number;
  failed: number;
  connectRate: number | null;
  callsPerAgentHour: number | null;
  talkSec: number;
}

export interface QueueWindow {
  offered: number;
  answered: number;
  answeredWithinSl: number;
  abandoned: number;
  abandonedShort: number;
  serviceLevel: number | null;
  asaSec: number | null;
  abandonRate: number | null;
  maxWaitSec: number | null;
  ahtSec: number | null;
  avgTalkSec: number | null;
  avgHoldSec: number | null;
  avgAcwSec: number | null;
  occupancy: number | null;
  utilization: number | null;
  csat: number | null;
  qa: number | null;
  outbound: OutboundWindow;
}

export interface AgentWindow {
  handled: number;
  /** Extension: offers the agent let ring out unanswered (`agent.missed`). */
  missed: number;
  talkSec: number;
  ahtSec: number | null;
  occupancy: number | null;
  utilization: number | null;
  csat: number | null;
  qa: number | null;
  /** Extension: how many surveys the CSAT averages, and how many scored calls the QA score (leaderboard samples). */
  csatSurveys: number;
  qaScores: number;
  outbound: { dialed: number; connected: number; callsPerAgentHour: number | null };
}

export type Windows<W> = Record<WindowName, W>;

export type AgentCounts = { loggedIn: number } & Record<Exclude<AgentState, 'offline'>, number>;

export interface CenterView {
  waiting: number;
  longestWaitSec: number | null;
  /** Extension: timestamp of the oldest waiting call, so screens can tick the longest wait locally. */
  oldestWaitingTs: number | null;
  agents: AgentCounts;
  windows: Windows<QueueWindow>;
  /** Extension: the centre as one pool — its own traffic, each agent counted once (docs/contract.md). */
  staffing: Staffing;
  /** Extension (schedules): adherence over every scheduled agent. */
  adherence?: AdherenceWindows;
  /** Extension (schedules): agents the schedule has at work now. */
  scheduled?: number;
}

export interface Staffing {
  trafficErlangs: number;
  agentsStaffed: number;
  requiredAgents: number | null;
  projectedServiceLevel: number | null;
}

/**
 * Extension: the now-cast of a queue or a queue group (docs/contract.md, *The now-cast*): the calls waiting now
 * against T, and the service level the running 15-minute interval is heading for.
 */
export interface Nowcast {
  /** Calls waiting now whose wait is over T. */
  breached: number;
  /** Calls waiting now whose wait is in (T − warnSec, T]. */
  breachingSoon: number;
  /** T minus the longest wait not over T, at `asOf`; null when no call waits within T. */
  nextBreachInSec: number | null;
  /** When that breach happens (ms), so screens tick the countdown locally, as `oldestWaitingTs` the longest wait. */
  nextBreachTs: number | null;
  projectedIntervalSl: number | null;
}

export interface QueueView {
  id: string;
  name: string;
  waiting: number;
  longestWaitSec: number | null;
  /** Extension: see CenterView.oldestWaitingTs. */
  oldestWaitingTs: number | null;
  slThresholdSec: number;
  slTarget: number;
  /** Extension: agents logged in to this queue, by state. */
  agents: AgentCounts;
  /** Extension: callbacks requested and not yet completed. */
  callbacksPending: number;
  windows: Windows<QueueWindow>;
  staffing: Staffing;
  /** Extension (schedules): agents the schedule puts to work on this queue now, beside staffed and required. */
  scheduled?: number;
  nowcast: Nowcast;
}

/**
 * Extension: a configured queue group (`queueGroups`) totalled by the engine: each agent once however many of the
 * group's queues it serves, counts summed, ratios recomputed from the summed numerators and denominators.
 */
export interface GroupView {
  id: string;
  name: string;
  queues: string[];
  waiting: number;
  longestWaitSec: number | null;
  oldestWaitingTs: number | null;
  agents: AgentCounts;
  windows: Windows<QueueWindow>;
  nowcast: Nowcast;
}

export interface AgentView {
  id: string;
  name: string;
  teamId: string | null;
  state: AgentState;
  reason: string | null;
  sinceTs: number;
  callId: string | null;
  queueId: string | null;
  /** Extension: the queues this agent is logged in to. */
  queues: string[];
  windows: Windows<AgentWindow>;
  /** Extension (schedules): the activity scheduled now and adherence; null without a schedule around now. */
  adherence?: AgentAdherence | null;
}

/** Extension: teams aggregate their agents' windows. */
export interface TeamView {
  id: string;
  name: string;
  agents: AgentCounts;
  windows: Windows<AgentWindow>;
  /** Extension (schedules): adherence over the team's scheduled agents. */
  adherence?: AdherenceWindows;
}

/** Extension: a `system.fault` that is open now. */
export interface FaultView {
  id: string;
  component: string;
  severity: 'minor' | 'major' | 'critical';
  message: string | null;
  sinceTs: number;
}

/** Extension: one 15-minute interval of today (intervals start at local midnight). */
export interface IntervalRow {
  start: number;
  offered: number;
  answered: number;
  answeredWithinSl: number;
  abandoned: number;
  abandonedShort: number;
  serviceLevel: number | null;
  asaSec: number | null;
  abandonRate: number | null;
  /** Most calls seen waiting at once in the interval (at events; the running interval includes now). */
  peakWaiting: number;
}

/** Extension: today's intervals of the centre (`id: 'center'`) or of one queue. */
export interface IntervalSeries {
  id: string;
  rows: IntervalRow[];
}

/** Extension: why the numbers are not current (the feed is cut off); screens show it as stale. */
export interface StaleInfo {
  since: number;
  reason: string;
}

export interface Snapshot {
  asOf: number;
  cursor: string;
  /** Extension: null while the feed is live. */
  stale: StaleInfo | null;
  /** Extension: the centre's IANA time zone ("today" and intervals are local to it). */
  timezone: string;
  center: CenterView;
  queues: QueueView[];
  agents: AgentView[];
  teams: TeamView[];
  /** Extension: the configured queue groups' totals. */
  groups: GroupView[];
  faults: FaultView[];
  intervals: IntervalSeries[];
  /** Extension: the bulletins (公告牌) in force that the caller may see. */
  bulletins: Bulletin[];
  alerts: Alert[];
  /** Extension (two lanes, shared/patch.ts): on the snapshot a two-lane client starts from, the `seq` of the last
   *  patch it includes. A live snapshot without it (after a replay) is not the lanes' baseline: the client asks
   *  `resync` for one. */
  seq?: number;
  /** Extension (§9): true on a snapshot of the past (`?at=`, a socket in replay); absent on the live floor's. */
  replay?: true;
}

export interface Update {
  asOf: number;
  cursor: string;
  /** Extension: present in every update; null while the feed is live. */
  stale?: StaleInfo | null;
  center?: CenterView;
  queues?: QueueView[];
  agents?: AgentView[];
  teams?: TeamView[];
  /** The whole list of queue groups, in every update (there are few, and their waits move with each call). */
  groups?: GroupView[];
  /** When present, the complete list of open faults (it replaces the previous list). */
  faults?: FaultView[];
  /** Interval rows that changed, merged into the snapshot's by series `id` and row `start`. */
  intervals?: IntervalSeries[];
  /** When present, the complete list of bulletins in force (it replaces the previous list). */
  bulletins?: Bulletin[];
  /** Alerts that changed or are active; a resolved one comes once with state 'resolved'. */
  alerts?: Alert[];
}

export interface Health {
  status: 'ok' | 'degraded';
  redis: 'up' | 'down';
  lagMs: number | null;
  dead: number;
  /** Extension: why the status is not ok. */
  reasons?: string[];
  folded?: number;
  duplicates?: number;
  anomalies?: number;
}
