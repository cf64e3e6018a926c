// Schedules over REST (issue 17): an admin imports a CSV file (`{ "csv": "…" }`, JSON like every signed-in write);
// admins and supervisors read a local date's schedule back, as JSON or in the import's own CSV format, and the
// attendance report of today or an archived past day. Supervisors see the agents of their scope, as live.
import express, { type Request, type Response, type Router } from 'express';
import type { AuditLog } from '../audit.ts';
import { actorOf, type Principals } from '../auth/principals.ts';
import { agentVisible, type AgentOf } from '../auth/scope.ts';
import { REPORT_FORMATS, type ReportFormat } from '../../shared/history.ts';
import type { Config } from '../../shared/config.ts';
import { localWall } from '../../shared/time.ts';
import type { EngineState } from '../engine/index.ts';
import type { SeekWorker } from '../replay/seek-worker.ts';
import { attendanceReport } from '../schedules/attendance-report.ts';
import type { AttendanceDays } from '../schedules/attendance-days.ts';
import type { ScheduleCache } from '../schedules/cache.ts';
import { scheduleCsv } from '../schedules/csv.ts';
import { describeIssues, importSchedule } from '../schedules/import.ts';
import type { ScheduleStore } from '../schedules/store.ts';
import { allow, authenticate } from './authenticate.ts';
import { bodyErrors, jsonBody } from './body.ts';
import { send } from './reports.ts';

export interface ScheduleRoutesDeps {
  principals: Principals;
  store: ScheduleStore;
  cache: ScheduleCache;
  config: Config;
  /** The live engine: today's attendance. */
  state: () => EngineState;
  /** A past day's attendance, from the event archive (in the seek thread). */
  seeks: Pick<SeekWorker, 'attendance'>;
  /** The report API's attendance by day: an import changes the dates it names. */
  attendanceDays: AttendanceDays;
  audit: AuditLog;
  agentOf: AgentOf;
}

const PATH = '/api/v1/schedules';
/** A month of a large floor's activities fits (about 40 bytes a line). */
const IMPORT_LIMIT = '16mb';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function schedulesRouter(d: ScheduleRoutesDeps): Router {
  const router = express.Router();
  router.use(PATH, authenticate(d.principals));

  router.post(PATH, allow('admin'), jsonBody(IMPORT_LIMIT), async (req: Request, res: Response) => {
    const csv = (req.body as { csv?: unknown } | undefined)?.csv;
    if (typeof csv !== 'string') return void res.status(400).json({ error: 'the body must be { "csv": "<file>" }' });
    const outcome = await importSchedule(d.store, csv, d.config.timezone);
    if (!outcome.ok) {
      return void res
        .status(400)
        .json({ error: `schedule refused:\n${describeIssues(outcome.issues.slice(0, 20))}`, issues: outcome.issues });
    }
    await d.cache.reload();
    d.attendanceDays.forget(outcome.dates);
    await d.audit.record(actorOf(req.principal!), 'schedule.import', {
      imported: outcome.imported,
      agents: outcome.agents,
      dates: outcome.dates,
    });
    res.json(outcome);
  });

  router.get(PATH, allow('admin', 'supervisor'), async (req: Request, res: Response) => {
    const date = req.query.date;
    if (typeof date !== 'string' || !DATE.test(date))
      return void res.status(400).json({ error: 'date must be a local date (YYYY-MM-DD)', parameter: 'date' });
    const format = req.query.format ?? 'json';
    if (format !== 'json' && format !== 'csv')
      return void res.status(400).json({ error: 'format must be one of json, csv', parameter: 'format' });
    const p = req.principal!;
    const activities = (await d.store.ofDate(date)).filter((a) => agentVisible(p, a.agentId, d.agentOf(a.agentId)));
    res.set('Cache-Control', 'no-store');
    if (format === 'json') return void res.json({ timezone: d.config.timezone, date, activities });
    res
      .type('text/csv; charset=utf-8')
      .attachment(`schedule-${date}.csv`)
      .send(scheduleCsv(activities, d.config.timezone));
  });

  // Attendance per agent or team for today so far or a past day in the event archive (docs/contract.md,
  // "Attendance"); admins, supervisors (their agents), agents (their own row).
  router.get(
    '/api/v1/reports/attendance',
    authenticate(d.principals),
    allow('admin', 'supervisor', 'agent'),
    async (req, res, next) => {
      const now = Date.now();
      const today = localWall(now, d.config.timezone).date;
      const date = req.query.date ?? today;
      if (typeof date !== 'string' || !DATE.test(date))
        return void res.status(400).json({ error: 'date must be a local date (YYYY-MM-DD)', parameter: 'date' });
      const scope = req.query.scope ?? 'agent';
      if (scope !== 'agent' && scope !== 'team')
        return void res.status(400).json({ error: 'scope must be one of agent, team', parameter: 'scope' });
      const format = (req.query.format ?? 'json') as ReportFormat;
      if (!REPORT_FORMATS.includes(format))
        return void res
          .status(400)
          .json({ error: `format must be one of ${REPORT_FORMATS.join(', ')}`, parameter: 'format' });
      const p = req.principal!;
      if (p.role === 'agent' && scope === 'team') return void res.status(403).json({ error: 'forbidden: scope team' });
      try {
        const report =
          date === today
            ? await attendanceReport(d.store, d.state(), d.config.schedules, date, now, (id) =>
                agentVisible(p, id, d.agentOf(id)),
              )
            : await d.seeks.attendance(date, now, p);
        if ('holds' in report) {
          const holds = report.holds ? `${report.holds.from} to ${report.holds.to}` : 'no past day yet';
          return void res.status(400).json({
            error: `attendance for ${date}: not in the event archive (it holds ${holds}; today is ${today})`,
            parameter: 'date',
          });
        }
        const rows = scope === 'agent' ? report.agents : report.teams;
        await send(
          res,
          format,
          `attendance-${scope}-${date}`,
          { timezone: d.config.timezone, date, scope, rows },
          rows,
          d.config.timezone,
          [],
        );
      } catch (err) {
        next(err);
      }
    },
  );

  router.use(PATH, bodyErrors);
  return router;
}
