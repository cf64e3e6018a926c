// Accepting supervisor actions (CONTRACT §7): checks who asks about whom, resolves the supervisor's device, makes
// sure a live adapter serves the agent, records the action and appends its command. The outcome comes back from
// the adapter through the store; nothing here changes what screens show.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  ACTION_TAKE_MS,
  actionRequestSchema,
  type ActionCommand,
  type ActionOptions,
  type ActionsConfig,
  type ActionStatus,
  SPY_ACTIONS,
} from '../../shared/actions.ts';
import type { AuditLog } from '../audit.ts';
import { actorOf, type Principal } from '../auth/principals.ts';
import type { UserStore } from '../auth/users.ts';
import type { LiveModel } from '../live.ts';
import { actionsFor, mayAct, mayActInQueue, mayActOn } from './access.ts';
import { isServed } from './registry.ts';
import { ActionStore } from './store.ts';

export interface ActionServiceDeps {
  redis: Redis;
  stream: string;
  live: LiveModel;
  users: UserStore;
  audit: AuditLog;
  config: ActionsConfig;
  log: Logger;
}

export type SubmitResult = { ok: true; id: string } | { ok: false; status: 400 | 403 | 404 | 503; error: string };

export class ActionService {
  readonly store: ActionStore;

  constructor(private readonly d: ActionServiceDeps) {
    this.store = new ActionStore(d.redis, d.stream);
  }

  async submit(p: Principal, body: unknown): Promise<SubmitResult> {
    const result = await this.check(p, body);
    const who = actorOf(p);
    if (!result.ok) {
      await this.d.audit.record(who, 'action.refused', {
        status: result.status,
        error: result.error,
        request: summary(body),
      });
      return result;
    }
    const cmd = result.cmd;
    await this.store.create(cmd);
    await this.d.audit.record(who, 'action.request', { ...cmd });
    // Expiry is settled by whichever comes first: this timer, a later request's sweep, or a GET of the action.
    setTimeout(() => void this.sweep(), ACTION_TAKE_MS + 100).unref();
    void this.sweep();
    return { ok: true, id: cmd.id };
  }

  status(id: string): Promise<ActionStatus | null> {
    return this.store.status(id);
  }

  async options(p: Principal, agentId: string): Promise<ActionOptions | null> {
    const agent = this.d.live.state.agents.get(agentId);
    if (!agent) return null;
    const user = p.username ? await this.d.users.get(p.username) : null;
    const actions = actionsFor(p, agentId, agent);
    const queues = actions.length ? [...this.d.live.state.queues.keys()].filter((q) => mayActInQueue(p, q)) : [];
    return {
      reasons: this.d.config.reasons,
      device: user?.device ?? null,
      served: await isServed(this.d.redis, this.d.stream, agentId),
      actions,
      queues,
    };
  }

  private async check(
    p: Principal,
    body: unknown,
  ): Promise<{ ok: true; cmd: ActionCommand } | Extract<SubmitResult, { ok: false }>> {
    if (!mayAct(p)) return { ok: false, status: 403, error: 'forbidden: only admins and supervisors act on agents' };
    const parsed = actionRequestSchema.safeParse(body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.join('.');
      return { ok: false, status: 400, error: where ? `${where}: ${issue.message}` : issue.message };
    }
    const r = parsed.data;
    const agent = this.d.live.state.agents.get(r.agentId);
    if (!agent) return { ok: false, status: 404, error: `no agent "${r.agentId}"` };
    if (!mayActOn(p, r.agentId, agent))
      return { ok: false, status: 403, error: `forbidden: agent "${r.agentId}" is outside your scope` };
    // Without a queue the action reaches every queue the agent is in: all of them must be the caller's.
    const queues = r.queueId ? [r.queueId] : SPY_ACTIONS.has(r.action) ? [] : agent.queues;
    const outside = queues.find((q) => !mayActInQueue(p, q));
    if (outside !== undefined)
      return { ok: false, status: 403, error: `forbidden: queue "${outside}" is outside your scope` };
    let device: string | undefined;
    if (SPY_ACTIONS.has(r.action)) {
      device = r.device ?? (p.username ? (await this.d.users.get(p.username))?.device : undefined);
      if (!device)
        return {
          ok: false,
          status: 400,
          error: `device: required for ${r.action} (none given, and none configured for ${actorOf(p)})`,
        };
    }
    if (!(await isServed(this.d.redis, this.d.stream, r.agentId))) {
      return { ok: false, status: 503, error: `no CTI adapter serves agent "${r.agentId}" now` };
    }
    const cmd: ActionCommand = {
      id: `act-${randomUUID()}`,
      agentId: r.agentId,
      action: r.action,
      ...(r.reason !== undefined ? { reason: r.reason } : {}),
      ...(r.queueId !== undefined ? { queueId: r.queueId } : {}),
      ...(device !== undefined ? { device } : {}),
      ...(agent.name && agent.name !== agent.id ? { agentName: agent.name } : {}),
      by: actorOf(p),
      ts: Date.now(),
    };
    return { ok: true, cmd };
  }

  private async sweep(): Promise<void> {
    try {
      await this.store.sweep(Date.now());
    } catch (err) {
      this.d.log.warn({ err: (err as Error).message }, 'sweeping overdue actions failed');
    }
  }
}

/** What a refused request asked for, for the audit trail (only the known fields, cut short). */
function summary(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!body || typeof body !== 'object') return out;
  for (const key of ['agentId', 'action', 'queueId', 'reason', 'device'] as const) {
    const v = Object.hasOwn(body, key) ? (body as Record<string, unknown>)[key] : undefined;
    if (typeof v === 'string') out[key] = v.slice(0, 200);
  }
  return out;
}
