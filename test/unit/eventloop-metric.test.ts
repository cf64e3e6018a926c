// floorboard_eventloop_block_seconds: the longest event-loop block since the previous scrape.
import { expect, it } from 'vitest';
import { NodeMetrics } from '../../server/metrics.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

async function scrape(metrics: NodeMetrics): Promise<number> {
  const line = (await metrics.text()).split('\n').find((l) => l.startsWith('floorboard_eventloop_block_seconds '));
  return Number(line!.split(' ')[1]);
}

it('reports a 150 ms block in the interval it happened in, and not in the next', async () => {
  const metrics = new NodeMetrics({
    stats: () => ({ folded: 0, duplicates: 0, anomalies: 0 }),
    consumer: () => ({ redis: 'up', lagMs: 0 }),
    checkpointSavedAt: () => 0,
    leaseHeld: () => false,
  });
  await sleep(50); // the sampler measures from its first tick
  await scrape(metrics); // a new interval starts here
  setTimeout(() => block(150), 20);
  await sleep(100 + 150);
  const blocked = await scrape(metrics);
  // The sampler ticks every 10 ms and reports its delay beyond the tick: the block's 150 ms less up to one tick
  // (140–150 ms), plus whatever else the shared machine delayed it by.
  expect(blocked).toBeGreaterThanOrEqual(0.135);
  expect(blocked).toBeLessThan(0.5);
  await sleep(100);
  // An idle 100 ms: only scheduling noise, far below the block.
  expect(await scrape(metrics)).toBeLessThan(0.1);
});
