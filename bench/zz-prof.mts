import { simulate } from '../agent-sim/floor.ts';
import { defaultRate } from '../agent-sim/options.ts';
import { parseConfig } from '../shared/config.ts';
import { createState, fold } from '../server/engine/index.ts';
const agents = Number(process.argv[2] ?? 1000), hours = Number(process.argv[3] ?? 4);
const start = Date.UTC(2026, 10, 27, 0, 0, 0);
const events = [...simulate({ agents, queues: agents >= 10000 ? 50 : 20, rate: defaultRate(agents), seed: 1, curve: 'flat', durationSec: hours * 3600, timezone: 'UTC' }, start)];
for (let r = 0; r < 3; r++) {
  const s = createState(parseConfig({ timezone: 'UTC' }));
  const t0 = performance.now();
  for (const e of events) fold(s, e);
  const ms = performance.now() - t0;
  console.log(r, Math.round(events.length / ms * 1000), 'ev/s');
}
