// `npm run erlang`: the Erlang C staffing calculator of CONTRACT §5. Bad arguments exit 2, as the contract requires.
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import {
  DEFAULT_SL_TARGET,
  StaffingInputError,
  staffing,
  type StaffingInput,
  type StaffingResult,
} from '../../shared/erlang.ts';

const EXIT_BAD_ARGUMENTS = 2;

/** How each field of StaffingInput is spelled on the command line, so validation errors name the flag typed. */
const FLAGS: Record<string, string> = {
  calls: '--calls',
  intervalSec: '--interval',
  ahtSec: '--aht',
  agents: '--agents',
  thresholdSec: '--threshold',
  target: '--target',
  maxOccupancy: '--max-occupancy',
  shrinkage: '--shrinkage',
  trafficErlangs: 'the traffic (--calls × --aht / --interval)',
};

function number(value: string): number {
  const n = Number(value);
  // Number('') is 0 and Number('Infinity') is finite-looking to nobody; both are typos, not inputs.
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('Expected a number.');
  return n;
}

interface Options {
  calls: number;
  interval: number;
  aht: number;
  agents: number;
  threshold: number;
  target: number;
  maxOccupancy?: number;
  shrinkage?: number;
  json?: boolean;
}

function parseArguments(argv: string[]): Options {
  const program = new Command('erlang')
    .description('Erlang C staffing: service level, ASA and occupancy for a staffing level, and the agents required.')
    .requiredOption('--calls <n>', 'calls offered in the interval', number)
    .requiredOption('--interval <sec>', 'length of the interval in seconds', number)
    .requiredOption('--aht <sec>', 'average handling time in seconds', number)
    .requiredOption('--agents <n>', 'agents staffed', number)
    .requiredOption('--threshold <sec>', 'service-level threshold T in seconds', number)
    .option('--target <fraction>', 'service-level target', number, DEFAULT_SL_TARGET)
    .option('--max-occupancy <fraction>', 'highest occupancy A/N the required agents may have', number)
    .option('--shrinkage <fraction>', 'fraction of paid time agents are unavailable', number)
    .option('--json', 'print one JSON object instead of a table')
    .exitOverride();
  try {
    program.parse(argv);
  } catch (err) {
    // Commander has already printed its message (or the help); only the exit code is ours to decide.
    if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : EXIT_BAD_ARGUMENTS);
    throw err;
  }
  return program.opts<Options>();
}

function percent(x: number | null): string {
  return x === null ? '—' : `${(x * 100).toFixed(2)}%`;
}

/** Percentages the user typed (target, limits) read better without trailing zeros: 80%, 85%, 30%. */
function givenPercent(x: number): string {
  return `${Number((x * 100).toFixed(2))}%`;
}

function table(input: StaffingInput, r: StaffingResult): string {
  const unstable = r.asaSec === null;
  const requirement = [`${givenPercent(input.target ?? DEFAULT_SL_TARGET)} within ${input.thresholdSec} s`];
  if (input.maxOccupancy !== undefined) requirement.push(`occupancy ≤ ${givenPercent(input.maxOccupancy)}`);
  const rows: [string, string][] = [
    ['Traffic', `${r.trafficErlangs.toFixed(2)} Erlangs`],
    ['Agents', String(input.agents)],
    ['Probability of waiting', percent(r.probWait)],
    [`Service level (${input.thresholdSec} s)`, percent(r.serviceLevel)],
    ['Average speed of answer', unstable ? '— (unstable queue)' : `${r.asaSec!.toFixed(1)} s`],
    ['Occupancy', percent(r.occupancy)],
    ['Required agents', `${r.requiredAgents} (${requirement.join(', ')})`],
  ];
  if (input.shrinkage !== undefined) {
    rows.push([`With ${givenPercent(input.shrinkage)} shrinkage`, String(r.requiredAgentsWithShrinkage)]);
  }
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, value]) => label.padEnd(width) + value).join('\n');
}

function main(): void {
  const o = parseArguments(process.argv);
  const input: StaffingInput = {
    calls: o.calls,
    intervalSec: o.interval,
    ahtSec: o.aht,
    agents: o.agents,
    thresholdSec: o.threshold,
    target: o.target,
    maxOccupancy: o.maxOccupancy,
    shrinkage: o.shrinkage,
  };
  let result: StaffingResult;
  try {
    result = staffing(input);
  } catch (err) {
    if (!(err instanceof StaffingInputError)) throw err;
    const name = FLAGS[err.field] ?? err.field;
    process.stderr.write(`error: ${name} must be ${err.requirement}, got ${String(err.value)}\n`);
    process.exit(EXIT_BAD_ARGUMENTS);
  }
  if (input.agents <= result.trafficErlangs) {
    process.stderr.write(
      `warning: unstable queue: ${input.agents} agents for ${result.trafficErlangs.toFixed(2)} Erlangs of traffic; ` +
        `calls would wait without bound (stability needs more agents than Erlangs)\n`,
    );
  }
  process.stdout.write(`${o.json ? JSON.stringify(result) : table(input, result)}\n`);
}

main();
