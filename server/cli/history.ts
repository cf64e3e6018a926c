// `npm run history -- rebuild --from FILE.ndjson`: rebuilds the history rows of the intervals a recording covers
// (an `npm run export` file), folding its events in a fresh engine, into DATABASE_URL (else the private database).
// Entries the server would not fold (dead letters, invalid events, a ts its entry's arrival does not vouch for) are
// skipped and counted.
// `npm run history -- rebuild --day YYYY-MM-DD`: rebuilds one local day's rows from the event archive (CONTRACT §9),
// folding on from the archive's state at the day's midnight. Exit codes: 0 done, 1 database or file failure, 2 bad
// arguments.
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import pino from 'pino';
import { parseCommand, usage, type Refusal } from '../../shared/cli.ts';
import type { Config } from '../../shared/config.ts';
import { loadConfig } from '../config/load.ts';
import { foldLimits, tsInRange } from '../engine/index.ts';
import { historyProgress } from '../history/progress.ts';
import { openHistory } from '../history/open.ts';
import type { ArrivedEvent } from '../history/recorder.ts';
import { recordEvents } from '../history/replay.ts';
import { idTimeMs } from '../redis/ids.ts';
import { eventOfLine } from '../stream/record.ts';
import { ArchiveStore } from '../archive/store.ts';
import { seek } from '../replay/seek.ts';
import { DayClock } from '../../shared/time.ts';

type Parsed = { ok: true; file: string } | { ok: true; day: string } | Refusal;

const WHERE_FROM = 'say where from: --from FILE.ndjson (an export) or --day YYYY-MM-DD (the event archive)';

function parseArguments(argv: string[]): Parsed {
  const [action, ...rest] = argv;
  if (action !== 'rebuild')
    return usage(`say what to do: rebuild --from FILE.ndjson | --day YYYY-MM-DD${action ? ` (not "${action}")` : ''}`);
  const program = new Command('npm run history -- rebuild')
    .description("Rebuilds history rows from an export's events or from the event archive (DATABASE_URL).")
    .option('--from <file>', 'an NDJSON recording written by `npm run export`')
    .option('--day <date>', "a local day (the config's time zone), rebuilt from the event archive");
  const parsed = parseCommand<{ from?: string; day?: string }>(program, rest);
  if (!parsed.ok) return parsed;
  const { from, day } = parsed.opts;
  if ((from === undefined) === (day === undefined)) return usage(WHERE_FROM);
  if (day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(day)) return usage(`--day: a date as YYYY-MM-DD (not "${day}")`);
  return from !== undefined ? { ok: true, file: from } : { ok: true, day: day! };
}

/** The file's events with their entries' arrivals (a bare event line arrives at its own ts). */
async function* eventsOf(
  file: string,
  config: Config,
  counts: { skipped: number; bytes: number },
): AsyncGenerator<ArrivedEvent> {
  const limits = foldLimits(config);
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) {
    counts.bytes += Buffer.byteLength(line) + 1;
    if (line.trim() === '') continue;
    const r = eventOfLine(line);
    const arrivalMs = r.ok ? (r.streamId === null ? r.event.ts : idTimeMs(r.streamId)) : Number.NaN;
    if (r.ok && tsInRange(r.event.ts, { ...limits, arrivalMs })) yield { event: r.event, arrivalMs };
    else counts.skipped++;
  }
}

async function main(): Promise<number> {
  const parsed = parseArguments(process.argv.slice(2));
  if (!parsed.ok) {
    if (parsed.message) process.stderr.write(`${parsed.message}\n`);
    return parsed.exitCode;
  }
  if ('day' in parsed) return rebuildDay(parsed.day);
  let size: number;
  try {
    size = statSync(parsed.file).size;
  } catch (err) {
    process.stderr.write(`cannot read ${parsed.file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
    return 1;
  }
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
  const config = loadConfig(process.env.FLOORBOARD_CONFIG || undefined);
  const db = await openHistory(process.env.DATABASE_URL || undefined, config.timezone, log);
  const counts = { skipped: 0, bytes: 0 };
  // The bar counts the file's kilobytes read: the number of intervals is known only at the end.
  const bar = historyProgress('rebuilding', Math.max(1, Math.ceil(size / 1024)));
  try {
    const n = (
      await recordEvents(db.store, config, eventsOf(parsed.file, config, counts), {
        onWritten: () => bar.update(Math.ceil(counts.bytes / 1024)),
      })
    ).length;
    bar.update(Math.ceil(size / 1024));
    bar.stop();
    process.stderr.write(
      `rebuilt ${n} intervals from ${parsed.file}${counts.skipped ? ` (${counts.skipped} entries not foldable, skipped)` : ''}\n`,
    );
    return 0;
  } catch (err) {
    bar.stop();
    process.stderr.write(`rebuild failed: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await db.close();
  }
}

/** The day's intervals from the archive: its state at local midnight, then the day's events in stream order. */
async function rebuildDay(date: string): Promise<number> {
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
  const config = loadConfig(process.env.FLOORBOARD_CONFIG || undefined);
  const clock = new DayClock(config.timezone);
  const { start, end } = clock.ofDate(date);
  const db = await openHistory(process.env.DATABASE_URL || undefined, config.timezone, log);
  const archive = new ArchiveStore(db.store.pool, clock);
  const bar = historyProgress('rebuilding', 96);
  try {
    const from = await seek(archive, config, start);
    async function* events(): AsyncGenerator<ArrivedEvent> {
      for await (const page of archive.entries(start, end - 1))
        for (const e of page) yield { event: e.event, arrivalMs: idTimeMs(e.id) };
    }
    const n = (
      await recordEvents(db.store, config, events(), {
        from: { state: from.state, at: start },
        until: end,
        atMost: Date.now(),
        onWritten: (_i, count) => bar.update(count),
      })
    ).length;
    bar.stop();
    process.stderr.write(`rebuilt ${n} intervals of ${date} (${config.timezone}) from the event archive\n`);
    return 0;
  } catch (err) {
    bar.stop();
    process.stderr.write(`rebuild failed: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await db.close();
  }
}

process.exit(await main());
