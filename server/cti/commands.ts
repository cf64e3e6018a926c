// The PBX-independent half of a CTI adapter's actions: it registers which agents the adapter serves, reads
// `<stream>:commands` under the adapter's own consumer group (so every adapter sees every command), takes the
// commands for agents it serves (a compare-and-set in Redis: of several adapters serving one agent exactly one
// wins), has the PBX perform them and reports the outcome. Any PBX plugs in through `PbxActions`.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ACTIONS, type ActionCommand, type PbxActions } from '../../shared/actions.ts';
import { REGISTRATION_REFRESH_MS, register, unregister } from '../actions/registry.ts';
import { ActionStore } from '../actions/store.ts';
import { commandsStream, ctiGroupName } from '../redis/keys.ts';

export interface CommandLoopOptions {
  /** A commands connection; the loop opens its own blocking reader from it. */
  redis: Redis;
  /** The events stream; commands travel on `<stream>:commands`. */
  stream: string;
  /** Names the adapter's consumer group and registration; stable across restarts of one adapter. */
  adapterId: string;
  pbx: PbxActions;
  log: Logger;
  blockMs?: number;
}

export interface CommandLoop {
  /** Re-registers now (the served agents changed: the PBX link came up or went down). */
  refresh(): void;
  /** Stops reading, waits for commands in progress, and withdraws the registration. */
  stop(): Promise<void>;
}

const RETRY_MS = 1_000;

export function startCommandLoop(o: CommandLoopOptions): CommandLoop {
  const key = commandsStream(o.stream);
  const group = ctiGroupName(o.adapterId);
  const store = new ActionStore(o.redis, o.stream);
  const reader = o.redis.duplicate();
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  const heartbeat = () =>
    register(o.redis, o.stream, {
      id: o.adapterId,
      pbx: o.pbx.pbx,
      agents: o.pbx.servedAgents(),
      at: Date.now(),
    }).catch((err: Error) => o.log.warn({ err: err.message }, 'could not refresh the adapter registration'));
  void heartbeat();
  const timer = setInterval(() => void heartbeat(), REGISTRATION_REFRESH_MS);

  const ensureGroup = async () => {
    try {
      // New commands only: anything older has expired or been taken by now.
      await o.redis.xgroup('CREATE', key, group, '$', 'MKSTREAM');
    } catch (err) {
      if (!String((err as Error).message).startsWith('BUSYGROUP')) throw err;
    }
  };

  const perform = async (cmd: ActionCommand) => {
    let outcome: Awaited<ReturnType<typeof o.pbx.perform>>;
    try {
      outcome = await o.pbx.perform(cmd);
    } catch (err) {
      outcome = { ok: false, message: `adapter error: ${(err as Error).message}` };
    }
    o.log.info({ id: cmd.id, agentId: cmd.agentId, action: cmd.action, ...outcome }, 'command performed');
    if (!(await store.finish(cmd.id, o.adapterId, outcome)))
      o.log.warn({ id: cmd.id }, 'outcome came too late: the command was settled meanwhile');
  };

  const handle = async (entryId: string, fields: string[] | null) => {
    const cmd = parseCommand(fields);
    if (!cmd) return void o.log.warn({ entryId }, 'unreadable command entry skipped');
    if (!o.pbx.servedAgents().includes(cmd.agentId))
      return void o.log.debug({ id: cmd.id, agentId: cmd.agentId }, 'command for an agent not served here');
    if (!(await store.claim(cmd.id, o.adapterId)))
      return void o.log.info({ id: cmd.id }, 'command taken by another adapter, or expired');
    const p = perform(cmd).catch((err: Error) =>
      o.log.error({ id: cmd.id, err: err.message }, 'could not report the outcome'),
    );
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  const loop = async () => {
    // Entries delivered before a restart but not acknowledged come first ('0'), then new ones ('>').
    let cursor = '0';
    while (!stopped) {
      try {
        if (cursor === '0') await ensureGroup();
        const res = (await reader.xreadgroup(
          'GROUP',
          group,
          o.adapterId,
          'COUNT',
          20,
          'BLOCK',
          o.blockMs ?? 1_000,
          'STREAMS',
          key,
          cursor,
        )) as Array<[string, Array<[string, string[] | null]>]> | null;
        const entries = res?.[0]?.[1] ?? [];
        if (cursor === '0' && entries.length === 0) cursor = '>';
        for (const [entryId, fields] of entries) {
          await handle(entryId, fields);
          await o.redis.xack(key, group, entryId);
        }
      } catch (err) {
        if (stopped) break;
        const message = (err as Error).message;
        o.log.warn({ err: message }, 'reading commands failed; retrying');
        if (message.startsWith('NOGROUP')) cursor = '0';
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  };
  const running = loop();

  return {
    refresh: () => void heartbeat(),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await Promise.all(inFlight);
      await unregister(o.redis, o.stream, o.adapterId).catch(() => undefined);
      reader.disconnect();
    },
  };
}

/** `fields` is null for an entry trimmed away while it was pending in the group. */
function parseCommand(fields: string[] | null): ActionCommand | null {
  const i = fields?.indexOf('command') ?? -1;
  if (!fields || i < 0 || i % 2 !== 0) return null;
  try {
    const c = JSON.parse(fields[i + 1] ?? '') as ActionCommand;
    return typeof c.id === 'string' &&
      typeof c.agentId === 'string' &&
      (ACTIONS as readonly string[]).includes(c.action)
      ? c
      : null;
  } catch {
    return null;
  }
}
