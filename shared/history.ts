// History and reports (CONTRACT §6): the rows the report API serves, shared by the server and the console.
import type { AgentWindow, QueueWindow } from './snapshot.ts';

export const REPORT_SCOPES = ['center', 'queue', 'team', 'agent'] as const;
export type ReportScope = (typeof REPORT_SCOPES)[number];

export const REPORT_STEPS = ['15m', '30m', '60m', 'day', 'week', 'month'] as const;
export type ReportStep = (typeof REPORT_STEPS)[number];

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Time by state of a team or agent row, seconds. */
interface StateSeconds {
  loginSec: number;
  availableSec: number;
  talkingSec: number;
  holdSec: number;
  acwSec: number;
  dialingSec: number;
  auxSec: number;
  auxByReason: Record<string, number>;
}

/** The manual's 5.4 figures that need a period or the centre's configuration (docs/contract.md §6). */
interface DerivedFigures {
  /** handled ÷ logged-in agent-hours */
  productivity: number | null;
  /** talk seconds per local day of the row (day, week and month steps; null for shorter ones) */
  dailyTalkSec: number | null;
  /** logged-in agent-hours ÷ (center.seats × hours of the row); centre rows only */
  seatUtilization: number | null;
  /** center.costPerAgentHour × logged-in agent-hours ÷ handled */
  costPerCall: number | null;
}

interface RowKey {
  scope: ReportScope;
  id: string;
  name: string;
  start: number;
  end: number;
  /** false for the interval running now (computed live) */
  complete: boolean;
}

export type QueueReportRow = RowKey & QueueWindow & { peakWaiting: number } & DerivedFigures;
/**
 * An agent's attendance over a row's local days, from the schedule (docs/contract.md §6): agent rows of `day`,
 * `week` and `month` steps. The days counted are those whose attendance is known (today so far from the live
 * engine, a past day from the event archive) and on which the agent had activities scheduled; every figure is null
 * when there is none.
 */
export interface RowAttendance {
  days: number;
  scheduledSec: number | null;
  loggedInScheduledSec: number | null;
  lateLogins: number | null;
  lateSec: number | null;
  earlyLogouts: number | null;
  earlySec: number | null;
  /** Days of scheduled time with none of it logged in. */
  absentDays: number | null;
  /** loggedInScheduledSec ÷ scheduledSec */
  attendanceRate: number | null;
}

export type AgentReportRow = RowKey &
  AgentWindow &
  StateSeconds &
  DerivedFigures & {
    /** Agent rows of day, week and month steps only. */
    attendance?: RowAttendance;
  };
export type ReportRow = QueueReportRow | AgentReportRow;

export interface IntervalReport {
  timezone: string;
  from: number;
  to: number;
  step: ReportStep;
  rows: ReportRow[];
}

export const CALL_OUTCOMES = ['answered', 'abandoned', 'abandonedShort', 'transferred', 'outbound'] as const;
type CallOutcome = (typeof CALL_OUTCOMES)[number];

export interface CallRecord {
  callId: string;
  /** when the leg was over (end of wrap-up, or abandon): with callId, the record's key */
  closedTs: number;
  direction: 'inbound' | 'outbound';
  queueId: string | null;
  agentId: string | null;
  offeredTs: number | null;
  answeredTs: number | null;
  endedTs: number | null;
  wrapupTs: number | null;
  waitSec: number | null;
  talkSec: number | null;
  holdSec: number | null;
  acwSec: number | null;
  outcome: CallOutcome;
  disposition: string | null;
  survey: number | null;
  qa: number | null;
}

export interface FaultRecord {
  faultId: string;
  component: string;
  severity: 'minor' | 'major' | 'critical';
  message: string | null;
  openedTs: number;
  closedTs: number | null;
  /** closed − opened, seconds; null while open */
  durationSec: number | null;
}
