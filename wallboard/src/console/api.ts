// The console's REST client: same-origin fetch with the session cookie, or a bearer token when the page was
// opened with ?token=. Every failure becomes an ApiError carrying the server's own message.
import type {
  Alert,
  AlertChange,
  AgentTimeline,
  Bulletin,
  BulletinInput,
  Explanation,
  ExplainQuery,
  Me,
  QueueDetail,
  Rule,
  RuleSet,
} from './types.ts';
import type { ActionOptions, ActionRequest, ActionStatus } from '../../../shared/actions.ts';
import type { AuditRecord } from '../../../shared/audit.ts';
import type { ScheduledActivity } from '../../../shared/schedules.ts';
import type { IntervalReport } from '../../../shared/history.ts';
import type { BoardEntry, BoardRemoval } from '../../../shared/board-edit.ts';

const BASE = '/api/v1';

type ReportPath = 'intervals' | 'calls' | 'faults';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The field a 400 names (board edits: `pages.0.kind`), when the server names one. */
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export class Api {
  /** token: a bearer token from the address; null to rely on the session cookie. */
  constructor(readonly token: string | null) {}

  async #request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    // Every write declares JSON, body or not: the server refuses signed-in writes that do not (CSRF, docs/security.md).
    if (method !== 'GET') headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(BASE + path, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      throw new ApiError(0, `cannot reach the server (${(err as Error).message})`);
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // A proxy's HTML error page: fall through to the status line.
    }
    if (!res.ok) {
      const { error: reason, field } = (json ?? {}) as { error?: unknown; field?: unknown };
      throw new ApiError(
        res.status,
        typeof reason === 'string' ? reason : `${res.status} ${res.statusText}`,
        typeof field === 'string' ? field : null,
      );
    }
    return json as T;
  }

  login(username: string, password: string): Promise<{ user: Me }> {
    return this.#request('POST', '/login', { username, password });
  }
  logout(): Promise<void> {
    return this.#request('POST', '/logout');
  }
  me(): Promise<Me> {
    return this.#request('GET', '/me');
  }

  queueDetail(queueId: string): Promise<QueueDetail> {
    return this.#request('GET', `/queues/${encodeURIComponent(queueId)}/detail`);
  }
  agentTimeline(agentId: string): Promise<AgentTimeline> {
    return this.#request('GET', `/agents/${encodeURIComponent(agentId)}/timeline`);
  }
  /** Supervisor actions through the PBX (CONTRACT §7). */
  actionOptions(agentId: string): Promise<ActionOptions> {
    return this.#request('GET', `/actions/options?agentId=${encodeURIComponent(agentId)}`);
  }
  postAction(body: ActionRequest): Promise<{ id: string }> {
    return this.#request('POST', '/actions', body);
  }
  actionStatus(id: string): Promise<ActionStatus> {
    return this.#request('GET', `/actions/${encodeURIComponent(id)}`);
  }
  /** A local date's schedule (issue 17), for the console's chart. */
  schedule(date: string): Promise<{ timezone: string; date: string; activities: ScheduledActivity[] }> {
    return this.#request('GET', `/schedules?date=${encodeURIComponent(date)}`);
  }
  /** A report (CONTRACT §6) as JSON: `reports/intervals`, `reports/calls` or `reports/faults` with its query. */
  report<T>(path: ReportPath, params: URLSearchParams): Promise<T> {
    return this.#request('GET', `/reports/${path}?${params}`);
  }
  /** The same report as a file (format=csv|xlsx), with the name the server gives it. */
  async reportFile(path: ReportPath, params: URLSearchParams): Promise<{ blob: Blob; name: string }> {
    const headers: Record<string, string> = {};
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    const res = await fetch(`${BASE}/reports/${path}?${params}`, { headers, credentials: 'same-origin' });
    if (!res.ok) throw new ApiError(res.status, `${res.status} ${res.statusText}`);
    const name = /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? path;
    return { blob: await res.blob(), name };
  }
  explain(q: ExplainQuery): Promise<Explanation> {
    const params = new URLSearchParams({ scope: q.scope, window: q.window, metric: q.metric });
    if (q.id !== undefined) params.set('id', q.id);
    if (q.at !== undefined) params.set('at', String(q.at));
    return this.#request('GET', `/explain?${params}`);
  }

  alerts(): Promise<Alert[]> {
    return this.#request('GET', '/alerts');
  }
  /** The centre's 15-minute rows of [from, to) (CONTRACT §6): the replay bar's timeline of the day. */
  centreIntervals(from: number, to: number): Promise<IntervalReport> {
    return this.#request('GET', `/reports/intervals?scope=center&step=15m&from=${from}&to=${to}`);
  }
  alertHistory(limit = 100): Promise<AlertChange[]> {
    return this.#request('GET', `/alerts/history?limit=${limit}`);
  }
  acknowledge(alertId: string, comment: string): Promise<Alert> {
    return this.#request('POST', `/alerts/${encodeURIComponent(alertId)}/ack`, comment ? { comment } : {});
  }
  rules(): Promise<RuleSet> {
    return this.#request('GET', '/alerts/rules');
  }
  /** The server validates the list (parseRules) and answers 400 with the first problem. */
  saveRules(rules: unknown): Promise<{ rules: Rule[] }> {
    return this.#request('PUT', '/alerts/rules', rules);
  }
  resetRules(): Promise<void> {
    return this.#request('DELETE', '/alerts/rules');
  }

  bulletins(): Promise<Bulletin[]> {
    return this.#request('GET', '/bulletins');
  }
  postBulletin(b: BulletinInput): Promise<Bulletin> {
    return this.#request('POST', '/bulletins', b);
  }
  editBulletin(id: string, b: BulletinInput): Promise<Bulletin> {
    return this.#request('PUT', `/bulletins/${encodeURIComponent(id)}`, b);
  }
  expireBulletin(id: string): Promise<void> {
    return this.#request('DELETE', `/bulletins/${encodeURIComponent(id)}`);
  }

  /** Boards as data (CONTRACT §10). */
  boards(): Promise<BoardEntry[]> {
    return this.#request('GET', '/boards');
  }
  saveBoard(id: string, board: unknown): Promise<BoardEntry> {
    return this.#request('PUT', `/boards/${encodeURIComponent(id)}`, board);
  }
  removeBoard(id: string): Promise<BoardRemoval> {
    return this.#request('DELETE', `/boards/${encodeURIComponent(id)}`);
  }
  boardHistory(id: string): Promise<AuditRecord[]> {
    return this.#request('GET', `/boards/${encodeURIComponent(id)}/history`);
  }
}
