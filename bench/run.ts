// `npm run bench [-- fold|latency] [--agents N] [--rate N] [--seconds N]`: prints figures, asserts nothing.
import { Command } from 'commander';
import { benchFold } from './fold.ts';
import { benchLatency } from './latency.ts';
import { machine } from './report.ts';

const program = new Command('bench')
  .argument('[which...]', 'fold, latency (default: both)')
  .option('--agents <n>', 'fold: agents on the floor', '1000')
  .option('--queues <n>', 'fold: queues', '20')
  .option('--hours <n>', 'fold: simulated hours', '8')
  .option('--rate <n>', 'latency: events per second', '500')
  .option('--seconds <n>', 'latency: how long to write', '20')
  .parse();
const which: string[] = program.args.length ? program.args : ['fold', 'latency'];
const o = program.opts<Record<string, string>>();

console.log(`machine: ${machine()}`);
if (which.includes('fold')) benchFold(Number(o.agents), Number(o.queues), Number(o.hours));
if (which.includes('latency')) await benchLatency(Number(o.rate), Number(o.seconds));
