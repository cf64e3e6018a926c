// Supervisor actions in Redis, shared by the server (which creates and expires them) and the CTI adapters (which
// take and settle them). One hash per action holds its state; every change of state is a compare-and-set in a
// Lua script, so of two adapters only one takes a command, and a command is settled (and audited) exactly once
// even when an adapter's outcome and the server's expiry race. Times inside the scripts are Redis's own (TIME),
// so the server's and the adapters' clocks need not agree.
import type { Redis } from 'ioredis';
import {
  ACTION_OUTCOME_MS,
  ACTION_TAKE_MS,
  type ActionCommand,
  type ActionState,
  type ActionStatus,
} from '../../shared/actions.ts';
import { actionKey, actionsOpenKey, AUDIT_STREAM, commandsStream } from '../redis/keys.ts';

/** Settled actions are kept this long for GET /api/v1/actions/:id. */
const KEEP_SEC = 24 * 3600;
/** The commands stream holds about this many entries (older ones are long settled). */
const COMMANDS_MAXLEN = 10_000;
const SWEEP_BATCH = 100;

export type StoredState = ActionState | 'taken';

const NOW_LUA = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

// KEYS: action hash, open set. ARGV: adapter id, outcome ms, action id.
const CLAIM = `${NOW_LUA}
local h = redis.call('HMGET', KEYS[1], 'state', 'expiresAt')
if h[1] ~= 'pending' or now >= tonumber(h[2]) then return 0 end
redis.call('HSET', KEYS[1], 'state', 'taken', 'adapter', ARGV[1], 'takenAt', now)
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[3])
return 1`;

// KEYS: action hash, open set, audit stream. ARGV: from state, adapter ('' any), to state, message, who, action id,
// deadline check ('1': only once the state's deadline has passed), outcome ms.
const SETTLE = `${NOW_LUA}
local h = redis.call('HMGET', KEYS[1], 'state', 'adapter', 'agentId', 'action', 'by', 'expiresAt', 'takenAt')
if h[1] ~= ARGV[1] then return 0 end
if ARGV[2] ~= '' and h[2] ~= ARGV[2] then return 0 end
if ARGV[7] == '1' then
  local deadline = tonumber(h[6])
  if h[1] == 'taken' then deadline = tonumber(h[7]) + tonumber(ARGV[8]) end
  if now < deadline then return 0 end
end
redis.call('HSET', KEYS[1], 'state', ARGV[3], 'message', ARGV[4], 'settledAt', now)
redis.call('ZREM', KEYS[2], ARGV[6])
local detail = { id = ARGV[6], agentId = h[3], action = h[4], requestedBy = h[5], message = ARGV[4] }
if h[2] then detail.adapter = h[2] end
redis.call('XADD', KEYS[3], '*', 'who', ARGV[5], 'what', 'action.' .. ARGV[3], 'at', tostring(now), 'detail', cjson.encode(detail))
return 1`;

export const EXPIRED_MESSAGE = `no adapter took the command within ${ACTION_TAKE_MS / 1000} s`;
export const NO_OUTCOME_MESSAGE = `the adapter reported no outcome within ${ACTION_OUTCOME_MS / 1000} s`;

export class ActionStore {
  constructor(
    private readonly redis: Redis,
    private readonly stream: string,
  ) {}

  /** Records the action as pending and appends its command for the adapters, in one transaction. */
  async create(cmd: ActionCommand): Promise<void> {
    const key = actionKey(cmd.id);
    const fields = {
      id: cmd.id,
      state: 'pending',
      agentId: cmd.agentId,
      action: cmd.action,
      by: cmd.by,
      createdAt: cmd.ts,
      expiresAt: cmd.ts + ACTION_TAKE_MS,
    };
    const result = await this.redis
      .multi()
      .hset(key, fields)
      .expire(key, KEEP_SEC)
      .zadd(actionsOpenKey(this.stream), cmd.ts + ACTION_TAKE_MS, cmd.id)
      .xadd(commandsStream(this.stream), 'MAXLEN', '~', COMMANDS_MAXLEN, '*', 'command', JSON.stringify(cmd))
      .exec();
    const failed = result?.find(([err]) => err);
    if (!result || failed)
      throw new Error(`could not record action ${cmd.id}: ${failed?.[0]?.message ?? 'transaction aborted'}`);
  }

  /** An adapter takes a pending command; false when another took it first or it expired. */
  async claim(id: string, adapterId: string): Promise<boolean> {
    const won = await this.redis.eval(
      CLAIM,
      2,
      actionKey(id),
      actionsOpenKey(this.stream),
      adapterId,
      ACTION_OUTCOME_MS,
      id,
    );
    return won === 1;
  }

  /** The adapter that took a command reports its outcome; false when it was no longer its to settle. */
  async finish(id: string, adapterId: string, outcome: { ok: boolean; message: string }): Promise<boolean> {
    return this.settle(
      id,
      'taken',
      adapterId,
      outcome.ok ? 'done' : 'failed',
      outcome.message,
      `cti:${adapterId}`,
      false,
    );
  }

  /** The action's state for the API: a command taken but not settled is still `pending`. */
  async status(id: string): Promise<ActionStatus | null> {
    const [state, message] = await this.redis.hmget(actionKey(id), 'state', 'message');
    if (!state) return null;
    // A deadline may have passed since the last sweep: settle it now, so the answer is exact.
    if ((state === 'pending' || state === 'taken') && (await this.sweepOne(id))) return this.status(id);
    const shown: ActionState = state === 'taken' ? 'pending' : (state as ActionState);
    return { id, state: shown, ...(message ? { message } : {}) };
  }

  /** Settles every action whose deadline has passed; returns how many. Safe to run on every node at once. */
  async sweep(now: number): Promise<number> {
    const due = await this.redis.zrangebyscore(actionsOpenKey(this.stream), '-inf', now, 'LIMIT', 0, SWEEP_BATCH);
    let settled = 0;
    for (const id of due) if (await this.sweepOne(id)) settled++;
    return settled;
  }

  private async sweepOne(id: string): Promise<boolean> {
    const state = await this.redis.hget(actionKey(id), 'state');
    if (state === 'pending') return this.settle(id, 'pending', '', 'expired', EXPIRED_MESSAGE, 'floorboard', true);
    if (state === 'taken') return this.settle(id, 'taken', '', 'failed', NO_OUTCOME_MESSAGE, 'floorboard', true);
    // Settled, or its hash expired: nothing left to wait for.
    await this.redis.zrem(actionsOpenKey(this.stream), id);
    return false;
  }

  private async settle(
    id: string,
    from: StoredState,
    adapter: string,
    to: ActionState,
    message: string,
    who: string,
    onlyWhenDue: boolean,
  ): Promise<boolean> {
    const keys = [actionKey(id), actionsOpenKey(this.stream), AUDIT_STREAM];
    const won = await this.redis.eval(
      SETTLE,
      keys.length,
      ...keys,
      from,
      adapter,
      to,
      message,
      who,
      id,
      onlyWhenDue ? '1' : '0',
      ACTION_OUTCOME_MS,
    );
    return won === 1;
  }
}
