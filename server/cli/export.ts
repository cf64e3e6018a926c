// `npm run export -- [--from <time>] [--to <time>] [--stream s] [--redis url]`: a stream's entries as NDJSON on
// stdout, one `{"streamId", "event"}` per line, selected by the time in their stream ids. Exit codes: 0 done,
// 1 Redis failure, 2 bad arguments.
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import { parseCommand, usage, type Refusal } from '../../shared/cli.ts';
import { DEFAULT_STREAM } from '../../shared/stream.ts';
import { idTimeMs } from '../redis/ids.ts';
import { cliRedisUrl, cliStream, openRedis, UsageError } from '../stream/cli-redis.ts';
import { INSTANT_HELP, parseInstant } from '../stream/instant.ts';
import { readRange, streamSpan, type IdRange } from '../stream/range.ts';
import { recordOf } from '../stream/record.ts';

interface ExportArgs {
  redisUrl: string;
  stream: string;
  range: IdRange;
}

type Parsed = { ok: true; args: ExportArgs } | Refusal;

function parseArguments(argv: string[], env: NodeJS.ProcessEnv): Parsed {
  const program = new Command('npm run export --')
    .description('Writes the entries of a Redis stream as NDJSON to stdout, selected by the time in their stream ids.')
    .option('--from <time>', `first entry time, inclusive: ${INSTANT_HELP} (default: the stream's start)`)
    .option('--to <time>', `last entry time, inclusive to the ms (default: the stream's end)`)
    .option('--stream <name>', `stream to read (default: $FLOORBOARD_STREAM or ${DEFAULT_STREAM})`)
    .option('--redis <url>', 'Redis URL (default: $REDIS_URL)');
  const parsed = parseCommand<{ from?: string; to?: string; stream?: string; redis?: string }>(program, argv);
  if (!parsed.ok) return parsed;
  const o = parsed.opts;

  const range: IdRange = { fromMs: null, toMs: null };
  for (const key of ['from', 'to'] as const) {
    const text = o[key];
    if (text === undefined) continue;
    const ms = parseInstant(text);
    if (ms === undefined) return usage(`--${key} must be ${INSTANT_HELP} (got "${text}")`);
    range[key === 'from' ? 'fromMs' : 'toMs'] = ms;
  }
  if (range.fromMs !== null && range.toMs !== null && range.fromMs > range.toMs) {
    return usage(`--from (${iso(range.fromMs)}) is after --to (${iso(range.toMs)})`);
  }
  try {
    return { ok: true, args: { redisUrl: cliRedisUrl(o.redis, env), stream: cliStream(o.stream, env), range } };
  } catch (err) {
    if (err instanceof UsageError) return usage(err.message);
    throw err;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Resolves when stdout has taken the chunk, so a slow consumer applies back-pressure to the XRANGE paging. */
function write(chunk: string): Promise<void> {
  return new Promise((resolve) => (process.stdout.write(chunk) ? resolve() : process.stdout.once('drain', resolve)));
}

interface Counts {
  entries: number;
  raw: number;
  noEvent: number;
}

async function exportRange(a: ExportArgs): Promise<Counts> {
  const redis = await openRedis(a.redisUrl, 'export');
  const counts: Counts = { entries: 0, raw: 0, noEvent: 0 };
  let bar: cliProgress.SingleBar | null = null;
  try {
    // The bar measures how far through the time range the export is: entry counts per ms are unknown up front.
    let firstMs = 0;
    if (process.stderr.isTTY) {
      const span = await streamSpan(redis, a.stream);
      firstMs = a.range.fromMs ?? span?.firstMs ?? 0;
      const lastMs = a.range.toMs ?? span?.lastMs ?? 0;
      bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: '{bar} {percentage}% of the time range | {entries} entries | ETA {eta_formatted}',
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(Math.max(1, lastMs - firstMs), 0, { entries: 0 });
    }
    for await (const page of readRange(redis, a.stream, a.range)) {
      let chunk = '';
      for (const entry of page) {
        const record = recordOf(entry);
        if ('raw' in record) counts.raw++;
        else if ('fields' in record) counts.noEvent++;
        chunk += `${JSON.stringify(record)}\n`;
      }
      await write(chunk);
      counts.entries += page.length;
      bar?.update(idTimeMs(page[page.length - 1]!.id) - firstMs, { entries: counts.entries });
    }
    bar?.update(bar.getTotal(), { entries: counts.entries });
    return counts;
  } finally {
    bar?.stop();
    redis.disconnect();
  }
}

async function main(): Promise<void> {
  const parsed = parseArguments(process.argv.slice(2), process.env);
  if (!parsed.ok) {
    if (parsed.message) process.stderr.write(`${parsed.message}\n`);
    if (parsed.exitCode !== 0) process.stderr.write('Run with --help for the options.\n');
    process.exitCode = parsed.exitCode;
    return;
  }
  const a = parsed.args;
  // A reader that goes away (`| head`) is not a failure of the export.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const from = a.range.fromMs === null ? 'the start' : iso(a.range.fromMs);
  const to = a.range.toMs === null ? 'the end' : iso(a.range.toMs);
  process.stderr.write(`exporting ${a.stream} from ${from} to ${to}\n`);
  try {
    const c = await exportRange(a);
    const odd = [
      c.raw ? `${c.raw} not valid JSON, kept as "raw"` : '',
      c.noEvent ? `${c.noEvent} without an event field, kept as "fields"` : '',
    ];
    const note = odd.filter(Boolean).join(', ');
    process.stderr.write(`exported ${c.entries} ${c.entries === 1 ? 'entry' : 'entries'}${note ? ` (${note})` : ''}\n`);
  } catch (err) {
    process.stderr.write(`export failed: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}

await main();
