// `npm run replay -- <file.ndjson> [options]`: writes a recording (from `npm run export`, or bare events one per
// line) into a stream, moved to now and paced by its own gaps, or exactly as recorded with --keep-time.
// Exit codes: 0 all replayed; 1 Redis failed; 2 bad arguments or unreadable file; 3 replayed, but invalid lines
// were skipped; 130 interrupted.
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import { parseCommand, usage, type Refusal } from '../../shared/cli.ts';
import type { Redis } from 'ioredis';
import { validateEvent, type FloorEvent } from '../../shared/events.ts';
import { DEFAULT_STREAM } from '../../shared/stream.ts';
import { appendEvents } from '../stream/append.ts';
import { cliRedisUrl, cliStream, openRedis, UsageError } from '../stream/cli-redis.ts';
import { eventOfLine } from '../stream/record.ts';
import { KEEP_TIME, pacer, replayIdSuffix, retime, type Retiming } from '../stream/retime.ts';

const EXIT = { ok: 0, redis: 1, usage: 2, skipped: 3, interrupted: 130 } as const;
const BATCH_SIZE = 500;
const MAX_REPORTED_LINES = 100;
const PLAIN_PROGRESS_EVERY_MS = 10_000;
const RUN_ID = /^[A-Za-z0-9_.-]{1,40}$/;

interface ReplayArgs {
  file: string;
  /** 0: no pacing. */
  speed: number;
  keepTime: boolean;
  dryRun: boolean;
  runId: string;
  stream: string;
  /** Unset only for a dry run. */
  redisUrl: string | undefined;
}

type Parsed = { ok: true; args: ReplayArgs } | Refusal;

function parseArguments(argv: string[], env: NodeJS.ProcessEnv, now: number): Parsed {
  const program = new Command('npm run replay --')
    .description('Replays a recorded NDJSON file (npm run export) into a Redis stream.')
    .argument('<file>', 'NDJSON file: {"streamId","event"} records or bare events, one per line')
    .option(
      '--speed <x>',
      "pacing: the recording's gaps divided by x; 60 = an hour per minute, 0 = no pacing (default: 1, or 0 with --keep-time)",
    )
    .option('--as-fast-as-possible', 'no pacing (same as --speed 0)')
    .option(
      '--keep-time',
      'keep ts and ids exactly as recorded (a historical rebuild; events already folded are ignored as repeats)',
    )
    .option(
      '--run-id <id>',
      'suffix that makes this run\'s ids unique: id "e-1" becomes "e-1~r<id>" (default: from the clock)',
    )
    .option('--stream <name>', `stream to write (default: $FLOORBOARD_STREAM or ${DEFAULT_STREAM})`)
    .option('--redis <url>', 'Redis URL (default: $REDIS_URL)')
    .option('--dry-run', 'read and check the file, report what would be written, write nothing');
  const parsed = parseCommand<{
    speed?: string;
    asFastAsPossible?: boolean;
    keepTime?: boolean;
    runId?: string;
    stream?: string;
    redis?: string;
    dryRun?: boolean;
  }>(program, argv);
  if (!parsed.ok) return parsed;
  const o = parsed.opts;

  const keepTime = o.keepTime === true;
  let speed = keepTime ? 0 : 1;
  if (o.speed !== undefined) {
    speed = Number(o.speed);
    if (o.speed.trim() === '' || !Number.isFinite(speed) || speed < 0)
      return usage(`--speed must be a number ≥ 0 (got "${o.speed}")`);
  }
  if (o.asFastAsPossible) speed = 0;
  if (o.runId !== undefined && keepTime)
    return usage('--run-id and --keep-time contradict each other: --keep-time keeps the ids');
  const runId = o.runId ?? now.toString(36);
  if (!RUN_ID.test(runId)) return usage(`--run-id must be 1–40 letters, digits, "_", "." or "-" (got "${runId}")`);

  const dryRun = o.dryRun === true;
  try {
    // A dry run writes nothing, so it needs no Redis.
    const redisUrl = dryRun && o.redis === undefined && !env.REDIS_URL ? undefined : cliRedisUrl(o.redis, env);
    const stream = cliStream(o.stream, env);
    return { ok: true, args: { file: program.args[0]!, speed, keepTime, dryRun, runId, stream, redisUrl } };
  } catch (err) {
    if (err instanceof UsageError) return usage(err.message);
    throw err;
  }
}

/** Non-blank lines with their 1-based numbers. */
async function* readLines(file: string): AsyncGenerator<{ no: number; text: string }> {
  const input = createReadStream(file, { encoding: 'utf8' });
  const rl = createInterface({ input, crlfDelay: Infinity });
  let no = 0;
  try {
    for await (const text of rl) {
      no++;
      if (text.trim() !== '') yield { no, text };
    }
  } finally {
    // A replay stopped half-way must not leave the file open and the process alive.
    rl.close();
    input.destroy();
  }
}

class InvalidLines {
  count = 0;
  report(no: number, reason: string): void {
    this.count++;
    if (this.count <= MAX_REPORTED_LINES) process.stderr.write(`line ${no}: ${reason}\n`);
    else if (this.count === MAX_REPORTED_LINES + 1)
      process.stderr.write(`(further invalid lines are counted, not listed)\n`);
  }
}

interface Scan {
  events: number;
  /** ts of the first valid event in file order: pacing and the shift count from it. */
  firstTs: number;
  lastTs: number;
}

/**
 * First pass: validates every line (the run's id suffix applied, so an id it makes too long shows here) and
 * reports the bad ones before anything is written; also gives the total and the time span for the progress bar.
 */
async function scan(file: string, idSuffix: string, invalid: InvalidLines): Promise<Scan> {
  const s: Scan = { events: 0, firstTs: 0, lastTs: 0 };
  for await (const { no, text } of readLines(file)) {
    const r = eventOfLine(text);
    const checked = r.ok ? validateEvent(retime(r.event, { offsetMs: 0, idSuffix })) : r;
    if (!checked.ok) {
      invalid.report(no, checked.reason);
      continue;
    }
    if (s.events === 0) s.firstTs = s.lastTs = checked.event.ts;
    s.lastTs = Math.max(s.lastTs, checked.event.ts);
    s.events++;
  }
  return s;
}

interface Progress {
  update(written: number): void;
  stop(): void;
}

function progress(total: number, etaMs: (written: number) => number | null): Progress {
  const eta = (written: number) => {
    const ms = etaMs(written);
    return ms === null ? '?' : duration(ms);
  };
  let written = 0;
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream: process.stderr, format: '{bar} {value}/{total} events | ETA {remaining}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { remaining: eta(0) });
    // Paced replays sit still between events; the ETA keeps counting down meanwhile.
    const tick = setInterval(() => bar.update(written, { remaining: eta(written) }), 500);
    return {
      update: (n) => bar.update((written = n), { remaining: eta(n) }),
      stop: () => {
        clearInterval(tick);
        bar.stop();
      },
    };
  }
  const tick = setInterval(
    () => process.stderr.write(`replayed ${written}/${total} events, ETA ${eta(written)}\n`),
    PLAIN_PROGRESS_EVERY_MS,
  );
  return { update: (n) => void (written = n), stop: () => clearInterval(tick) };
}

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

interface WriteResult {
  written: number;
  interrupted: boolean;
  /** Why Redis stopped the replay, when it did. */
  error?: string;
}

interface Schedule {
  startAt: number;
  retiming: Retiming;
  dueAt: (ts: number) => number;
  endAt: number;
}

/** Anchored when the first event is read, so that opening the file again does not eat into the first gap. */
function schedule(a: ReplayArgs, s: Scan, startAt: number): Schedule {
  const retiming: Retiming = a.keepTime
    ? KEEP_TIME
    : { offsetMs: startAt - s.firstTs, idSuffix: replayIdSuffix(a.runId) };
  const dueAt = pacer(s.firstTs, startAt, a.speed);
  return { startAt, retiming, dueAt, endAt: dueAt(s.lastTs) };
}

/** Second pass: retimes, paces and writes in pipelined batches of the events that are due. */
async function write(
  a: ReplayArgs,
  s: Scan,
  redis: Redis,
  invalid: InvalidLines,
  signal: AbortSignal,
): Promise<WriteResult> {
  let plan: Schedule | null = null;
  let written = 0;
  const bar = progress(s.events, (n) => {
    if (!plan) return null;
    if (a.speed > 0) return Math.max(0, plan.endAt - Date.now());
    return n === 0 ? null : ((Date.now() - plan.startAt) / n) * (s.events - n);
  });

  let batch: FloorEvent[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const outcomes = await appendEvents(redis, a.stream, batch);
    batch = [];
    written += outcomes.filter((o) => o.ok).length;
    bar.update(written);
    const failed = outcomes.find((o) => !o.ok);
    if (failed && !failed.ok) throw new Error(failed.error);
  };

  try {
    for await (const { no, text } of readLines(a.file)) {
      if (signal.aborted) break;
      const r = eventOfLine(text);
      if (!r.ok) continue; // reported by the scan
      plan ??= schedule(a, s, Date.now());
      const moved = validateEvent(retime(r.event, plan.retiming));
      if (!moved.ok) {
        invalid.report(no, `after the time shift: ${moved.reason}`);
        continue;
      }
      const due = plan.dueAt(r.event.ts);
      if (batch.length >= BATCH_SIZE || (batch.length > 0 && due > Date.now())) await flush();
      // Timers may fire a millisecond early; an event must never go out before its time.
      for (let wait = due - Date.now(); wait > 0 && !signal.aborted; wait = due - Date.now()) {
        await sleep(Math.ceil(wait), undefined, { signal }).catch(() => undefined);
      }
      if (signal.aborted) break;
      batch.push(moved.event);
    }
    await flush();
  } catch (err) {
    return { written, interrupted: false, error: (err as Error).message };
  } finally {
    bar.stop();
  }
  return { written, interrupted: signal.aborted };
}

function summary(a: ReplayArgs, s: Scan): string {
  const span = s.lastTs - s.firstTs;
  const pace = a.speed === 0 ? 'as fast as possible' : `speed ×${a.speed}, about ${duration(span / a.speed)}`;
  const time = a.keepTime
    ? 'ts and ids kept'
    : `ts moved so the first event is now, ids suffixed "${replayIdSuffix(a.runId)}"`;
  return `${s.events} events spanning ${duration(span)} of event time into ${a.stream} (${pace}; ${time})`;
}

async function main(): Promise<number> {
  const parsed = parseArguments(process.argv.slice(2), process.env, Date.now());
  if (!parsed.ok) {
    if (parsed.message) process.stderr.write(`${parsed.message}\n`);
    if (parsed.exitCode !== 0) process.stderr.write('Run with --help for the options.\n');
    return parsed.exitCode;
  }
  const a = parsed.args;
  try {
    await access(a.file);
  } catch (err) {
    process.stderr.write(`cannot read ${a.file}: ${(err as Error).message}\n`);
    return EXIT.usage;
  }

  const invalid = new InvalidLines();
  const s = await scan(a.file, a.keepTime ? '' : replayIdSuffix(a.runId), invalid);
  const skipped = () => (invalid.count > 0 ? `; ${invalid.count} invalid lines skipped` : '');
  if (a.dryRun) {
    process.stderr.write(`dry run: would replay ${summary(a, s)}${skipped()}\n`);
    return invalid.count > 0 ? EXIT.skipped : EXIT.ok;
  }

  let redis: Redis;
  try {
    redis = await openRedis(a.redisUrl!, 'replay');
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return EXIT.redis;
  }
  const stop = new AbortController();
  const onSignal = () => {
    // A second Ctrl-C means now.
    if (stop.signal.aborted) process.exit(EXIT.interrupted);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  process.stderr.write(`replaying ${summary(a, s)}\n`);
  try {
    const r = await write(a, s, redis, invalid, stop.signal);
    if (r.error !== undefined) {
      process.stderr.write(`replay failed after ${r.written} of ${s.events} events: Redis: ${r.error}\n`);
      return EXIT.redis;
    }
    if (r.interrupted) {
      process.stderr.write(`interrupted: ${r.written} of ${s.events} events written to ${a.stream}${skipped()}\n`);
      return EXIT.interrupted;
    }
    process.stderr.write(`replayed ${r.written} events into ${a.stream}${skipped()}\n`);
    return invalid.count > 0 ? EXIT.skipped : EXIT.ok;
  } finally {
    redis.disconnect();
  }
}

process.exitCode = await main();
