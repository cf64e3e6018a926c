// `npm run sim -- [options]`: the floor simulator against REDIS_URL. Exit codes: 0 done or stopped, 1 Redis
// failure, 2 bad options.
import { parseCli } from './cli-options.ts';
import { progressReporter } from './progress.ts';
import { runSimulator } from './writer.ts';

const parsed = parseCli(process.argv.slice(2), process.env, () => Math.floor(Math.random() * 0x1_0000_0000));
if (!parsed.ok) {
  if (parsed.message) process.stderr.write(`${parsed.message}\n`);
  if (parsed.exitCode !== 0) process.stderr.write('Run with --help for the options.\n');
  process.exit(parsed.exitCode);
}

const { run: opts, seedWasRandom } = parsed;
if (opts.historyDays) {
  const { writeHistoryDays } = await import('./history-days.ts');
  process.exit(await writeHistoryDays(opts, opts.historyDays));
}
process.stderr.write(
  `simulating ${opts.agents} agents, ${opts.queues} queues, ${opts.rate} calls/min (${opts.curve}), ` +
    `seed ${opts.seed}${seedWasRandom ? ' (random)' : ''} → ${opts.stream}` +
    `${opts.fast ? ', fast' : opts.speed !== 1 ? `, speed ×${opts.speed}` : ''}\n`,
);

const progress = progressReporter(opts.durationSec, process.stderr);
const sim = runSimulator({ ...opts, onProgress: (p) => progress.update(p) });

let signalled = false;
const onSignal = (signal: NodeJS.Signals) => {
  // A second Ctrl-C means "now": don't wait for the flush.
  if (signalled) process.exit(130);
  signalled = true;
  process.stderr.write(`\n${signal}: flushing and stopping…\n`);
  void sim.stop();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

try {
  const { written } = await sim.done;
  progress.finish();
  process.stderr.write(`done: ${written} events written to ${opts.stream}\n`);
  process.exit(0);
} catch (err) {
  progress.finish();
  process.stderr.write(`simulator stopped: ${(err as Error).message}\n`);
  process.exit(1);
}
