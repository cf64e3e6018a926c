// The tick pipeline (server/tick.ts, issue 12): every 250 ms the view is taken and the alerts evaluated, due or not;
// an update goes out when the state changed, an alert changed or 5 s passed, and a folded batch brings the next
// tick forward instead of waiting for the 250-ms phase.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../shared/config.ts';
import type { AlertChange } from '../../shared/alerts.ts';
import type { Update } from '../../shared/snapshot.ts';
import type { AlertService } from '../../server/alerts/service.ts';
import type { BulletinService } from '../../server/bulletins/service.ts';
import { createState, foldLimits } from '../../server/engine/index.ts';
import { LiveModel } from '../../server/live.ts';
import { LanePlanner } from '../../server/realtime/lanes.ts';
import { Tick } from '../../server/tick.ts';

const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);
const config = parseConfig({ timezone: 'Asia/Shanghai' });

let tick: Tick;
let evaluated: number[];
let published: { at: number; update: Update }[];
let nextChanges: AlertChange[];

function start(): LiveModel {
  const live = new LiveModel(createState(config), foldLimits(config));
  // Only what the tick calls: the alert service evaluates (recording when) and the bulletins never change.
  const alerts = {
    tick: (_view: unknown, now: number) => {
      evaluated.push(now - T0);
      const changes = nextChanges;
      nextChanges = [];
      return changes;
    },
    active: () => [],
  } as unknown as AlertService;
  const bulletins = { version: () => 0, active: () => [] } as unknown as BulletinService;
  tick = new Tick({
    live,
    alerts,
    bulletins,
    sink: {
      hasUpdateClients: true,
      hasLaneClients: false,
      publish: (update) => void published.push({ at: Date.now() - T0, update }),
      publishPatch: () => undefined,
    },
    lanes: new LanePlanner(),
    log: { warn: () => undefined } as never,
  });
  return live;
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
  evaluated = [];
  published = [];
  nextChanges = [];
});
afterEach(() => {
  tick.close();
  vi.useRealTimers();
});

describe('tick', () => {
  it('evaluates alerts every 250 ms; sends only what is due (first update, then the 5-s heartbeat)', () => {
    start();
    vi.advanceTimersByTime(5_300);
    // Ticks at 250, 500, … 5 250: 21 evaluations. Updates: the first one at 250 (nothing sent yet), then nothing
    // changed until 5 s after it: 250 + 5 000 = 5 250.
    expect(evaluated).toEqual(Array.from({ length: 21 }, (_, i) => 250 * (i + 1)));
    expect(published.map((p) => p.at)).toEqual([250, 5_250]);
  });

  it('an alert change forces an update at that tick', () => {
    start();
    vi.advanceTimersByTime(1_000); // ticks at 250 (sent), 500, 750, 1 000
    nextChanges = [{ kind: 'resolved', alert: { id: 'x' } } as unknown as AlertChange];
    vi.advanceTimersByTime(250); // tick at 1 250 sees the change
    expect(published.map((p) => p.at)).toEqual([250, 1_250]);
    expect(published[1]!.update.alerts).toEqual([{ id: 'x' }]);
  });

  it('a folded batch after a quiet spell goes out at once, not at the next 250-ms tick', () => {
    const live = start();
    vi.advanceTimersByTime(1_130); // last tick at 1 000; the next would be at 1 250
    live.fold(`${T0}-0`, { id: 'e1', type: 'agent.login', ts: T0, agentId: 'a1' });
    tick.folded(); // the consumer's batchDone: the last update (250) is more than 250 ms old → now
    vi.advanceTimersByTime(0);
    expect(published.map((p) => p.at)).toEqual([250, 1_130]);
  });

  it('a folded batch soon after an update waits until 250 ms after it (trailing edge)', () => {
    const live = start();
    vi.advanceTimersByTime(300); // sent at 250
    live.fold(`${T0}-0`, { id: 'e1', type: 'agent.login', ts: T0, agentId: 'a1' });
    tick.folded(); // due at 250 + 250 = 500
    vi.advanceTimersByTime(199);
    expect(published.map((p) => p.at)).toEqual([250]);
    vi.advanceTimersByTime(1);
    expect(published.map((p) => p.at)).toEqual([250, 500]);
  });
});
