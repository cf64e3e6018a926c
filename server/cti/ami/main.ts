// `npm run adapter:ami -- [options]`: feeds Asterisk queue events from AMI into the Floorboard stream.
// Settings: the `ami` section of a config file (--config), overridden by flags. Exit codes: 0 stopped, 2 bad options.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { Command, InvalidArgumentError } from 'commander';
import pino from 'pino';
import { parse as parseYaml } from 'yaml';
import { createRedis, parseRedisUrl } from '../../redis/connection.ts';
import { startAmiAdapter } from './adapter.ts';
import { parseAmiConfig } from '../../../shared/ami.ts';
import { DEFAULT_STREAM } from '../../../shared/stream.ts';

const port = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65_535) throw new InvalidArgumentError('not a TCP port');
  return n;
};

const program = new Command('adapter:ami')
  .description('Maps Asterisk AMI queue events to Floorboard events on a Redis stream')
  .option('--host <host>', 'AMI host (default 127.0.0.1)')
  .option('--port <port>', 'AMI port (default 5038)', port)
  .option('--user <user>', 'AMI user (default wallboard)')
  .option('--secret <secret>', 'AMI secret (or env AMI_SECRET)')
  .option('--stream <key>', `stream to append events to (default FLOORBOARD_STREAM or ${DEFAULT_STREAM})`)
  .option('--redis <url>', 'Redis URL (default REDIS_URL or redis://127.0.0.1:6379)')
  .option(
    '--adapter-id <id>',
    'names this adapter for supervisor actions (its consumer group on <stream>:commands; default host:ami-host:port)',
  )
  .option('--config <file>', 'YAML or JSON Floorboard config file whose `ami` section holds the adapter settings')
  .showHelpAfterError()
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
program.parse();
const flags = program.opts<{
  host?: string;
  port?: number;
  user?: string;
  secret?: string;
  stream?: string;
  redis?: string;
  config?: string;
  adapterId?: string;
}>();

function fail(message: string): never {
  process.stderr.write(`adapter:ami: ${message}\n`);
  process.exit(2);
}

function fileSection(path: string): Record<string, unknown> {
  let raw: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    fail(`cannot read ${path}: ${(err as Error).message.split('\n')[0]}`);
  }
  const section = (raw as { ami?: unknown } | null)?.ami;
  if (section === undefined) fail(`${path} has no \`ami\` section`);
  if (typeof section !== 'object' || section === null) fail(`${path}: \`ami\` must be a mapping`);
  return section as Record<string, unknown>;
}

const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

let config: ReturnType<typeof parseAmiConfig>;
try {
  config = parseAmiConfig({
    ...(process.env.FLOORBOARD_STREAM ? { stream: process.env.FLOORBOARD_STREAM } : {}),
    ...(process.env.AMI_SECRET ? { secret: process.env.AMI_SECRET } : {}),
    ...(flags.config ? fileSection(flags.config) : {}),
    ...defined({ host: flags.host, port: flags.port, user: flags.user, secret: flags.secret, stream: flags.stream }),
  });
} catch (err) {
  fail((err as Error).message);
}
const redisUrl = flags.redis ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
try {
  parseRedisUrl(redisUrl);
} catch (err) {
  fail((err as Error).message);
}

const log = pino({ name: 'ami-adapter' });
const redis = createRedis(redisUrl, 'ami-adapter', log, { waitForever: true });
log.info({ ami: `${config.host}:${config.port}`, user: config.user, stream: config.stream }, 'AMI adapter starting');
const adapterId = flags.adapterId ?? `${hostname()}:${config.host}:${config.port}`;
const adapter = startAmiAdapter({ config, redis, log, adapterId });

let stopping = false;
const onSignal = async (signal: NodeJS.Signals) => {
  if (stopping) process.exit(130);
  stopping = true;
  log.info({ signal, ...adapter.stats() }, 'stopping');
  await adapter.stop();
  await redis.quit().catch(() => undefined);
  process.exit(0);
};
process.on('SIGINT', (s) => void onSignal(s));
process.on('SIGTERM', (s) => void onSignal(s));
