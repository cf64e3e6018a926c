// The simulator's command line: parsed with commander, checked here so every bad value gets a clear message.
import { Command, Option } from 'commander';
import { parseCommand, usage, type Refusal } from '../shared/cli.ts';
import { DEFAULT_STREAM } from '../shared/stream.ts';
import type { CurveKind } from './curve.ts';
import { checkSimOptions, defaultRate, DEFAULT_SIM_OPTIONS, MAX_AGENTS } from './options.ts';
import { MAX_QUEUES } from './roster.ts';
import type { RunSimulatorOptions } from './writer.ts';

export type CliRun = Omit<RunSimulatorOptions, 'onProgress'> & {
  /** Write this many past days of interval rows to the history database instead of events to Redis. */
  historyDays?: number;
};

export type CliParse = { ok: true; run: CliRun; seedWasRandom: boolean } | Refusal;

export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv, randomSeed: () => number): CliParse {
  const program = new Command('npm run sim --')
    .description('Simulates a call-centre floor and writes its events to a Redis stream.')
    .option('--agents <n>', 'agents on the floor', String(DEFAULT_SIM_OPTIONS.agents))
    .option('--queues <n>', 'inbound queues', String(DEFAULT_SIM_OPTIONS.queues))
    .option(
      '--rate <calls/min>',
      'inbound calls per minute for the whole centre, averaged over the day (default: tuned for --agents)',
    )
    .option('--speed <x>', 'time compression: 10 makes a 4-minute call last 24 s', '1')
    .option('--seed <n>', 'random seed (default: random, printed)')
    .option('--duration <sec>', 'simulated seconds to run (default: until Ctrl-C)')
    .addOption(
      new Option('--curve <kind>', 'arrival rate over the day').choices(['intraday', 'flat']).default('intraday'),
    )
    .option('--timezone <tz>', "IANA zone whose local hour drives the intraday curve (default: this machine's)")
    .option('--redis <url>', 'Redis URL (default: $REDIS_URL)')
    .option('--stream <name>', `stream to write (default: $FLOORBOARD_STREAM or ${DEFAULT_STREAM})`)
    .option('--fast', 'no pacing: write as fast as possible with simulated timestamps')
    .option(
      '--history <sec>',
      'paced runs: start this many simulated seconds in the past and write that history at once',
      '0',
    )
    .option('--start <ms|iso>', 'where simulated time starts, as ms since the epoch or an ISO date (default: now)')
    .option(
      '--history-days <n>',
      'instead: write this many past local days of history rows to the database ($DATABASE_URL, else the private one)',
    );
  const parsed = parseCommand<Record<string, string | boolean | undefined>>(program, argv);
  if (!parsed.ok) return parsed;
  const raw = parsed.opts;
  const text = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : undefined);

  const agents = integer(text('agents')!);
  if (agents === undefined || agents < 1 || agents > MAX_AGENTS)
    return usage(`--agents must be an integer from 1 to ${MAX_AGENTS} (got "${text('agents')}")`);
  const queues = integer(text('queues')!);
  if (queues === undefined || queues < 1 || queues > MAX_QUEUES)
    return usage(`--queues must be an integer from 1 to ${MAX_QUEUES} (got "${text('queues')}")`);
  const rateText = text('rate');
  const rate = rateText === undefined ? defaultRate(agents) : decimal(rateText);
  if (rate === undefined || rate < 0)
    return usage(`--rate must be a number of calls per minute ≥ 0 (got "${rateText}")`);
  const speed = decimal(text('speed')!);
  if (speed === undefined || speed <= 0) return usage(`--speed must be a positive number (got "${text('speed')}")`);
  const seedText = text('seed');
  const seed = seedText === undefined ? randomSeed() : integer(seedText);
  if (seed === undefined || seed > 0xffff_ffff)
    return usage(`--seed must be an integer from 0 to ${0xffff_ffff} (got "${seedText}")`);
  const durationText = text('duration');
  const durationSec = durationText === undefined ? undefined : decimal(durationText);
  if (durationText !== undefined && (durationSec === undefined || durationSec <= 0))
    return usage(`--duration must be a positive number of simulated seconds (got "${durationText}")`);
  const startText = text('start');
  const startTs = startText === undefined ? undefined : instant(startText);
  if (startText !== undefined && startTs === undefined)
    return usage(`--start must be ms since the epoch or an ISO date such as 2025-01-06T08:00:00Z (got "${startText}")`);

  const historySec = decimal(text('history')!);
  if (historySec === undefined || historySec < 0)
    return usage(`--history must be a number of seconds ≥ 0 (got "${text('history')}")`);

  const historyText = text('historyDays');
  const historyDays = historyText === undefined ? undefined : integer(historyText);
  if (historyText !== undefined && (historyDays === undefined || historyDays < 1 || historyDays > 400))
    return usage(`--history-days must be an integer from 1 to 400 (got "${historyText}")`);

  const redisUrl = text('redis') ?? env.REDIS_URL ?? (historyDays ? '' : undefined);
  if (redisUrl === undefined) return usage('no Redis to write to: pass --redis <url> or set REDIS_URL');
  const stream = text('stream') ?? env.FLOORBOARD_STREAM ?? DEFAULT_STREAM;
  if (stream === '') return usage('--stream must not be empty');

  const run: CliRun = {
    agents,
    queues,
    rate,
    seed,
    curve: text('curve') as CurveKind,
    durationSec,
    timezone: text('timezone'),
    redisUrl,
    stream,
    speed,
    fast: raw.fast === true,
    startTs,
    historySec,
    ...(historyDays ? { historyDays } : {}),
  };
  const problem = checkSimOptions(run);
  if (problem) return usage(problem);
  return { ok: true, run, seedWasRandom: seedText === undefined };
}

function integer(s: string): number | undefined {
  return /^\d+$/.test(s.trim()) && Number.isSafeInteger(Number(s)) ? Number(s) : undefined;
}

function decimal(s: string): number | undefined {
  const n = Number(s);
  return s.trim() !== '' && Number.isFinite(n) ? n : undefined;
}

function instant(s: string): number | undefined {
  const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
  return Number.isSafeInteger(ms) && ms >= 0 ? ms : undefined;
}
