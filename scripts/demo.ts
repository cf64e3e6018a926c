// `npm start`: the whole demo in one process — a private Redis (unless REDIS_URL is set), the server, and the
// simulator playing a 40-agent floor with two hours of history — then prints where to look. Ctrl-C stops it all.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { defaultRate } from '../agent-sim/options.ts';
import { runSimulator } from '../agent-sim/writer.ts';
import { parseConfig } from '../shared/config.ts';
import { demoConfig } from '../server/config/demo.ts';
import { loadConfig } from '../server/config/load.ts';
import { startNode } from '../server/node.ts';
import { fillDemoHistory } from '../server/history/demo-history.ts';
import { checkpointKey, deadStream } from '../server/redis/keys.ts';
import { startEmbeddedRedis } from '../server/redis/embedded.ts';
import { readSettings } from '../server/settings.ts';

const DATA_DIR = '.floorboard';
const AGENTS = 40;
const HISTORY_SEC = 2 * 3600;
/** Days of past intervals written to the database for the reports (the same fold, seeded: the same days, the same rows). */
const HISTORY_DAYS = 14;

interface DemoTokens {
  admin: string;
  display: string;
}

/** Tokens survive restarts, so a TV bookmarked on the demo URL keeps working. */
function demoTokens(): DemoTokens {
  const file = path.join(DATA_DIR, 'demo-tokens.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DemoTokens;
  const token = () => randomBytes(18).toString('base64url');
  const tokens = { admin: token(), display: token() };
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(file, JSON.stringify(tokens, null, 2), { mode: 0o600 });
  return tokens;
}

async function main(): Promise<void> {
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
  const tokens = demoTokens();
  const settings = readSettings({ FLOORBOARD_ADMIN_TOKEN: tokens.admin, ...process.env });
  const config = settings.configPath
    ? loadConfig(settings.configPath)
    : parseConfig({ ...demoConfig, tokens: [{ token: tokens.display, role: 'display', name: 'demo wallboard' }] });
  const privateRedis = !settings.redisUrl;

  const started = Date.now();
  process.stdout.write(privateRedis ? 'Starting a private Redis, the server and the simulator…\n' : `Using ${settings.redisUrl}…\n`);
  const embedded = privateRedis ? await startEmbeddedRedis(DATA_DIR, log) : null;
  const redisUrl = embedded?.url ?? settings.redisUrl!;
  // The private Redis belongs to the demo: each run starts a fresh floor with two hours of history behind it.
  // A shared Redis (REDIS_URL) is never wiped: the simulator just joins it, without history.
  if (embedded) {
    const r = new Redis(redisUrl, { protocol: 2 });
    await r.del(settings.stream, deadStream(settings.stream), checkpointKey(settings.stream, settings.nodeId));
    r.disconnect();
  }
  const live = await startNode({ settings: { ...settings, redisUrl }, config, log });

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
  });
  sim.done.catch((err: Error) => process.stderr.write(`simulator stopped: ${err.message}\n`));
  // The reports' past, in the background: the board is up meanwhile. It ends where the live stream's history begins.
  const historyStarted = Date.now();
  const stopHistory = new AbortController();
  const pastDays = embedded
    ? fillDemoHistory(live.history.store, config, { days: HISTORY_DAYS, until: started - HISTORY_SEC * 1000, agents: AGENTS, queues: 3, seed: 1, progress: true, signal: stopHistory.signal })
        .then((n) => process.stdout.write(`Reports: ${HISTORY_DAYS} days of history written (${n} intervals in ${((Date.now() - historyStarted) / 1000).toFixed(0)} s).\n`))
        .catch((err: Error) => process.stderr.write(`demo history not written: ${err.message}\n`))
    : Promise.resolve();

  const displayToken = config.tokens.find((t) => t.role === 'display')?.token ?? settings.adminToken!;
  process.stdout.write(
    [
      '',
      `Floorboard is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s).`,
      '',
      `  Wallboard:  ${live.url}/wall/default?token=${displayToken}`,
      `  Snapshot:   curl -H 'Authorization: Bearer ${settings.adminToken}' ${live.url}/api/v1/snapshot`,
      `  Health:     ${live.url}/api/v1/health`,
      `  Reports:    curl -H 'Authorization: Bearer ${settings.adminToken}' '${live.url}/api/v1/reports/intervals?scope=queue&step=day&from=${started - 14 * 86_400_000}&to=${started}'`,
      '',
      `  Admin token:   ${settings.adminToken}`,
      `  Display token: ${displayToken}`,
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
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

main().catch((err: Error) => {
  process.stderr.write(`floorboard: ${err.message}\n`);
  process.exit(1);
});
