// Runs the AMI feed: connection → mapper → Redis stream, plus the AMI health fault.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { type FloorEvent, validateEvent } from '../../../shared/events.ts';
import { AmiClient, type AmiLinkState } from './client.ts';
import type { AmiConfig } from '../../../shared/ami.ts';
import { entryFields } from '../../../shared/stream.ts';
import { createMapperState, mapFrame, type MapResult, tick } from './mapper.ts';
import type { AmiMessage } from './protocol.ts';
import { AmiActions } from './actions.ts';
import { startCommandLoop } from '../commands.ts';

export interface AmiAdapterOptions {
  config: AmiConfig;
  redis: Redis;
  log: Logger;
  /** The adapter's clock (tests may pin it); AMI frames carry their own time. */
  now?: () => number;
  /** Set: the adapter also performs supervisor actions, reading `<stream>:commands` under this id (server/cti/commands.ts). */
  adapterId?: string;
}

interface AmiAdapterStats {
  link: AmiLinkState;
  eventsWritten: number;
}

export interface AmiAdapter {
  stats(): AmiAdapterStats;
  /** Logs off, writes what is pending, stops timers. The Redis client stays open: it is the caller's. */
  stop(): Promise<void>;
}

const TICK_MS = 1_000;
const SUMMARY_MS = 60_000;

export function startAmiAdapter({ config, redis, log, now = Date.now, adapterId }: AmiAdapterOptions): AmiAdapter {
  const opts = { agents: config.agents, queues: config.queues, wrapupSec: config.wrapupSec };
  let state = createMapperState();
  let eventsWritten = 0;
  let writes: Promise<void> = Promise.resolve();

  // XADDs are chained so the stream keeps the mapper's order even while Redis is reconnecting.
  const write = (ev: FloorEvent) => {
    const checked = validateEvent(ev);
    if (!checked.ok)
      return log.error({ event: ev, reason: checked.reason }, 'mapped event fails the contract; not written');
    writes = writes.then(() =>
      redis.xadd(config.stream, '*', ...entryFields(ev)).then(
        () => void eventsWritten++,
        (err: Error) => log.error({ err: err.message, id: ev.id }, 'XADD failed; event lost'),
      ),
    );
  };

  const apply = (r: MapResult) => {
    state = r.state;
    for (const note of r.notes) log.info(note);
    for (const ev of r.events) write(ev);
  };

  // The fault opens once AMI has been unreachable for faultAfterMs, counted from start or from the link loss.
  let downSince: number | undefined = now();
  let downReason = 'not connected yet';
  let openFault: string | undefined;
  const faultBase = { type: 'system.fault', component: 'ami', severity: 'major' } as const;

  const client = new AmiClient({
    host: config.host,
    port: config.port,
    user: config.user,
    secret: config.secret,
    pingMs: config.pingMs,
    maxBackoffMs: config.maxBackoffMs,
    onEvent: (msg: AmiMessage) => {
      actions.observe(msg);
      apply(mapFrame(state, msg, opts, now()));
    },
    onState: (link, detail) => {
      if (link === 'up') {
        log.info({ host: config.host, port: config.port }, 'AMI up');
        if (openFault) {
          write({ ...faultBase, id: `ami:fault:${openFault}:resolved`, ts: now(), faultId: openFault, resolved: true });
          openFault = undefined;
        }
        downSince = undefined;
        // The picture of members and waiting callers; its events reach the mapper through onEvent.
        client
          .actionList({ Action: 'QueueStatus' })
          .catch((err: Error) => log.warn({ err: err.message }, 'QueueStatus failed'));
      } else if (link === 'down') {
        downReason = detail ?? 'connection lost';
        if (downSince === undefined) {
          downSince = now();
          log.warn({ reason: downReason }, 'AMI down');
        } else log.debug({ reason: downReason }, 'AMI still down');
      }
    },
  });

  const timer = setInterval(() => {
    const t = now();
    apply(tick(state, opts, t));
    if (downSince !== undefined && !openFault && t - downSince > config.faultAfterMs) {
      openFault = `ami-link-${downSince}`;
      const message = `AMI at ${config.host}:${config.port} unreachable since ${new Date(downSince).toISOString()} (${downReason})`;
      log.error(message);
      write({ ...faultBase, id: `ami:fault:${openFault}:open`, ts: t, faultId: openFault, message });
    }
  }, TICK_MS);
  const summary = setInterval(() => log.info({ link: client.state, eventsWritten }, 'AMI adapter health'), SUMMARY_MS);

  const actions = new AmiActions({ config, send: (fields) => client.action(fields), link: () => client.state, log });
  const commands = adapterId
    ? startCommandLoop({ redis, stream: config.stream, adapterId, pbx: actions, log })
    : undefined;
  actions.onServedChange = () => commands?.refresh();

  client.start();

  return {
    stats: () => ({ link: client.state, eventsWritten }),
    async stop() {
      clearInterval(timer);
      clearInterval(summary);
      actions.close();
      await commands?.stop();
      await client.stop();
      await writes;
    },
  };
}
