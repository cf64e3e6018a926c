// `npm start`: the whole demo in one process — builds the wallboard, starts a private Redis (unless REDIS_URL is
// set), the server with a demo supervisor and agent user, and the simulator playing a 40-agent floor with two hours
// of history — then prints every entry point with its credentials. Ctrl-C stops it all.
//   --no-build   serve the wallboard already built in dist/wallboard (tests, or a second start)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pino from 'pino';
import { build } from 'vite';
import { defaultRate } from '../agent-sim/options.ts';
import { buildRoster, inboundQueues } from '../agent-sim/roster.ts';
import { demoSchedule } from '../agent-sim/schedule.ts';
import { runSimulator } from '../agent-sim/writer.ts';
import { parseConfig } from '../shared/config.ts';
import { demoConfig } from '../server/config/demo.ts';
import { loadConfig } from '../server/config/load.ts';
import { startNode } from '../server/node.ts';
import { ScheduleStore } from '../server/schedules/store.ts';
import { fillDemoHistory } from '../server/history/demo-history.ts';
import { checkpointKey, deadStream } from '../server/redis/keys.ts';
import { startEmbeddedRedis } from '../server/redis/embedded.ts';
import { readSettings } from '../server/settings.ts';
import { redactUrl } from '../server/redact.ts';
import { demoCredentials } from './demo/credentials.ts';
import { entryPointLines } from './demo/entry-points.ts';
import { DEMO_AGENT, DEMO_AGENT_ID, DEMO_SUPERVISOR, ensureDemoUsers } from './demo/users.ts';

const DATA_DIR = '.floorboard';
const AGENTS = 40;
const HISTORY_SEC = 2 * 3600;
const VITE_CONFIG = fileURLToPath(new URL('../wallboard/vite.config.ts', import.meta.url));
/** Days of past intervals written to the database for the reports (the same fold, seeded: the same days, the same rows). */
const HISTORY_DAYS = 14;

async function main(): Promise<void> {
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
  if (!process.argv.includes('--no-build')) {
    process.stdout.write('Building the wallboard…\n');
    await build({ configFile: VITE_CONFIG, logLevel: 'warn' });
  }
  const secrets = demoCredentials(DATA_DIR);
  const settings = readSettings({ FLOORBOARD_ADMIN_TOKEN: secrets.admin, ...process.env });
  const config = settings.configPath
    ? loadConfig(settings.configPath)
    : parseConfig({ ...demoConfig, tokens: [{ token: secrets.display, role: 'display', name: 'demo wallboard' }] });
  const privateRedis = !settings.redisUrl;
  const started = Date.now();

  process.stdout.write(
    privateRedis
      ? 'Starting a private Redis, the server and the simulator…\n'
      : `Using ${redactUrl(settings.redisUrl!)}…\n`,
  );
  const embedded = privateRedis ? await startEmbeddedRedis(DATA_DIR, log) : null;
  const redisUrl = embedded?.url ?? settings.redisUrl!;
  // The private Redis belongs to the demo: each run starts a fresh floor with two hours of history behind it.
  // A shared Redis (REDIS_URL) is never wiped: the simulator just joins it, without history.
  if (embedded) {
    const r = new Redis(redisUrl, { protocol: 2 });
    await r.del(settings.stream, deadStream(settings.stream), checkpointKey(settings.stream, settings.nodeId));
    r.disconnect();
  }
  const displayToken = config.tokens.find((t) => t.role === 'display')?.token ?? settings.adminToken!;
  const homePath = `/wall/default?token=${encodeURIComponent(displayToken)}`;
  const live = await startNode({ settings: { ...settings, redisUrl }, config, log, homePath });
  const users = new Redis(redisUrl, { protocol: 2 });
  await ensureDemoUsers(users, { supervisor: secrets.supervisorPassword, agent: secrets.agentPassword });
  users.disconnect();

  // A fresh demo floor works to a schedule (issue 17), so adherence shows from the first minute. A shared database
  // keeps its own schedules.
  const simStart = Date.now() - (embedded ? HISTORY_SEC * 1000 : 0);
  const schedule =
    embedded && !settings.databaseUrl
      ? demoSchedule(
          buildRoster(AGENTS, inboundQueues(3)).map((a) => a.id),
          simStart,
          config.timezone,
        )
      : undefined;
  if (schedule) await new ScheduleStore(live.history.pool).replace(schedule);
  const sim = runSimulator({
    redisUrl,
    stream: settings.stream,
    agents: AGENTS,
    queues: 3,
    rate: defaultRate(AGENTS),
    seed: Math.floor(Math.random() * 0xffff_ffff),
    curve: 'flat',
    timezone: config.timezone,
    speed: 1,
    historySec: embedded ? HISTORY_SEC : 0,
    ...(schedule ? { schedule } : {}),
  });
  sim.done.catch((err: Error) => process.stderr.write(`simulator stopped: ${err.message}\n`));
  // The reports' past, in the background: the board is up meanwhile. It ends where the live stream's history begins.
  const historyStarted = Date.now();
  const stopHistory = new AbortController();
  const pastDays = embedded
    ? fillDemoHistory(live.history.store, config, {
        days: HISTORY_DAYS,
        until: started - HISTORY_SEC * 1000,
        agents: AGENTS,
        queues: 3,
        seed: 1,
        progress: true,
        signal: stopHistory.signal,
      })
        .then((n) =>
          process.stdout.write(
            `Reports: ${HISTORY_DAYS} days of history written (${n} intervals in ${((Date.now() - historyStarted) / 1000).toFixed(0)} s).\n`,
          ),
        )
        .catch((err: Error) => process.stderr.write(`demo history not written: ${err.message}\n`))
    : Promise.resolve();

  process.stdout.write(
    entryPointLines({
      url: live.url,
      // From the start of this process, so the build is included.
      readySec: process.uptime(),
      displayToken,
      adminToken: settings.adminToken!,
      supervisor: { username: DEMO_SUPERVISOR, password: secrets.supervisorPassword },
      agent: { username: DEMO_AGENT, password: secrets.agentPassword, agentId: DEMO_AGENT_ID },
      redis: { url: redactUrl(redisUrl), private: privateRedis },
      database: { url: live.history.database, private: !settings.databaseUrl },
      reportsFrom: started - HISTORY_DAYS * 86_400_000,
      timezone: config.timezone,
      timezoneSource: timezoneSource(settings.configPath),
    }).join('\n'),
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping…\n');
    stopHistory.abort();
    await sim.stop();
    await pastDays;
    await live.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

function timezoneSource(configPath: string | undefined): string {
  if (configPath) return `the timezone of ${path.basename(configPath)}`;
  if (process.env.TZ) return `TZ=${process.env.TZ}`;
  return "this machine's zone; set TZ=Area/City to choose another";
}

main().catch((err: Error) => {
  process.stderr.write(`floorboard: ${err.message}\n`);
  process.exit(1);
});
