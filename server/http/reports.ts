// The report API (CONTRACT §6): interval rows for any scope and period, the calls behind them, as JSON, CSV or
// XLSX. Scoped like the live picture: supervisors their teams and queues, agents their own rows, displays the
// centre's and the queues' interval rows only (a wall's Trends page compares today with last week).
import express, { type Request, type Response, type Router } from 'express';
import type { Config } from '../../shared/config.ts';
import {
  CALL_OUTCOMES,
  REPORT_FORMATS,
  REPORT_SCOPES,
  REPORT_STEPS,
  type ReportFormat,
  type ReportScope,
  type ReportStep,
} from '../../shared/history.ts';
import type { Principal, Principals } from '../auth/principals.ts';
import { agentVisible, queueVisible, teamVisible, type AgentOf } from '../auth/scope.ts';
import { toCsv, toXlsx } from '../history/export.ts';
import { ReportTooLarge, blankAgentRow, intervalReport, type ReportQuery } from '../history/report.ts';
import type { HistoryStore } from '../history/store.ts';
import type { LiveModel } from '../live.ts';
import type { AttendanceDays } from '../schedules/attendance-days.ts';
import { allow, authenticate } from './authenticate.ts';

export interface ReportsDeps {
  live: LiveModel;
  store: HistoryStore;
  config: Config;
  /** The agent rows' attendance (day, week and month steps). */
  attendance: AttendanceDays;
}

/** Steps whose rows are whole local days: attendance is a figure of days. */
const DAILY_STEPS: readonly ReportStep[] = ['day', 'week', 'month'];

class BadParameter extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

type Query = Request['query'];

function str(q: Query, name: string): string | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new BadParameter(name, `${name} must be given once`);
  return v;
}

/** ms since the epoch, or an ISO 8601 time with a zone (Z or ±hh:mm). */
function parseTime(name: string, v: string | undefined): number {
  if (v === undefined) throw new BadParameter(name, `${name} is required (ms since the epoch or ISO 8601)`);
  if (/^\d+$/.test(v)) return Number(v);
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(v) && Number.isFinite(Date.parse(v))) return Date.parse(v);
  throw new BadParameter(name, `${name} must be ms since the epoch or an ISO 8601 time with a zone, not "${v}"`);
}

function oneOf<T extends string>(q: Query, name: string, allowed: readonly T[], fallback: T): T {
  const v = str(q, name) ?? fallback;
  if (!(allowed as readonly string[]).includes(v))
    throw new BadParameter(name, `${name} must be one of ${allowed.join(', ')}, not "${v}"`);
  return v as T;
}

function period(q: Query): { from: number; to: number } {
  const from = parseTime('from', str(q, 'from'));
  const to = parseTime('to', str(q, 'to'));
  if (!(to > from)) throw new BadParameter('to', 'to must be after from');
  return { from, to };
}

/** Who the caller may see in a scope; null: not that scope at all. */
function visibility(p: Principal, scope: ReportScope, agentOf: AgentOf): ((id: string) => boolean) | null {
  if (p.role === 'agent') return scope === 'agent' ? (id) => id === p.agentId : null;
  // A wall's Trends page draws last week's centre and queue intervals beside today's: aggregates that name no
  // agent, as the live picture a display sees. Teams' and agents' rows stay closed to displays.
  if (p.role === 'display') return scope === 'center' || scope === 'queue' ? () => true : null;
  switch (scope) {
    case 'center':
      // The centre's figures span every queue: a supervisor limited to some queues does not get them.
      return p.role === 'supervisor' && p.queues ? null : () => true;
    case 'queue':
      return (id) => queueVisible(p, id);
    case 'team':
      return (id) => teamVisible(p, id, agentOf);
    case 'agent':
      return (id) => agentVisible(p, id, agentOf(id));
  }
}

export async function send(
  res: Response,
  format: ReportFormat,
  name: string,
  json: object,
  rows: object[],
  timezone: string,
  times?: string[],
): Promise<void> {
  res.set('Cache-Control', 'no-store');
  if (format === 'json') return void res.json(json);
  if (format === 'csv')
    return void res
      .type('text/csv; charset=utf-8')
      .attachment(`${name}.csv`)
      .send(toCsv(rows, timezone, times));
  res
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .attachment(`${name}.xlsx`)
    .send(await toXlsx(rows, timezone, name, times));
}

export function reportsRouter(principals: Principals, deps: ReportsDeps): Router {
  const router = express.Router();
  const auth = authenticate(principals);
  const agentOf: AgentOf = (agentId) => deps.live.state.agents.get(agentId);
  const readers = allow('admin', 'supervisor', 'agent');

  const handle =
    (work: (req: Request, res: Response) => Promise<void>) =>
    (req: Request, res: Response, next: (err?: unknown) => void) =>
      work(req, res).catch((err: unknown) => {
        if (err instanceof BadParameter)
          return void res.status(400).json({ error: err.message, parameter: err.parameter });
        if (err instanceof ReportTooLarge) return void res.status(400).json({ error: err.message, parameter: 'step' });
        next(err);
      });

  router.get(
    '/api/v1/reports/intervals',
    auth,
    allow('admin', 'supervisor', 'agent', 'display'),
    handle(async (req, res) => {
      const q = req.query;
      const scope = oneOf(q, 'scope', REPORT_SCOPES, 'center');
      const step = oneOf(q, 'step', REPORT_STEPS, '15m');
      const format = oneOf(q, 'format', REPORT_FORMATS, 'json');
      const idsText = str(q, 'ids');
      const ids = idsText === undefined ? null : idsText.split(',').map((s) => s.trim());
      if (ids?.some((id) => id === '')) throw new BadParameter('ids', 'ids must be a comma-separated list of ids');
      const { from, to } = period(q);
      const visible = visibility(req.principal!, scope, agentOf);
      if (!visible) return void res.status(403).json({ error: `forbidden: scope ${scope}` });
      const hidden = ids?.find((id) => !visible(id));
      if (hidden !== undefined) return void res.status(403).json({ error: `forbidden: ${scope} "${hidden}"` });
      const query: ReportQuery = { scope, ids, from, to, step };
      const now = Date.now();
      const report = await intervalReport(deps.store, deps.live.state, deps.config, query, now, visible);
      if (scope === 'agent' && DAILY_STEPS.includes(step)) {
        await deps.attendance.addTo(
          report,
          now,
          (id) => visible(id) && (!ids || ids.includes(id)),
          (id, name, start, end) => blankAgentRow(id, name, start, end, now, deps.live.state, deps.config, step),
        );
      }
      await send(res, format, `intervals-${scope}-${step}`, report, report.rows, report.timezone);
    }),
  );

  router.get(
    '/api/v1/reports/calls',
    auth,
    readers,
    handle(async (req, res) => {
      const q = req.query;
      const format = oneOf(q, 'format', REPORT_FORMATS, 'json');
      const queue = str(q, 'queue') ?? null;
      const outcome = str(q, 'outcome') ?? null;
      const agent = str(q, 'agent') ?? null;
      if (outcome !== null && !(CALL_OUTCOMES as readonly string[]).includes(outcome)) {
        throw new BadParameter('outcome', `outcome must be one of ${CALL_OUTCOMES.join(', ')}, not "${outcome}"`);
      }
      const { from, to } = period(q);
      const p = req.principal!;
      if (queue !== null && !queueVisible(p, queue))
        return void res.status(403).json({ error: `forbidden: queue "${queue}"` });
      if (agent !== null && !agentVisible(p, agent, agentOf(agent)))
        return void res.status(403).json({ error: `forbidden: agent "${agent}"` });
      const calls = (await deps.store.calls(from, to, queue, outcome, agent)).filter((c) =>
        p.role === 'agent'
          ? c.agentId === p.agentId
          : (c.queueId === null || queueVisible(p, c.queueId)) &&
            (p.role !== 'supervisor' ||
              !p.teams ||
              (c.agentId !== null && agentVisible(p, c.agentId, agentOf(c.agentId)))),
      );
      const timezone = deps.live.state.timezone;
      await send(res, format, 'calls', { timezone, from, to, calls }, calls, timezone, [
        'offeredTs',
        'answeredTs',
        'endedTs',
        'wrapupTs',
        'closedTs',
      ]);
    }),
  );

  router.get(
    '/api/v1/reports/faults',
    auth,
    readers,
    handle(async (req, res) => {
      const format = oneOf(req.query, 'format', REPORT_FORMATS, 'json');
      const { from, to } = period(req.query);
      const faults = await deps.store.faults(from, to);
      const timezone = deps.live.state.timezone;
      await send(res, format, 'faults', { timezone, from, to, faults }, faults, timezone, ['openedTs', 'closedTs']);
    }),
  );

  return router;
}
