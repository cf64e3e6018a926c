// One judge for every screen: the console's and agent view's colours equal the wall's at the threshold edges, and
// a caller's wait is judged by its queue's own T unless a board configures a rule.
import { describe, expect, it } from 'vitest';
import { DEFAULT_BOARD, thresholdsSchema, type ThresholdMetric } from '../../shared/boards.ts';
import type { CenterView, QueueView } from '../../shared/snapshot.ts';
import { judgeMetric, judgeServiceLevel } from '../../wallboard/src/console/judge.ts';
import { centerWaitThresholdSec, judge, ruleFor } from '../../wallboard/src/lib/thresholds.ts';

const wall = (
  metric: ThresholdMetric,
  value: number,
  queue?: { id: string; slTarget: number; slThresholdSec: number },
) =>
  judge(
    metric,
    value,
    ruleFor(DEFAULT_BOARD.thresholds, metric, queue?.id ?? null, queue?.slTarget, queue?.slThresholdSec),
  );

describe('the console and the wall agree', () => {
  // Values on both sides of each built-in bound, and those that round onto it (the wall shows whole % and seconds).
  const edges: [ThresholdMetric, number[]][] = [
    ['asaSec', [29.6, 30, 30.4, 30.5, 31, 59.9, 60.4, 60.5, 61]],
    ['ahtSec', [100, 400]],
    ['abandonRate', [0.0449, 0.05, 0.0504, 0.0549, 0.0551, 0.1, 0.1049, 0.105]],
    ['occupancy', [0.8951, 0.9, 0.9049, 0.905, 0.9449, 0.95, 0.9549, 0.955]],
    ['csat', [3.44, 3.45, 3.5, 3.94, 3.95, 4, 4.04]],
    ['qa', [74.4, 74.5, 75, 84.4, 84.5, 85]],
  ];
  for (const [metric, values] of edges) {
    it(`${metric}: same verdict on both screens`, () => {
      for (const v of values) expect([v, judgeMetric(metric, v)]).toEqual([v, wall(metric, v)]);
    });
  }

  it('judges the value as the wall shows it: 30.4 s is 0:30 and green, 90.49 % is 90 % and green', () => {
    expect(judgeMetric('asaSec', 30.4)).toBe('good');
    expect(judgeMetric('occupancy', 0.9049)).toBe('good');
    expect(judgeMetric('abandonRate', 0.0504)).toBe('good');
    expect(judgeMetric('asaSec', 30.5)).toBe('warn');
  });

  it('service level against the queue target, on whole points, on both screens', () => {
    const q = { id: 'sales', slTarget: 0.8, slThresholdSec: 20 };
    for (const sl of [0.7449, 0.745, 0.7499, 0.75, 0.7949, 0.795, 0.8]) {
      expect([sl, judgeServiceLevel(sl, 0.8)]).toEqual([sl, wall('serviceLevel', sl, q)]);
    }
  });
});

describe('waiting time is judged by the queue’s own T', () => {
  const sales = { id: 'sales', slTarget: 0.8, slThresholdSec: 20 };

  it('green up to T, amber up to 2T, red beyond, on the wall and in the console', () => {
    for (const [wait, status] of [
      [20, 'good'],
      [20.4, 'good'],
      [21, 'warn'],
      [40, 'warn'],
      [41, 'bad'],
      [57, 'bad'],
    ] as const) {
      expect([wait, wall('longestWaitSec', wait, sales)]).toEqual([wait, status]);
      expect([wait, judgeMetric('longestWaitSec', wait, sales)]).toEqual([wait, status]);
    }
    // A queue with a 60 s threshold: a caller at 0:57 is still green.
    expect(wall('longestWaitSec', 57, { ...sales, slThresholdSec: 60 })).toBe('good');
  });

  it('a configured rule wins over the derived one: the board’s default, then the queue’s own', () => {
    const t = thresholdsSchema.parse({
      default: { longestWaitSec: { amber: 60, red: 120 } },
      queues: { vip: { longestWaitSec: { amber: 10, red: 15 } } },
    });
    expect(judge('longestWaitSec', 57, ruleFor(t, 'longestWaitSec', 'sales', 0.8, 20))).toBe('good');
    expect(judge('longestWaitSec', 12, ruleFor(t, 'longestWaitSec', 'vip', 0.8, 20))).toBe('warn');
  });

  it('the centre’s longest wait is judged by the T of the queue its longest caller waits in', () => {
    const queue = (id: string, slThresholdSec: number, oldestWaitingTs: number | null) =>
      ({ id, slThresholdSec, oldestWaitingTs }) as QueueView;
    const center = { oldestWaitingTs: 1000 } as CenterView;
    expect(centerWaitThresholdSec(center, [queue('a', 20, 5000), queue('b', 45, 1000)])).toBe(45);
    // No queue's oldest caller matches (an update in between): the strictest T.
    expect(centerWaitThresholdSec(center, [queue('a', 20, 5000), queue('b', 45, 6000)])).toBe(20);
    expect(centerWaitThresholdSec(center, [])).toBeUndefined();
  });
});
