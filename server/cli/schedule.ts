// `npm run schedule -- import FILE` loads a schedule file (`agentId,date,start,end,activity[,queues]`) into
// DATABASE_URL (else the private database); `npm run schedule -- export --date YYYY-MM-DD` writes a local date's
// schedule to standard output in the same format. Times are in the config's time zone. Exit codes: 0 done,
// 1 a refused file or a database failure (each bad line named on standard error), 2 bad arguments.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import pino from 'pino';
import { parseCommand, usage, type Refusal } from '../../shared/cli.ts';
import { loadConfig } from '../config/load.ts';
import { openHistory } from '../history/open.ts';
import { historyProgress } from '../history/progress.ts';
import { scheduleCsv } from '../schedules/csv.ts';
import { describeIssues, importSchedule } from '../schedules/import.ts';
import { ScheduleStore } from '../schedules/store.ts';

type Parsed = { ok: true; action: 'import'; file: string } | { ok: true; action: 'export'; date: string } | Refusal;

function parseArguments(argv: string[]): Parsed {
  const [action, ...rest] = argv;
  if (action === 'import') {
    const program = new Command('npm run schedule -- import')
      .description('Imports a schedule CSV file, replacing the agent-days it names (DATABASE_URL).')
      .argument('<file>', 'agentId,date,start,end,activity[,queues] lines');
    const parsed = parseCommand(program, rest);
    return parsed.ok ? { ok: true, action, file: program.args[0]! } : parsed;
  }
  if (action === 'export') {
    const program = new Command('npm run schedule -- export')
      .description("Writes a local date's schedule as CSV to standard output.")
      .requiredOption('--date <YYYY-MM-DD>', 'the local date');
    const parsed = parseCommand<{ date: string }>(program, rest);
    if (!parsed.ok) return parsed;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(parsed.opts.date))
      return usage(`--date must be YYYY-MM-DD, not "${parsed.opts.date}"`);
    return { ok: true, action, date: parsed.opts.date };
  }
  return usage(`say what to do: import FILE, or export --date YYYY-MM-DD${action ? ` (not "${action}")` : ''}`);
}

async function main(): Promise<number> {
  const parsed = parseArguments(process.argv.slice(2));
  if (!parsed.ok) {
    if (parsed.message) process.stderr.write(`${parsed.message}\n`);
    return parsed.exitCode;
  }
  let text = '';
  if (parsed.action === 'import') {
    try {
      text = readFileSync(parsed.file, 'utf8');
    } catch (err) {
      process.stderr.write(`cannot read ${parsed.file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
      return 1;
    }
  }
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
  const { timezone } = loadConfig(process.env.FLOORBOARD_CONFIG || undefined);
  const db = await openHistory(process.env.DATABASE_URL || undefined, timezone, log);
  const store = new ScheduleStore(db.store.pool);
  try {
    if (parsed.action === 'export') {
      process.stdout.write(scheduleCsv(await store.ofDate(parsed.date), timezone));
      return 0;
    }
    let bar: ReturnType<typeof historyProgress> | null = null;
    const outcome = await importSchedule(store, text, timezone, (written, total) => {
      bar ??= historyProgress('importing', total, process.stderr, 'activities');
      bar.update(written);
    });
    (bar as ReturnType<typeof historyProgress> | null)?.stop();
    if (!outcome.ok) {
      process.stderr.write(`${parsed.file}: refused, nothing imported\n${describeIssues(outcome.issues)}\n`);
      return 1;
    }
    process.stderr.write(
      `imported ${outcome.imported} activities of ${outcome.agents} agents (${outcome.dates.join(', ')}) in ${timezone}\n`,
    );
    return 0;
  } catch (err) {
    process.stderr.write(`schedule ${parsed.action} failed: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await db.close();
  }
}

process.exit(await main());
