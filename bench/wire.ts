// Bytes on the wire to one wall screen (every queue and agent), today's protocol against the two lanes, on the
// same simulated floor and clock: no sockets and no timers, so the shared machine's load cannot skew it. Today's
// updates are planned as the tick plans them (every 250 ms while anything changes); the lanes as the tick plans
// them (the live lane 50 ms after a folded batch, and on each 250-ms tick; the window lane once a second).
import { simulate } from '../agent-sim/floor.ts';
import { createState, foldLimits } from '../server/engine/index.ts';
import { LiveModel } from '../server/live.ts';
import { LanePlanner, LIVE_COALESCE_MS, WINDOW_EVERY_MS } from '../server/realtime/lanes.ts';
import { MIN_INTERVAL_MS, UpdatePlanner } from '../server/realtime/updates.ts';
import { roundForWire } from '../server/realtime/wire.ts';
import { parseConfig } from '../shared/config.ts';
import { header } from './report.ts';

/** The stream is written in a batch every 10 ms (as bench/latency.ts writes it). */
const BATCH_MS = 10;
const WARM_UP_SEC = 30;

export function benchWire(agents: number, ratePerSec: number, seconds: number): void {
  header(
    `wire: bytes to one wall screen, ${agents} agents, ${ratePerSec} events/s, ${seconds} s after ${WARM_UP_SEC} s`,
  );
  const config = parseConfig({ timezone: 'UTC' });
  const live = new LiveModel(createState(config), foldLimits(config));
  const t0 = Date.UTC(2026, 10, 27, 9, 0, 0);
  const events = simulate({ agents, queues: 5, rate: 40, seed: 3, curve: 'flat' }, t0);
  const updates = new UpdatePlanner();
  const lanes = new LanePlanner();
  const extras = { stale: null, bulletins: [], alerts: [] };
  const sent = { update: { bytes: 0, n: 0 }, live: { bytes: 0, n: 0 }, window: { bytes: 0, n: 0 } };
  const count = (kind: keyof typeof sent, message: unknown) => {
    if (message === null) return;
    sent[kind].bytes += JSON.stringify(message).length;
    sent[kind].n++;
  };
  const perBatch = Math.max(1, Math.round((ratePerSec * BATCH_MS) / 1000));
  const end = t0 + (WARM_UP_SEC + seconds) * 1000;
  let i = 0;
  let nextTick = t0;
  let livePending = false;
  for (let now = t0; now < end; now += BATCH_MS) {
    for (let k = 0; k < perBatch; k++, i++) live.fold(`${now}-${i}`, { ...events.next().value!, ts: now });
    livePending = true;
    const measuring = now >= t0 + WARM_UP_SEC * 1000;
    // The lanes start with the first screen, at the end of the warm-up (their baseline is its snapshot).
    if (measuring) lanes.snapshot(() => live.snapshot(now));
    if (measuring && livePending && now >= lanes.lastLiveAt + LIVE_COALESCE_MS) {
      count('live', lanes.live(live.view(now), extras, now));
      livePending = false;
    }
    if (now < nextTick) continue;
    nextTick = now + MIN_INTERVAL_MS;
    const view = live.view(now);
    if (measuring) count('live', lanes.live(view, extras, now));
    if (measuring && now >= lanes.windowDueAt) count('window', lanes.window(view, now));
    if (!updates.isDue(live.state, now)) continue;
    const update = { ...updates.plan(live.state, view, now), stale: null, alerts: [] };
    if (measuring) count('update', roundForWire(update));
  }
  const kbs = (bytes: number) => `${(bytes / seconds / 1024).toFixed(1)} KB/s`;
  const lanesBytes = sent.live.bytes + sent.window.bytes;
  console.log(
    `today (update)    ${kbs(sent.update.bytes)}: ${sent.update.n} updates of ${(sent.update.bytes / Math.max(1, sent.update.n) / 1024).toFixed(1)} KB`,
  );
  console.log(
    `two lanes         ${kbs(lanesBytes)}: live ${kbs(sent.live.bytes)} in ${sent.live.n} patches, window ${kbs(sent.window.bytes)} in ${sent.window.n} (at most one a second: ${WINDOW_EVERY_MS} ms)`,
  );
  console.log(`ratio             ${(sent.update.bytes / Math.max(1, lanesBytes)).toFixed(1)} × fewer bytes per screen`);
}
