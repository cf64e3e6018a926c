// `npm run bench [-- fold|ingest|latency|wire|wallboard|history|replay] [--agents N] [--queues N] [--hours N] [--events N] [--rounds N]
//  [--rate N] [--seconds N] [--clients N] [--agent-screens N] [--client-processes N] [--skim] [--lanes]`:
// prints figures, asserts nothing. docs/performance.md has the commands behind each published figure.
import { Command } from 'commander';
import { benchFold } from './fold.ts';
import { benchHistory } from './history.ts';
import { benchIngest } from './ingest.ts';
import { benchLatency } from './latency.ts';
import { benchReplay } from './replay.ts';
import { benchWire } from './wire.ts';
import { machine } from './report.ts';
import { printWallboardBench } from './wallboard.ts';

const program = new Command('bench')
  .argument('[which...]', 'fold, ingest, latency, wire, wallboard, history, replay (default: the first three)')
  .option('--agents <n>', 'fold, ingest, latency, replay: agents on the floor (default 1000; 200 for latency)')
  .option('--queues <n>', 'fold, replay: queues', '20')
  .option('--hours <n>', 'fold, replay: simulated hours', '8')
  .option('--rate <n>', 'latency: events per second', '500')
  .option('--seconds <n>', 'latency: how long to write; wallboard: how long to watch (default 180)')
  .option('--clients <n>', 'latency: socket.io clients, in a separate process', '1')
  .option('--client-processes <n>', 'latency: processes the clients are spread over', '1')
  .option('--agent-screens <n>', 'latency: how many of the clients are agent desktops (the rest are wall screens)', '0')
  .option('--lanes', "latency: the clients ask for the two lanes (patch) instead of today's updates")
  .option('--skim', 'latency: only the timed clients (every 20th) parse updates; the rest read just the cursor')
  .option('--events <n>', 'ingest: events in the stream', '200000')
  .option('--rounds <n>', 'ingest: rounds of bare drain and Floorboard ingest, alternating', '3')
  .parse();
const which: string[] = program.args.length ? program.args : ['fold', 'ingest', 'latency'];
const o = program.opts<Record<string, string>>();

console.log(`machine: ${machine()}`);
if (which.includes('fold')) await benchFold(Number(o.agents ?? 1000), Number(o.queues), Number(o.hours));
if (which.includes('ingest')) await benchIngest(Number(o.events), Number(o.agents ?? 1000), Number(o.rounds));
if (which.includes('latency')) {
  await benchLatency(Number(o.rate), Number(o.seconds ?? 20), {
    clients: Number(o.clients),
    processes: Number(o.clientProcesses),
    skim: Boolean(o.skim),
    floorAgents: o.agents === undefined ? 200 : Number(o.agents),
    agentScreens: Number(o.agentScreens),
    lanes: Boolean(o.lanes),
  });
}
if (which.includes('wire'))
  benchWire(o.agents === undefined ? 2000 : Number(o.agents), Number(o.rate), Number(o.seconds ?? 20));
if (which.includes('history')) await benchHistory(Number(o.agents ?? 1000), Number(o.queues));
if (which.includes('replay')) await benchReplay(Number(o.agents ?? 1000), Number(o.queues), Number(o.hours));
if (which.includes('wallboard')) await printWallboardBench(Number(o.seconds ?? 180));
