// `npm run sim -- --history-days N`: the floor's past N local days, folded by the server's engine and written as
// history rows straight to the database (DATABASE_URL, else the private one under ./.floorboard).
import pino from 'pino';
import { parseConfig } from '../shared/config.ts';
import { loadConfig } from '../server/config/load.ts';
import { fillDemoHistory } from '../server/history/demo-history.ts';
import { openHistory } from '../server/history/open.ts';
import { redactUrl } from '../server/db/pool.ts';
import type { CliRun } from './cli-options.ts';

export async function writeHistoryDays(opts: CliRun, days: number): Promise<number> {
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
  const base = loadConfig(process.env.FLOORBOARD_CONFIG || undefined);
  const config = opts.timezone ? parseConfig({ ...base, timezone: opts.timezone }) : base;
  try {
    const db = await openHistory(process.env.DATABASE_URL || undefined, config.timezone, log);
    try {
      const started = Date.now();
      const n = await fillDemoHistory(db.store, config, {
        days,
        until: opts.startTs ?? Date.now(),
        agents: opts.agents,
        queues: opts.queues,
        seed: opts.seed,
        progress: true,
      });
      process.stderr.write(
        `done: ${n} intervals of ${opts.agents} agents written to ${process.env.DATABASE_URL ? redactUrl(process.env.DATABASE_URL) : 'the private database'} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
      return 0;
    } finally {
      await db.close();
    }
  } catch (err) {
    process.stderr.write(`history not written: ${(err as Error).message}\n`);
    return 1;
  }
}
