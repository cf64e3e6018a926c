// The columns of the manual's report tables (5.5) over the report API's rows: what each shows, how it is written,
// how its change from the compared period reads, and which calls a click on it lists.
import type { ThresholdMetric } from '../../../shared/boards.ts';
import type { AgentReportRow, QueueReportRow } from '../../../shared/history.ts';
import { ratio } from '../../../shared/metrics.ts';
import type { Fmt } from '../console/fmt.ts';
import type { ReportMessages } from './report-messages.ts';

export type Kind = 'count' | 'pct' | 'dur' | 'dec' | 'money';

export interface Column<R> {
  key: string;
  label: string;
  kind: Kind;
  value: (r: R) => number | null;
  /** The one judge's metric colouring the figure. */
  metric?: ThresholdMetric;
  /** A click lists these calls: the calls API's outcome, every inbound leg, or every leg. */
  drill?: 'answered' | 'abandoned' | 'inbound' | 'all';
}

export function show(fmt: Fmt, kind: Kind, v: number | null): string {
  switch (kind) {
    case 'count':
      return fmt.num(v);
    case 'pct':
      return fmt.pct(v, 1);
    case 'dur':
      return fmt.dur(v === null ? null : Math.round(v));
    case 'dec':
      return fmt.num(v, 2);
    case 'money':
      return fmt.num(v, 2);
  }
}

/** A change: signed, percentages in points. */
export function showDelta(fmt: Fmt, kind: Kind, d: number | null): string {
  if (d === null) return '';
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  const abs = Math.abs(d);
  if (kind === 'pct') return `${sign}${fmt.num(abs * 100, 1)} pt`;
  return `${sign}${show(fmt, kind, abs)}`;
}

export function trafficColumns(m: ReportMessages): Column<QueueReportRow>[] {
  const c = m.cols;
  return [
    { key: 'offered', label: c.offered, kind: 'count', value: (r) => r.offered, drill: 'inbound' },
    { key: 'answered', label: c.answered, kind: 'count', value: (r) => r.answered, drill: 'answered' },
    { key: 'abandoned', label: c.abandoned, kind: 'count', value: (r) => r.abandoned, drill: 'abandoned' },
    { key: 'abandonedShort', label: c.abandonedShort, kind: 'count', value: (r) => r.abandonedShort },
    { key: 'maxWaitSec', label: c.maxWaitSec, kind: 'dur', value: (r) => r.maxWaitSec },
    { key: 'peakWaiting', label: c.peakWaiting, kind: 'count', value: (r) => r.peakWaiting },
    { key: 'dialed', label: c.dialed, kind: 'count', value: (r) => r.outbound.dialed },
  ];
}

export function serviceColumns(m: ReportMessages): Column<QueueReportRow>[] {
  const c = m.cols;
  return [
    { key: 'serviceLevel', label: c.serviceLevel, kind: 'pct', value: (r) => r.serviceLevel, metric: 'serviceLevel' },
    { key: 'answerRate', label: c.answerRate, kind: 'pct', value: (r) => ratio(r.answered, r.offered) },
    { key: 'abandonRate', label: c.abandonRate, kind: 'pct', value: (r) => r.abandonRate, metric: 'abandonRate' },
    { key: 'asaSec', label: c.asaSec, kind: 'dur', value: (r) => r.asaSec, metric: 'asaSec' },
    { key: 'ahtSec', label: c.ahtSec, kind: 'dur', value: (r) => r.ahtSec },
    { key: 'occupancy', label: c.occupancy, kind: 'pct', value: (r) => r.occupancy, metric: 'occupancy' },
    { key: 'utilization', label: c.utilization, kind: 'pct', value: (r) => r.utilization },
    { key: 'csat', label: c.csat, kind: 'dec', value: (r) => r.csat, metric: 'csat' },
    { key: 'qa', label: c.qa, kind: 'dec', value: (r) => r.qa, metric: 'qa' },
    { key: 'seatUtilization', label: c.seatUtilization, kind: 'pct', value: (r) => r.seatUtilization },
    { key: 'costPerCall', label: c.costPerCall, kind: 'money', value: (r) => r.costPerCall },
  ];
}

export function workloadColumns(m: ReportMessages): Column<AgentReportRow>[] {
  const c = m.cols;
  return [
    { key: 'handled', label: c.handled, kind: 'count', value: (r) => r.handled, drill: 'all' },
    { key: 'missed', label: c.missed, kind: 'count', value: (r) => r.missed },
    { key: 'loginSec', label: c.loginSec, kind: 'dur', value: (r) => r.loginSec },
    { key: 'talkSec', label: c.talkSec, kind: 'dur', value: (r) => r.talkSec },
    { key: 'dailyTalkSec', label: c.dailyTalkSec, kind: 'dur', value: (r) => r.dailyTalkSec },
    { key: 'ahtSec', label: c.ahtSec, kind: 'dur', value: (r) => r.ahtSec },
    { key: 'auxSec', label: c.auxSec, kind: 'dur', value: (r) => r.auxSec },
    { key: 'occupancy', label: c.occupancy, kind: 'pct', value: (r) => r.occupancy, metric: 'occupancy' },
    { key: 'productivity', label: c.productivity, kind: 'dec', value: (r) => r.productivity },
    { key: 'callsPerAgentHour', label: c.callsPerAgentHour, kind: 'dec', value: (r) => r.outbound.callsPerAgentHour },
    { key: 'csat', label: c.csat, kind: 'dec', value: (r) => r.csat, metric: 'csat' },
    // Attendance against the schedule (the report API's `attendance`, day, week and month rows).
    { key: 'lateLogins', label: c.lateLogins, kind: 'count', value: (r) => r.attendance?.lateLogins ?? null },
    { key: 'earlyLogouts', label: c.earlyLogouts, kind: 'count', value: (r) => r.attendance?.earlyLogouts ?? null },
    { key: 'absentDays', label: c.absentDays, kind: 'count', value: (r) => r.attendance?.absentDays ?? null },
    { key: 'attendanceRate', label: c.attendanceRate, kind: 'pct', value: (r) => r.attendance?.attendanceRate ?? null },
  ];
}
